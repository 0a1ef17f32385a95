import crypto from 'node:crypto';
import { createProcessingRegister } from '../../shared/processing-register';
import { createProcessingLog } from '../../activities/processing-log/record';
/**
 * `npm run bench`: the product's speed and scale on this machine, on a private stack (embedded PostgreSQL and a
 * Temporal dev server on free ports, state in a temporary folder), results appended to docs/benchmarks.md.
 *
 *   BENCH_OPEN_SIGNALS   open signals for the scale benchmark (default 500; the full run uses 100000)
 *   BENCH_SENT_TO_MINISTRIES  how many of them are accepted for ministries (default a tenth)
 *   BENCH_SECONDS        seconds per closed-loop phase (default 15); BENCH_OPEN_SECONDS per open-loop phase (20)
 *   BENCH_RATE           requests/s of the open loop (default 50)
 *   BENCH_WIDTHS         closed-loop widths (concurrent callers), comma-separated (default 16,32,64)
 *   BENCH_READ_MODEL_ROWS  read-model size (copied rows) for a second round of list/report reads (default 100000)
 *   BENCH_WRITE_SIGNALS  signals per text size in the signal-row write benchmark (default 2000)
 *   BENCH_RATE_LIMIT_HITS  hits per rate limit store and phase (default 5000)
 *   BENCH_ONLY           comma-separated subset of: submit, scale, clocks, writes, ratelimits
 *
 * `npm run bench -- --cluster`: the submit path on the production topology (cluster-submit.ts: HAProxy, two API
 * replicas, the real Temporal server's services on PostgreSQL) and then on the dev server, in one run, one entry
 * (BENCH_SECONDS, BENCH_OPEN_SECONDS, BENCH_RATE and BENCH_WIDTHS apply to both).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import prettier from 'prettier';
import { createPrismaClient } from '../../prisma/client';
import { startStack, type Stack } from '../drill/stack';
import { benchClocks } from './clocks';
import { benchClusterSubmit, type ClusterSubmitFigures } from './cluster-submit';
import { benchRateLimitStores } from './rate-limits';
import {
  clockSection,
  clusterSubmitSection,
  machineSection,
  rateLimitSection,
  scaleSection,
  signalWritesSection,
  submitSection,
} from './report';
import { benchScale } from './scale';
import { benchSignalWrites } from './signal-writes';
import { benchSubmit } from './submit';
import { seedBenchWorld } from './world';

const root = path.resolve(__dirname, '..', '..');
const started = Date.now();
const stamp = (): string => `[bench ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s]`;
let lastPlain = 0;
const log = (line: string): void => {
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  process.stdout.write(`${stamp()} ${line}\n`);
};
const progress = (line: string): void => {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${stamp()} ${line}`);
  else if (Date.now() - lastPlain > 5_000) {
    lastPlain = Date.now();
    process.stdout.write(`${stamp()} ${line}\n`);
  }
};

const numberFrom = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

const numbersFrom = (name: string, fallback: number[]): number[] => {
  const values = (process.env[name] ?? '').split(',').map(Number);
  return values.length > 0 && values.every((v) => Number.isInteger(v) && v > 0) ? values : fallback;
};

async function main(): Promise<void> {
  const cluster = process.argv.slice(2).includes('--cluster');
  const only = new Set(
    (cluster ? 'submit' : (process.env.BENCH_ONLY ?? 'submit,scale,clocks,writes,ratelimits'))
      .split(',')
      .map((s) => s.trim()),
  );
  const openSignals = numberFrom('BENCH_OPEN_SIGNALS', 500);
  const load = os.loadavg();
  const command = [
    ...[
      'BENCH_OPEN_SIGNALS',
      'BENCH_SENT_TO_MINISTRIES',
      'BENCH_READ_MODEL_ROWS',
      'BENCH_SECONDS',
      'BENCH_OPEN_SECONDS',
      'BENCH_RATE',
      'BENCH_WIDTHS',
      'BENCH_WRITE_SIGNALS',
      'BENCH_RATE_LIMIT_HITS',
      'BENCH_ONLY',
    ]
      .filter((name) => process.env[name])
      .map((name) => `${name}=${process.env[name]}`),
    cluster ? 'npm run bench -- --cluster' : 'npm run bench',
  ].join(' ');
  const sections: string[][] = [];
  let stack: Stack | undefined;
  let clusterFigures: ClusterSubmitFigures | undefined;
  const loadLoops = {
    seconds: numberFrom('BENCH_SECONDS', 15),
    openSeconds: numberFrom('BENCH_OPEN_SECONDS', 20),
    rate: numberFrom('BENCH_RATE', 50),
    widths: numbersFrom('BENCH_WIDTHS', [16, 32, 64]),
  };
  try {
    if (cluster) {
      // The real Temporal server, built once from the Go module proxy (instant when it is there).
      execFileSync('bash', [path.join(root, 'scripts', 'ensure-temporal-server.sh')], { stdio: 'inherit' });
      log('submit path on the cluster (HAProxy, two API replicas, Temporal services on PostgreSQL) …');
      clusterFigures = await benchClusterSubmit({ ...loadLoops, progress, log });
      log(
        `cluster submit: API ${clusterFigures.apiPerSecond}/s vs floor ${clusterFigures.floorPerSecond}/s (ratio ${clusterFigures.ratio}); p99 at ${clusterFigures.openLoopRate}/s: API ${clusterFigures.apiOpen.p99} ms`,
      );
      log('then the same on the dev server …');
    }
    if (only.has('submit') || only.has('scale')) {
      stack = await startStack({ log });
      const prisma = createPrismaClient(stack.databaseUrl);
      // The bench's processes each make a secret of their own, so these records' pseudonyms are nobody's to look up.
      const world = await seedBenchWorld(
        prisma,
        createProcessingLog(createProcessingRegister({}, crypto.randomBytes(32).toString('base64url'))),
      );
      if (only.has('submit')) {
        const figures = await benchSubmit(stack, world, {
          ...loadLoops,
          profileDir: path.join(root, '.data', 'bench-profiles'),
          progress,
          log,
        });
        log(
          `submit: API ${figures.apiPerSecond}/s vs floor ${figures.floorPerSecond}/s (ratio ${figures.ratio}); p99 at ${figures.openLoopRate}/s: API ${figures.apiOpen.p99} ms, floor ${figures.floorOpen.p99} ms`,
        );
        if (clusterFigures) sections.push(clusterSubmitSection(clusterFigures, figures));
        sections.push(submitSection(figures));
      }
      if (only.has('scale')) {
        const figures = await benchScale(stack, prisma, world, {
          openSignals,
          ...(process.env.BENCH_SENT_TO_MINISTRIES
            ? { sentToMinistries: numberFrom('BENCH_SENT_TO_MINISTRIES', 1) }
            : {}),
          samples: 60,
          readModelRows: numberFrom('BENCH_READ_MODEL_ROWS', 100_000),
          progress,
          log,
        });
        log(
          `scale: ${figures.openSignals} open; list p95 worst ${Math.max(...figures.list.map((l) => l.latency.p95))} ms; report max ${figures.annualReport.max} ms`,
        );
        sections.push(scaleSection(figures));
      }
      await prisma.$disconnect();
      await stack.stop();
      stack = undefined;
    }
    if (only.has('writes')) {
      const signals = numberFrom('BENCH_WRITE_SIGNALS', 2000);
      log(`signal-row writes: ${signals} signals per text size, before and after the search text moved …`);
      const costs = await benchSignalWrites({ signals, progress });
      for (const c of costs)
        log(
          `writes: ${c.textBytes} bytes, ${c.write}: ${c.beforeMs.toFixed(3)} ms before, ${c.nowMs.toFixed(3)} ms now`,
        );
      sections.push(signalWritesSection(costs, signals));
    }
    if (only.has('ratelimits')) {
      const hits = numberFrom('BENCH_RATE_LIMIT_HITS', 5000);
      log(`rate limit stores: ${hits} hits each, one caller, then 16 at once …`);
      const costs = await benchRateLimitStores({ hits, concurrency: 16, progress });
      for (const c of costs)
        log(
          `rate limits: ${c.store}: ${c.sequentialP50Ms} ms per hit (median) (p99 ${c.sequentialP99Ms}), ${c.concurrentPerSecond}/s at 16`,
        );
      sections.push(rateLimitSection(costs, hits));
    }
    if (only.has('clocks')) {
      log('clock suite: npm run test:clocks …');
      const figures = await benchClocks(progress);
      log(`clocks: ${figures.seconds} s (exit ${figures.exitCode}, ${figures.tests})`);
      sections.push(clockSection(figures));
    }
  } finally {
    await stack?.stop();
  }
  const entry = [
    '',
    `## ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `- command: \`${command}\` (open signals: ${openSignals}${process.env.BENCH_OPEN_SIGNALS ? '' : ', the default; the full run sets BENCH_OPEN_SIGNALS=100000'})`,
    ...machineSection(load),
    '',
    ...sections.flatMap((s) => [...s, '']),
  ].join('\n');
  const file = path.join(root, 'docs', 'benchmarks.md');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      '# Benchmarks\n\nAppended by `npm run bench` (scripts/bench); newest last. See the notes at the top for how to read them.\n',
    );
  }
  fs.appendFileSync(file, entry);
  // The file is committed and `npm run lint` checks it: tables are padded the way Prettier writes them.
  const options = await prettier.resolveConfig(file);
  fs.writeFileSync(
    file,
    await prettier.format(fs.readFileSync(file, 'utf8'), { ...options, filepath: file }),
  );
  log(`results appended to ${path.relative(root, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
