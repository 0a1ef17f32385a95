import crypto from 'node:crypto';
import type { Client } from '@temporalio/client';
import { SIGNAL_LIFECYCLE_WORKFLOW } from '../../shared/lifecycle';
import { request } from '../drill/http';
import { closedLoop, openLoop, type Operation } from './load';
import type { CpuMeter } from './process-cpu';
import type { LatencySummary } from './stats';
import { startsWithinRequest, type StartCounts } from './submit-starts';
import { signalBody } from './world';

/**
 * The submit path's measuring loop, one for every topology (the dev server, submit.ts; the cluster,
 * cluster-submit.ts): the floor and the API side by side, closed loop at each width and then open loop at a fixed
 * rate, each phase metered for CPU by whatever processes the topology has.
 */

/** A bare `client.workflow.start` of the signal lifecycle: the floor the API's submit path is measured against. */
export function floorStart(
  client: Client,
  taskQueue: string,
  organisationCodes: readonly string[],
): Operation {
  return async (i) => {
    await client.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
      workflowId: `signal-${crypto.randomUUID()}`,
      taskQueue,
      args: [
        { signalId: crypto.randomUUID(), organisationCode: organisationCodes[i % organisationCodes.length]! },
      ],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  };
}

/**
 * `POST /api/v1/signals` at `url`, spread over the submitters' keys, each with an idempotency key of its own.
 * Answers other than 201 are counted in `refusals` by status (0: no answer).
 */
