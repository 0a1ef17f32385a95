/**
 * `npm run drill -- --cluster [--count N] [--short]`: the fault drill on the production topology. The cluster is
 * started by the same modules as `npm run cluster` (scripts/cluster) on a private stack; N full lifecycles
 * (default 500; --short 10) run through the load balancer as the other drills drive them, and meanwhile, one after
 * another: a worker, an API replica and Temporal's history service are SIGKILLed and started again, and PostgreSQL
 * (the product's database and Temporal's) is stopped and started again. Then the usual verdict (verify.ts): every
 * signal complete, nothing twice, nothing lost. Exits non-zero on any problem.
 */
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { ExitSupervisor, clusterTemporal, startClusterProduct, type ClusterProduct } from './cluster-product';
import { keepRunningHistories } from './evidence';
import { driveSignal } from './lifecycle';
import { logLine, pool, progressLine, sleep } from './run';
import { startStack, type Stack } from './stack';
import { percentile } from '../bench/stats';
import { verifyClosedSignals, type Verdict } from './verify';

export interface ClusterDrillOptions {
  count: number;
  short: boolean;
}

/** One fault: what broke, when, and how long until the part served again. */
interface FaultRecord {
  name: string;
  atSecond: number;
  accepted: number;
  closed: number;
  downSeconds: number;
}

interface Fault {
  name: string;
  /** Breaks the part and brings it back; resolves once it serves again. */
  run(): Promise<void>;
}

/** The faults, in turn: a worker, an API replica, the history service (each SIGKILL), then PostgreSQL restarted. */
function faultsOf(product: ClusterProduct, stack: Stack, short: boolean): Fault[] {
  // How long a killed part stays dead before it is started (a platform restarts a crashed container after a few
  // seconds); the start itself takes seconds more.
  const deadMs = short ? 2_000 : 5_000;
  const postgresDownMs = short ? 8_000 : 20_000;
  const kill = (service: { kill(): Promise<void>; start(): Promise<void> }) => async () => {
    await service.kill();
    await sleep(deadMs);
    await service.start();
  };
  return [
    { name: 'SIGKILL worker 1', run: kill(product.replicas.workers[0]!) },
    { name: 'SIGKILL API replica 1', run: kill(product.replicas.apis[0]!.process) },
    { name: 'SIGKILL Temporal history', run: kill(product.temporalCluster.services.history) },
    {
      name: `restart PostgreSQL (${postgresDownMs / 1000} s down)`,
      async run() {
        await stack.stopPostgres();
        await sleep(postgresDownMs);
        await stack.startPostgres();
      },
    },
  ];
}

/** 127.x.y.z on loopback, one per ministry contact: their pages' budget per address stays as shipped. */
export function contactAddress(signalIndex: number, ministryCode: string): string {
  const n = signalIndex * 2 + (ministryCode === 'JenV' ? 0 : 1);
  const host = Math.floor(n / 254);
  return `127.${1 + Math.floor(host / 256)}.${host % 256}.${(n % 254) + 1}`;
}

