/**
 * `npm run drill [-- --short] [name …]`: the fault drills one after another on one private stack (PostgreSQL,
 * Temporal dev server, SMTP, API, worker process), the versioning drill on a stack of its own with the real Temporal
 * server. Exits non-zero when any drill lost or doubled anything.
 * Names: kill-worker, restart-temporal, smtp-outage, postgres-outage, fuzz, versioning (default: all).
 */
import { fuzzDrill } from './fuzz';
import { killWorkerDrill } from './kill-worker';
import { postgresOutageDrill } from './postgres-outage';
import { restartTemporalDrill } from './restart-temporal';
import { isShort, runDrills } from './run';
import { smtpOutageDrill } from './smtp-outage';
import { versioningDrill } from './versioning';

const all = [
  killWorkerDrill,
  restartTemporalDrill,
  smtpOutageDrill,
  postgresOutageDrill,
  fuzzDrill,
  versioningDrill,
];
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !all.some((d) => d.name === n));
if (unknown.length) {
  console.error(`unknown drill(s): ${unknown.join(', ')}; known: ${all.map((d) => d.name).join(', ')}`);
  process.exit(2);
}
void runDrills(names.length ? all.filter((d) => names.includes(d.name)) : all, isShort());
