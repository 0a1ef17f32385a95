import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { SIGNAL_LIFECYCLE_WORKFLOW } from '../../shared/lifecycle';
import { request } from '../drill/http';
import type { Stack } from '../drill/stack';
import { findFreePort } from '../services/ports';
import { startApiProcess } from './api-process';
import { closedLoop, openLoop, type Operation } from './load';
import { busyCoresBetween, cpuMsOfTree, machineTicks } from './process-cpu';
import { summariseProfile, type ProfileSummary } from './profile';
import type { LatencySummary } from './stats';
import { signalBody, type BenchWorld } from './world';

/** One closed-loop width: the floor and then the API, each for the same seconds. */
export interface ClosedLoopRound {
  width: number;
  floor: { perSecond: number; latency: LatencySummary; cpu: CpuShares };
  api: { perSecond: number; latency: LatencySummary; cpu: CpuShares; starts: StartCounts };
}

export interface SubmitFigures {
  closedLoopSeconds: number;
  /**
   * Throughput is a capacity: each path is measured at several widths and its best counts. At one fixed width
   * the path whose requests spend part of their time outside Temporal (the API: PostgreSQL, HTTP) keeps fewer of
   * them queued at Temporal, and would be measured below its capacity rather than at it.
   */
  closedLoops: ClosedLoopRound[];
  /** The best closed-loop throughput of each path, and the width it came at. */
  floorPerSecond: number;
  floorPeakWidth: number;
  apiPerSecond: number;
  apiPeakWidth: number;
  ratio: number;
  openLoopRate: number;
  openLoopSeconds: number;
  floorOpen: LatencySummary;
  apiOpen: LatencySummary;
  profile?: ProfileSummary & { file: string };
  /** Non-201 answers of the API by status (all phases). */
  apiFailures: Record<number, number>;
  /** Of the signals the API accepted in the open loop: how many had their workflow started within the request. */
  openStarts: StartCounts;
  /** Signals/s of the API's best width counting only those whose workflow started within the request, and its ratio. */
  apiStartedPerSecond: number;
  startedRatio: number;
  /** The machine's CPU per request of each phase, by process: what a submission costs beyond the floor. */
  cpuPerRequest: Record<'floorOpen' | 'apiOpen', CpuShares>;
}

/** CPU ms per request of one phase, by process (from /proc, so the machine's other load does not count). */
export interface CpuShares {
  temporal: number;
  postgres: number;
  api: number;
  /** This benchmark process: the load generator, and for the floor the gRPC client doing the start. */
  loadGenerator: number;
  total: number;
  /** How busy the whole machine was during the phase, in cores (2 = both cores saturated), whoever used them. */
  machineBusyCores: number;
}

export interface StartCounts {
  accepted: number;
  inRequest: number;
  later: number;
  pending: number;
}

/**
 * The API answers 201 even when Temporal does not start the workflow within 3 s (api/workflow/start.ts): the signal
 * is accepted and the reconciler starts it later. A fair comparison with the floor counts only the signals whose
 * workflow started within the request (their workflowStartedAt equals submittedAt: the request's own clock).
 */
export async function startsWithinRequest(databaseUrl: string, from: Date, to: Date): Promise<StartCounts> {
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{
      accepted: string;
      in_request: string;
      later: string;
      pending: string;
    }>(
      `SELECT count(*) AS accepted,
              count(*) FILTER (WHERE "workflowStartedAt" = "submittedAt") AS in_request,
              count(*) FILTER (WHERE "workflowStartedAt" > "submittedAt") AS later,
              count(*) FILTER (WHERE "workflowStartedAt" IS NULL) AS pending
         FROM "Signal" WHERE "submittedAt" >= $1 AND "submittedAt" < $2`,
      [from, to],
    );
    const row = rows[0]!;
    return {
      accepted: Number(row.accepted),
      inRequest: Number(row.in_request),
      later: Number(row.later),
      pending: Number(row.pending),
    };
  } finally {
    await client.end();
  }
}