export async function runClusterDrill(options: ClusterDrillOptions): Promise<Verdict> {
  const began = Date.now();
  const seconds = (): number => Math.round((Date.now() - began) / 1000);
  const { count, short } = options;
  logLine(
    `cluster drill: ${count} lifecycles through the load balancer; a worker, an API replica and the history service ` +
      'SIGKILLed in turn, PostgreSQL restarted once',
  );
  const supervisor = new ExitSupervisor(logLine);
  const temporal = await clusterTemporal(supervisor);
  const stack = await startStack({ log: logLine, temporal: temporal.start });
  let product: ClusterProduct | undefined;
  const verdict: Verdict = { problems: [], figures: {} };
  try {
    product = await startClusterProduct(stack, temporal.current(), { supervisor });
    const pids = product.processes().map((p) => `${p.name} ${p.pid()}`);
    logLine(`cluster up in ${seconds()} s at ${product.apiUrl}: ${pids.join(', ')}`);
    const startedAt = Date.now();

    const faults = faultsOf(product, stack, short);
    const records: FaultRecord[] = [];
    const retries = new Map<string, number>();
    const durations: number[] = [];
    let accepted = 0;
    let closed = 0;
    let chain = Promise.resolve();
    let nextFault = 0;
    // Fault k once (k + 1) fifths of the signals were accepted: workflows are then in every stage of their lives.
    const maybeBreak = (): void => {
      while (nextFault < faults.length && accepted >= Math.ceil(((nextFault + 1) * count) / 5)) {
        const fault = faults[nextFault++]!;
        chain = chain.then(async () => {
          const at = Date.now();
          const record = { name: fault.name, atSecond: seconds(), accepted, closed, downSeconds: 0 };
          logLine(`${fault.name} (${accepted} accepted, ${closed} closed) …`);
          await fault.run();
          record.downSeconds = Math.round((Date.now() - at) / 100) / 10;
          records.push(record);
          logLine(`${fault.name}: serving again after ${record.downSeconds} s`);
        });
      }
    };
    const ticker = setInterval(
      () =>
        progressLine(
          `${closed}/${count} signals closed, ${accepted} accepted, ${records.length} faults done`,
        ),
      1_000,
    );
    const { results, errors } = await pool(count, short ? 10 : 25, async (i) => {
      const start = Date.now();
      const signal = await driveSignal(product!, i, {
        stepTimeoutMs: 600_000,
        contactAddress,
        onRetry: (step, outcome) => {
          const key = `${step}: ${outcome}`;
          retries.set(key, (retries.get(key) ?? 0) + 1);
        },
        onStep: (_signal, step) => {
          if (step === 'accepted') {
            accepted += 1;
            maybeBreak();
          }
          return Promise.resolve();
        },
      });
      durations.push((Date.now() - start) / 1000);
      closed += 1;
      return signal;
    });
    clearInterval(ticker);
    await chain;
    const lifecycleSeconds = Math.round((Date.now() - startedAt) / 1000);
    logLine(`${results.length}/${count} signals closed in ${lifecycleSeconds} s; verifying …`);
    const judged = await verifyClosedSignals(product, results, product.nondeterminism, {
      allowRedeliveryAfterKill: true,
    });
    verdict.problems.push(...errors.map((e) => `lost: ${e}`), ...judged.problems);
    if (records.length < faults.length)
      verdict.problems.push(`only ${records.length} of ${faults.length} faults happened`);
    if (product.unexpectedExits.length)
      logLine(`processes that exited on their own: ${product.unexpectedExits.join(', ')}`);
    const sorted = [...durations].sort((a, b) => a - b);
    Object.assign(verdict.figures, judged.figures, {
      signalsNotClosed: count - results.length,
      lifecycleSeconds,
      lifecycleP50Seconds: Math.round(percentile(sorted, 50)),
      lifecycleP95Seconds: Math.round(percentile(sorted, 95)),
      lifecycleMaxSeconds: Math.round(sorted.at(-1) ?? 0),
      clientRetries: [...retries.values()].reduce((a, b) => a + b, 0),
      unexpectedExits: product.unexpectedExits.length,
    });
    report({
      options,
      records,
      retries,
      verdict,
      unexpectedExits: product.unexpectedExits,
      seconds: seconds(),
    });
    if (verdict.problems.length > 0) await keepRunningHistories(product, logLine);
  } catch (error) {
    verdict.problems.push(
      `the drill itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    await product?.stop().catch(() => undefined);
    await stack.stop(); // the Temporal cluster (the stack's Temporal), then PostgreSQL
  }
  return verdict;
}

/** The verdict, and the figures as Markdown for docs/drills.md (the results there are added by hand). */
function report(run: {
  options: ClusterDrillOptions;
  records: FaultRecord[];
  retries: Map<string, number>;
  verdict: Verdict;
  unexpectedExits: string[];
  seconds: number;
}): void {
  const { verdict } = run;
  const figures = Object.entries(verdict.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  if (verdict.problems.length) {
    logLine(`✗ cluster drill FAILED in ${run.seconds} s: ${figures}`);
    for (const problem of verdict.problems.slice(0, 30)) logLine(`    ${problem}`);
    if (verdict.problems.length > 30) logLine(`    … and ${verdict.problems.length - 30} more`);
  } else {
    logLine(`✓ cluster drill passed in ${run.seconds} s: ${figures}`);
  }
  const memory = sh('free', ['-m']);
  const lines = [
    '',
    `machine: nproc ${sh('nproc', [])}, load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}; free -m:`,
    ...memory.split('\n').map((l) => `    ${l}`),
    '',
    '| fault | at (s) | accepted | closed | until serving again (s) |',
    '| --- | --- | --- | --- | --- |',
    ...run.records.map(
      (r) => `| ${r.name} | ${r.atSecond} | ${r.accepted} | ${r.closed} | ${r.downSeconds} |`,
    ),
    '',
    '| failed attempts clients retried (step: outcome) | count |',
    '| --- | --- |',
    ...[...run.retries].sort((a, b) => b[1] - a[1]).map(([what, n]) => `| ${what} | ${n} |`),
    '',
    `processes that exited on their own and were started again: ${run.unexpectedExits.join(', ') || 'none'}`,
  ];
  for (const line of lines) process.stdout.write(`${line}\n`);
}

function sh(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'n/a';
  }
}
