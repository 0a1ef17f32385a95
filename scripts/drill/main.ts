/**
 * `npm run drill [-- --short] [name …]`: the fault drills one after another on one private stack (PostgreSQL,
 * Temporal dev server, SMTP, API, worker process). Exits non-zero when any drill lost or doubled anything.
 * Names: kill-worker, restart-temporal, smtp-outage, postgres-outage, fuzz, versioning (default: all); the
 * versioning drill runs on a stack of its own with the real Temporal server.
 *
 * `npm run drill -- --cluster [--count N] [--short]`: the cluster drill instead (cluster-faults.ts): the production
 * topology, N lifecycles (default 500; --short 10), a worker, an API replica and the history service killed in
 * turn, PostgreSQL restarted once.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runClusterDrill } from './cluster-faults';
import { fuzzDrill } from './fuzz';
import { killWorkerDrill } from './kill-worker';
import { postgresOutageDrill } from './postgres-outage';
import { restartTemporalDrill } from './restart-temporal';
import { isShort, runDrills } from './run';
import { smtpOutageDrill } from './smtp-outage';
import { versioningDrill } from './versioning';

const args = process.argv.slice(2);

/** `--count 10` or `--count=10`; undefined when absent. */
export function countOption(argv: string[]): number | undefined {
  const index = argv.findIndex((a) => a === '--count' || a.startsWith('--count='));
  if (index === -1) return undefined;
  const value = Number(argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1]);
  if (!Number.isInteger(value) || value < 1)
    throw new Error('--count needs a whole number of lifecycles, ≥ 1');
  return value;
}

// The real Temporal server, built once from the Go module proxy (instant when it is there). HAProxy is checked
// where it starts, with the command that installs it.
const ensureTemporalServer = (): void => {
  execFileSync('bash', [path.join(__dirname, '..', 'ensure-temporal-server.sh')], { stdio: 'inherit' });
};

if (args.includes('--cluster')) {
  const short = isShort(args);
  const count = countOption(args) ?? (short ? 10 : 500);
  ensureTemporalServer();
  runClusterDrill({ count, short }).then(
    (verdict) => {
      process.exitCode = verdict.problems.length ? 1 : 0;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
} else {
  const all = [
    killWorkerDrill,
    restartTemporalDrill,
    smtpOutageDrill,
    postgresOutageDrill,
    fuzzDrill,
    versioningDrill,
  ];
  const names = args.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !all.some((d) => d.name === n));
  if (unknown.length) {
    console.error(`unknown drill(s): ${unknown.join(', ')}; known: ${all.map((d) => d.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = names.length ? all.filter((d) => names.includes(d.name)) : all;
  if (chosen.some((d) => d.stack?.temporal)) ensureTemporalServer();
  void runDrills(chosen, isShort());
}
