import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Stack } from '../drill/stack';
import { findFreePort } from '../services/ports';
import { startApiProcess } from './api-process';
import { closedLoop, openLoop, type Operation } from './load';
import { cpuMeter, cpuMsOfTree, loadGeneratorCpuMs, type CpuMeter } from './process-cpu';
import { summariseProfile, type ProfileSummary } from './profile';
import type { LatencySummary } from './stats';
import {
  apiSubmit,
  floorStart,
  measureSubmitPath,
  meteredClosedLoop,
  type SubmitLoad,
  type SubmitLoopFigures,
} from './submit-loops';
import type { BenchWorld } from './world';

export interface SubmitFigures extends Omit<SubmitLoopFigures<CpuShares>, 'floorOpen' | 'apiOpen'> {
  floorOpen: LatencySummary;
  apiOpen: LatencySummary;
  profile?: ProfileSummary & { file: string };
  /** Non-201 answers of the API by status (all phases). */
  apiFailures: Record<number, number>;
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

/**
 * The submit path against its floor, side by side on one Temporal server: `POST /api/v1/signals` through the
 * deployed API process (authentication, validation, idempotency, the transaction, the workflow start) versus a
 * bare `client.workflow.start` of the same workflow from this process. No worker runs meanwhile, so neither side
 * competes with workflow execution for the two cores; started workflows just wait on their task queue.
 */
export async function benchSubmit(
  stack: Stack,
  world: BenchWorld,
  options: SubmitLoad & { profileDir: string },
): Promise<SubmitFigures> {
  const taskQueue = 'bench-submit'; // no worker polls it: the workflows stay at their first task
  const env = {
    DATABASE_URL: stack.databaseUrl,
    TEMPORAL_ADDRESS: stack.temporalAddress,
    SMTP_URL: 'smtp://127.0.0.1:9',
    TEMPORAL_TASK_QUEUE: taskQueue,
  };
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const floor = floorStart(new Client({ connection }), taskQueue, world.organisationCodes);
  const failures = new Map<number, number>();
  const apiOperation = (url: string, refusals = failures): Operation =>
    apiSubmit(url, world.submitterKeys, refusals);

  /** Each phase's CPU by process, divided by the phase's requests. */
  const meterFor = (apiPid: number): CpuMeter<CpuShares> => {
    const meter = cpuMeter([
      ['temporal', () => cpuMsOfTree(stack.temporalPid())],
      ['postgres', () => cpuMsOfTree(stack.postgresPid())],
      ['api', () => cpuMsOfTree(apiPid)],
      ['loadGenerator', loadGeneratorCpuMs],
    ]);
    return async (phase) => {
      const { result, cpu } = await meter(phase);
      return { result, cpu: { ...cpu.perProcess, total: cpu.total, machineBusyCores: cpu.machineBusyCores } };
    };
  };

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
      const meter = meterFor(other.pid);
      await closedLoop(submitOther, 4, 3, () => undefined);
      const closed = await meteredClosedLoop(meter, submitOther, apiPeakWidth, options.seconds, (l) =>
        options.progress(`compared API closed loop: ${l}`),
      );
      const open = await meter(() =>
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
  try {
    const loops = await measureSubmitPath<CpuShares>({
      ...options,
      floor,
      api: apiOperation(api.url),
      meter: meterFor(api.pid),
      databaseUrl: stack.databaseUrl,
      warmingUp: 'warming up (JIT, connection pools) …',
      describeCpu: (cpu) => JSON.stringify(cpu),
    });
    await api.stop();
    const { cpu: floorOpenCpu, ...floorOpen } = loops.floorOpen;
    const { cpu: apiOpenCpu, ...apiOpen } = loops.apiOpen;
    options.log(
      `CPU per request at ${options.rate}/s: floor ${JSON.stringify(floorOpenCpu)}, API ${JSON.stringify(apiOpenCpu)}`,
    );
    if (process.env.BENCH_COMPARE_ROOT) {
      await compareWith(process.env.BENCH_COMPARE_ROOT, loops.floorPerSecond, loops.apiPeakWidth);
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

    const apiPeakStarts = loops.closedLoops.find((r) => r.width === loops.apiPeakWidth)!.api.starts;
    const apiStartedPerSecond = Math.round((apiPeakStarts.inRequest / options.seconds) * 10) / 10;
    return {
      ...loops,
      floorOpen,
      apiOpen,
      ...(profile ? { profile } : {}),
      apiFailures: Object.fromEntries(failures),
      apiStartedPerSecond,
      startedRatio: Math.round((apiStartedPerSecond / loops.floorPerSecond) * 100) / 100,
      cpuPerRequest: {
        floorOpen: floorOpenCpu,
        apiOpen: apiOpenCpu,
      },
    };
  } finally {
    await api.stop();
    await connection.close();
  }
}