/**
 * The submit path against its floor, side by side on one Temporal server: `POST /api/v1/signals` through the
 * deployed API process (authentication, validation, idempotency, the transaction, the workflow start) versus a
 * bare `client.workflow.start` of the same workflow from this process. No worker runs meanwhile, so neither side
 * competes with workflow execution for the two cores; started workflows just wait on their task queue.
 */
export async function benchSubmit(
  stack: Stack,
  world: BenchWorld,
  options: {
    seconds: number;
    openSeconds: number;
    rate: number;
    widths: number[];
    profileDir: string;
    progress: (l: string) => void;
    log: (l: string) => void;
  },
): Promise<SubmitFigures> {
  const taskQueue = 'bench-submit'; // no worker polls it: the workflows stay at their first task
  const env = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    SMTP_URL: 'smtp://127.0.0.1:9',
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const client = new Client({ connection });
  const floor: Operation = async (i) => {
    await client.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
      workflowId: `signal-${crypto.randomUUID()}`,
      taskQueue,
      args: [{ signalId: crypto.randomUUID(), organisationCode: world.organisationCodes[i % 10]! }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  };
  const failures = new Map<number, number>();
  const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify(signalBody(i)));
  const apiOperation =
    (url: string, refusals = failures): Operation =>
    async (i) => {
      const res = await request('POST', `${url}/api/v1/signals`, {
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${world.submitterKeys[i % world.submitterKeys.length]}`,
          'idempotency-key': crypto.randomUUID(),
        },
        body: bodies[i % bodies.length]!,
      }).catch(() => ({ status: 0 }));
      if (res.status !== 201) refusals.set(res.status, (refusals.get(res.status) ?? 0) + 1);
      return res.status === 201;
    };

  const cpuNow = (apiPid: number) => {
    const own = process.cpuUsage();
    return {
      temporal: cpuMsOfTree(stack.temporalPid()) ?? 0,
      postgres: cpuMsOfTree(stack.postgresPid()) ?? 0,
      api: cpuMsOfTree(apiPid) ?? 0,
      loadGenerator: (own.user + own.system) / 1000,
    };
  };
  /** Runs a phase and divides each process's CPU over it by the phase's requests. */
  const metered = async <T extends { count: number; errors: number }>(
    apiPid: number,
    phase: () => Promise<T>,
  ): Promise<{ result: T; cpu: CpuShares }> => {
    const before = cpuNow(apiPid);
    const machineBefore = machineTicks();
    const result = await phase();
    const after = cpuNow(apiPid);
    const machineAfter = machineTicks();
    const machineBusyCores = busyCoresBetween(machineBefore, machineAfter);
    const requests = Math.max(1, result.count + result.errors);
    const share = (key: keyof typeof before) =>
      Math.round(((after[key] - before[key]) / requests) * 100) / 100;
    const cpu = {
      temporal: share('temporal'),
      postgres: share('postgres'),
      api: share('api'),
      loadGenerator: share('loadGenerator'),
    };
    const total = Math.round((cpu.temporal + cpu.postgres + cpu.api + cpu.loadGenerator) * 100) / 100;
    return { result, cpu: { ...cpu, total, machineBusyCores } };
  };

  const perRequest = (cpuMs: number, phase: LatencySummary) =>
    Math.round((cpuMs / Math.max(1, phase.count + phase.errors)) * 100) / 100;

  /**
   * BENCH_COMPARE_ROOT=<another checkout> (development aid, not in the report): the same closed and open loop
   * against that checkout's API on the same servers, right after this one's, so a change is measured side by side
   * on a machine whose load varies. Its figures go to the log only.
   */
  const compareWith = async (otherRoot: string, floorPerSecond: number, apiPeakWidth: number) => {
    const other = await startApiProcess({ port: await findFreePort(), env, root: otherRoot });
    try {
      // Its refusals stay out of this run's figures.
      const otherFailures = new Map<number, number>();
      const submitOther = apiOperation(other.url, otherFailures);
      await closedLoop(submitOther, 4, 3, () => undefined);
      const closed = await metered(other.pid, async () => {
        const run = await closedLoop(submitOther, apiPeakWidth, options.seconds, (l) =>
          options.progress(`compared API closed loop: ${l}`),
        );
        return { ...run, count: run.latency.count, errors: run.latency.errors };
      });
      const open = await metered(other.pid, () =>
        openLoop(submitOther, options.rate, options.openSeconds, (l) =>
          options.progress(`compared API at ${options.rate}/s: ${l}`),
        ),
      );
      const c = closed.result;
      const o = open.result;
      options.log(
        `compared API (${otherRoot}): closed loop ${c.perSecond}/s (ratio ${Math.round((c.perSecond / floorPerSecond) * 100) / 100}), p99 ${c.latency.p99} ms, CPU per request ${JSON.stringify(closed.cpu)}; open loop p50 ${o.p50} ms, p99 ${o.p99} ms, errors ${o.errors}, CPU per request ${JSON.stringify(open.cpu)}; answers other than 201: ${JSON.stringify(Object.fromEntries(otherFailures))}`,
      );
    } finally {
      await other.stop();
    }
  };

  const api = await startApiProcess({ port: await findFreePort(), env });
  const submit = apiOperation(api.url);
  try {
    options.log('warming up (JIT, connection pools) …');
    await closedLoop(floor, 4, 3, () => undefined);
    await closedLoop(submit, 4, 3, () => undefined);

    options.log(
      `closed loop at ${options.widths.join(', ')} callers, ${options.seconds} s each: floor, then API at each width`,
    );
    const closedLoops: ClosedLoopRound[] = [];
    for (const width of options.widths) {
      const floorRun = await metered(api.pid, async () => {
        const run = await closedLoop(floor, width, options.seconds, (l) =>
          options.progress(`floor, ${width} callers: ${l}`),
        );
        return { ...run, count: run.latency.count, errors: run.latency.errors };
      });
      const from = new Date();
      const apiRun = await metered(api.pid, async () => {
        const run = await closedLoop(submit, width, options.seconds, (l) =>
          options.progress(`API, ${width} callers: ${l}`),
        );
        return { ...run, count: run.latency.count, errors: run.latency.errors };
      });
      const starts = await startsWithinRequest(stack.databaseUrl, from, new Date());
      closedLoops.push({
        width,
        floor: { perSecond: floorRun.result.perSecond, latency: floorRun.result.latency, cpu: floorRun.cpu },
        api: { perSecond: apiRun.result.perSecond, latency: apiRun.result.latency, cpu: apiRun.cpu, starts },
      });
      options.log(
        `${width} callers: floor ${floorRun.result.perSecond}/s, API ${apiRun.result.perSecond}/s; CPU per request floor ${JSON.stringify(floorRun.cpu)}, API ${JSON.stringify(apiRun.cpu)}`,
      );
    }
    const floorPeak = closedLoops.reduce((a, b) => (b.floor.perSecond > a.floor.perSecond ? b : a));
    const apiPeak = closedLoops.reduce((a, b) => (b.api.perSecond > a.api.perSecond ? b : a));

    options.log(`open loop at ${options.rate} requests/s, ${options.openSeconds} s each: floor, then API`);
    const floorOpenRun = await metered(api.pid, () =>
      openLoop(floor, options.rate, options.openSeconds, (l) =>
        options.progress(`floor at ${options.rate}/s: ${l}`),
      ),
    );
    const floorOpen = floorOpenRun.result;
    const openFrom = new Date();
    const cpuBefore = api.cpuMs();
    const apiOpenRun = await metered(api.pid, () =>
      openLoop(submit, options.rate, options.openSeconds, (l) =>
        options.progress(`API at ${options.rate}/s: ${l}`),
      ),
    );
    const apiOpen = apiOpenRun.result;
    const openCpu = api.cpuMs() - cpuBefore;
    const openStarts = await startsWithinRequest(stack.databaseUrl, openFrom, new Date());
    await api.stop();
    options.log(
      `CPU per request at ${options.rate}/s: floor ${JSON.stringify(floorOpenRun.cpu)}, API ${JSON.stringify(apiOpenRun.cpu)} (API process alone: ${perRequest(openCpu, apiOpen)} ms)`,
    );
    if (process.env.BENCH_COMPARE_ROOT) {
      await compareWith(process.env.BENCH_COMPARE_ROOT, floorPeak.floor.perSecond, apiPeak.width);
    }

    options.log(`CPU profile of the API at ${options.rate} requests/s (node --cpu-prof) …`);
    fs.mkdirSync(options.profileDir, { recursive: true });
    const before = new Set(fs.readdirSync(options.profileDir));
    const profiled = await startApiProcess({
      port: await findFreePort(),
      env,
      cpuProfileDir: options.profileDir,
    });
    await closedLoop(apiOperation(profiled.url), 4, 2, () => undefined);
    const loadStarted = Date.now();
    const profiledLoad = await openLoop(apiOperation(profiled.url), options.rate, options.openSeconds, (l) =>
      options.progress(`profiling: ${l}`),
    );
    const loadEnded = Date.now();
    await profiled.stop();
    // The profile ends when the process exits: count only the open loop's samples (start-up, where module
    // compilation dominates, and the warm-up stay out), so CPU per request is comparable between runs.
    const exited = Date.now();
    const window = { fromEndMs: exited - loadStarted, toEndMs: exited - loadEnded };
    const profiledRequests = profiledLoad.count + profiledLoad.errors;
    // tsx's loader runs in a thread of its own, which writes its own profile: the main thread's is the biggest.
    const written = fs
      .readdirSync(options.profileDir)
      .filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
      .map((f) => path.join(options.profileDir, f))
      .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const file = written[0];
    const profile = file
      ? { ...summariseProfile(file, path.resolve(__dirname, '..', '..'), 15, window), file }
      : undefined;
    if (profile) {
      const perRequest = Math.round((profile.totalMs / Math.max(1, profiledRequests)) * 100) / 100;
      options.log(
        `API CPU in the profiled open loop: ${profile.totalMs} ms over ${profile.windowMs} ms for ${profiledRequests} requests = ${perRequest} ms per request`,
      );
      options.log('top places (self):');
      for (const p of profile.topPlaces) options.log(`  ${p.selfMs} ms  ${p.share} %  ${p.name}`);
      options.log('top functions (self):');
      for (const p of profile.topFunctions) options.log(`  ${p.selfMs} ms  ${p.share} %  ${p.name}`);
      options.log('project functions (inclusive, synchronous part):');
      for (const p of profile.topProjectFunctions) options.log(`  ${p.selfMs} ms  ${p.share} %  ${p.name}`);
    }

    const apiStartedPerSecond = Math.round((apiPeak.api.starts.inRequest / options.seconds) * 10) / 10;
    return {
      closedLoopSeconds: options.seconds,
      closedLoops,
      floorPerSecond: floorPeak.floor.perSecond,
      floorPeakWidth: floorPeak.width,
      apiPerSecond: apiPeak.api.perSecond,
      apiPeakWidth: apiPeak.width,
      ratio: Math.round((apiPeak.api.perSecond / floorPeak.floor.perSecond) * 100) / 100,
      openLoopRate: options.rate,
      openLoopSeconds: options.openSeconds,
      floorOpen,
      apiOpen,
      ...(profile ? { profile } : {}),
      apiFailures: Object.fromEntries(failures),
      openStarts,
      apiStartedPerSecond,
      startedRatio: Math.round((apiStartedPerSecond / floorPeak.floor.perSecond) * 100) / 100,
      cpuPerRequest: {
        floorOpen: floorOpenRun.cpu,
        apiOpen: apiOpenRun.cpu,
      },
    };
  } finally {
    await api.stop();
    await connection.close();
  }
}