export function apiSubmit(url: string, keys: readonly string[], refusals: Map<number, number>): Operation {
  const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify(signalBody(i)));
  return async (i) => {
    const res = await request('POST', `${url}/api/v1/signals`, {
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${keys[i % keys.length]}`,
        'idempotency-key': crypto.randomUUID(),
      },
      body: bodies[i % bodies.length]!,
    }).catch(() => ({ status: 0 }));
    if (res.status !== 201) refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
    return res.status === 201;
  };
}

/** A closed loop of `width` callers for `seconds`, metered. */
export function meteredClosedLoop<Cpu>(
  meter: CpuMeter<Cpu>,
  operation: Operation,
  width: number,
  seconds: number,
  progress: (l: string) => void,
): Promise<{ result: { perSecond: number; latency: LatencySummary }; cpu: Cpu }> {
  return meter(async () => {
    const run = await closedLoop(operation, width, seconds, progress);
    return { ...run, count: run.latency.count, errors: run.latency.errors };
  });
}

export interface SubmitPhase<Cpu> {
  perSecond: number;
  latency: LatencySummary;
  cpu: Cpu;
}

/** One closed-loop width: the floor and then the API, each for the same seconds. */
export interface SubmitRound<Cpu> {
  width: number;
  floor: SubmitPhase<Cpu>;
  api: SubmitPhase<Cpu> & { starts: StartCounts };
}

export interface SubmitLoopFigures<Cpu> {
  closedLoopSeconds: number;
  /**
   * Throughput is a capacity: each path is measured at several widths and its best counts. At one fixed width
   * the path whose requests spend part of their time outside Temporal (the API: PostgreSQL, HTTP) keeps fewer of
   * them queued at Temporal, and would be measured below its capacity rather than at it.
   */
  closedLoops: Array<SubmitRound<Cpu>>;
  /** The best closed-loop throughput of each path, and the width it came at. */
  floorPerSecond: number;
  floorPeakWidth: number;
  apiPerSecond: number;
  apiPeakWidth: number;
  ratio: number;
  openLoopRate: number;
  openLoopSeconds: number;
  floorOpen: LatencySummary & { cpu: Cpu };
  apiOpen: LatencySummary & { cpu: Cpu };
  /** Of the signals the API accepted in the open loop: how many had their workflow started within the request. */
  openStarts: StartCounts;
}

/** How long and how hard the submit path is loaded (BENCH_SECONDS, BENCH_OPEN_SECONDS, BENCH_RATE, BENCH_WIDTHS). */
export interface SubmitLoad {
  /** Seconds per closed-loop phase, at each of `widths` concurrent callers. */
  seconds: number;
  widths: number[];
  /** Seconds of the open loop, at `rate` requests per second. */
  openSeconds: number;
  rate: number;
  progress: (l: string) => void;
  log: (l: string) => void;
}

export interface SubmitLoopOptions<Cpu> extends SubmitLoad {
  floor: Operation;
  api: Operation;
  meter: CpuMeter<Cpu>;
  /** The product's database: which accepted signals had their workflow started within the request. */
  databaseUrl: string;
  /** The log line before the warm-up (what it warms). */
  warmingUp: string;
  /** Names the topology in progress and log lines ('cluster'); none on the dev server. */
  label?: string;
  /** A phase's CPU in the log line of each width. */
  describeCpu: (cpu: Cpu) => string;
}

/** Warms both paths up, then runs the floor and the API in a closed loop at each width and in the open loop. */
export async function measureSubmitPath<Cpu>(
  options: SubmitLoopOptions<Cpu>,
): Promise<SubmitLoopFigures<Cpu>> {
  const { floor, api, meter, rate, openSeconds, describeCpu } = options;
  const named = (path: string) => (options.label ? `${options.label} ${path}` : path);

  options.log(options.warmingUp);
  await closedLoop(floor, 4, 3, () => undefined);
  await closedLoop(api, 4, 3, () => undefined);

  options.log(
    `closed loop at ${options.widths.join(', ')} callers, ${options.seconds} s each: floor, then API at each width`,
  );
  const closed = (operation: Operation, width: number, path: string) =>
    meteredClosedLoop(meter, operation, width, options.seconds, (l) =>
      options.progress(`${named(path)}, ${width} callers: ${l}`),
    );
  const closedLoops: Array<SubmitRound<Cpu>> = [];
  for (const width of options.widths) {
    const floorRun = await closed(floor, width, 'floor');
    const from = new Date();
    const apiRun = await closed(api, width, 'API');
    const starts = await startsWithinRequest(options.databaseUrl, from, new Date());
    closedLoops.push({
      width,
      floor: { perSecond: floorRun.result.perSecond, latency: floorRun.result.latency, cpu: floorRun.cpu },
      api: { perSecond: apiRun.result.perSecond, latency: apiRun.result.latency, cpu: apiRun.cpu, starts },
    });
    options.log(
      `${options.label ? `${options.label}, ` : ''}${width} callers: floor ${floorRun.result.perSecond}/s, ` +
        `API ${apiRun.result.perSecond}/s; CPU per request floor ${describeCpu(floorRun.cpu)}, API ${describeCpu(apiRun.cpu)}`,
    );
  }
  const floorPeak = closedLoops.reduce((a, b) => (b.floor.perSecond > a.floor.perSecond ? b : a));
  const apiPeak = closedLoops.reduce((a, b) => (b.api.perSecond > a.api.perSecond ? b : a));

  options.log(`${named('open loop')} at ${rate} requests/s, ${openSeconds} s each: floor, then API`);
  const floorOpen = await meter(() =>
    openLoop(floor, rate, openSeconds, (l) => options.progress(`${named('floor')} at ${rate}/s: ${l}`)),
  );
  const openFrom = new Date();
  const apiOpen = await meter(() =>
    openLoop(api, rate, openSeconds, (l) => options.progress(`${named('API')} at ${rate}/s: ${l}`)),
  );
  const openStarts = await startsWithinRequest(options.databaseUrl, openFrom, new Date());
  return {
    closedLoopSeconds: options.seconds,
    closedLoops,
    floorPerSecond: floorPeak.floor.perSecond,
    floorPeakWidth: floorPeak.width,
    apiPerSecond: apiPeak.api.perSecond,
    apiPeakWidth: apiPeak.width,
    ratio: Math.round((apiPeak.api.perSecond / floorPeak.floor.perSecond) * 100) / 100,
    openLoopRate: rate,
    openLoopSeconds: openSeconds,
    floorOpen: { ...floorOpen.result, cpu: floorOpen.cpu },
    apiOpen: { ...apiOpen.result, cpu: apiOpen.cpu },
    openStarts,
  };
}
