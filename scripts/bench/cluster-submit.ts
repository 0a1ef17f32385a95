import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { SIGNAL_LIFECYCLE_WORKFLOW } from '../../shared/lifecycle';
import {
  ExitSupervisor,
  clusterTemporal,
  startClusterProduct,
  type ClusterProduct,
} from '../drill/cluster-product';
import { request } from '../drill/http';
import { startStack, type Stack } from '../drill/stack';
import { closedLoop, openLoop, type Operation } from './load';
import { busyCoresBetween, cpuMsOfTree, machineTicks } from './process-cpu';
import type { LatencySummary } from './stats';
import { startsWithinRequest, type StartCounts } from './submit';
import { signalBody } from './world';

/**
 * The submit path on the production topology: `POST /api/v1/signals` through HAProxy to two API replicas, against a
 * bare `client.workflow.start` on the same Temporal cluster (frontend, history, matching and worker processes on
 * PostgreSQL), in the same run. As on the dev server (submit.ts) no worker polls the task queue meanwhile: each
 * process's CPU is the submit path's own. The cluster is started by the modules of `npm run cluster`.
 */
export interface ClusterCpu {
  /** CPU ms per request by process name (PostgreSQL with its backends; the load generator is this process). */
  perProcess: Record<string, number>;
  total: number;
  machineBusyCores: number;
}

export interface ClusterPhase {
  perSecond: number;
  latency: LatencySummary;
  cpu: ClusterCpu;
}

export interface ClusterSubmitFigures {
  closedLoopSeconds: number;
  closedLoops: Array<{ width: number; floor: ClusterPhase; api: ClusterPhase & { starts: StartCounts } }>;
  floorPerSecond: number;
  floorPeakWidth: number;
  apiPerSecond: number;
  apiPeakWidth: number;
  ratio: number;
  openLoopRate: number;
  openLoopSeconds: number;
  floorOpen: LatencySummary & { cpu: ClusterCpu };
  apiOpen: LatencySummary & { cpu: ClusterCpu };
  openStarts: StartCounts;
  /** Non-201 answers through the load balancer by status (0: no answer). */
  apiFailures: Record<number, number>;
  /** The processes in the CPU tables' column order. */
  processes: string[];
}

const TASK_QUEUE = 'bench-submit'; // no worker polls it: the workflows stay at their first task

export async function benchClusterSubmit(options: {
  seconds: number;
  openSeconds: number;
  rate: number;
  widths: number[];
  progress: (l: string) => void;
  log: (l: string) => void;
}): Promise<ClusterSubmitFigures> {
  const supervisor = new ExitSupervisor(options.log);
  const temporal = await clusterTemporal(supervisor);
  const stack = await startStack({ log: options.log, temporal: temporal.start });
  let product: ClusterProduct | undefined;
  let connection: Connection | undefined;
  try {
    options.log('starting two API replicas behind HAProxy (no workers: nothing polls the benchmark queue) …');
    product = await startClusterProduct(stack, temporal.current(), {
      supervisor,
      workers: 0,
      taskQueue: TASK_QUEUE,
    });
    connection = await Connection.connect({ address: product.temporalCluster.address });
    return await measure(stack, product, new Client({ connection }), options);
  } finally {
    await connection?.close().catch(() => undefined);
    await product?.stop().catch(() => undefined);
    await stack.stop();
  }
}

async function measure(
  stack: Stack,
  product: ClusterProduct,
  client: Client,
  options: Parameters<typeof benchClusterSubmit>[0],
): Promise<ClusterSubmitFigures> {
  const floor: Operation = async () => {
    await client.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
      workflowId: `signal-${crypto.randomUUID()}`,
      taskQueue: TASK_QUEUE,
      args: [{ signalId: crypto.randomUUID(), organisationCode: 'RIEC-NH' }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  };
  const failures = new Map<number, number>();
  const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify(signalBody(i)));
  const submit: Operation = async (i) => {
    const res = await request('POST', `${product.apiUrl}/api/v1/signals`, {
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${product.keys.submitter}`,
        'idempotency-key': crypto.randomUUID(),
      },
      body: bodies[i % bodies.length]!,
    }).catch(() => ({ status: 0 }));
    if (res.status !== 201) failures.set(res.status, (failures.get(res.status) ?? 0) + 1);
    return res.status === 201;
  };

  // Every process of the cluster, by name, read from /proc before and after each phase.
  const processes: Array<[string, () => number | undefined]> = [
    ...Object.values(product.temporalCluster.services).map(
      (service) => [service.name, () => cpuMsOfTree(service.pid())] as [string, () => number | undefined],
    ),
    ...product.replicas.apis.map(
      (api) => [api.process.name, () => cpuMsOfTree(api.process.pid())] as [string, () => number | undefined],
    ),
    ['HAProxy', () => cpuMsOfTree(product.replicas.loadBalancer.process.pid())],
    ['PostgreSQL', () => cpuMsOfTree(stack.postgresPid())],
    [
      'load generator',
      () => {
        const own = process.cpuUsage();
        return (own.user + own.system) / 1000;
      },
    ],
  ];
  const snapshot = () => processes.map(([, read]) => read() ?? 0);
  const metered = async <T extends { count: number; errors: number }>(
    phase: () => Promise<T>,
  ): Promise<{ result: T; cpu: ClusterCpu }> => {
    const before = snapshot();
    const machineBefore = machineTicks();
    const result = await phase();
    const after = snapshot();
    const machineBusyCores = busyCoresBetween(machineBefore, machineTicks());
    const requests = Math.max(1, result.count + result.errors);
    const perProcess = Object.fromEntries(
      processes.map(([name], i) => [name, Math.round(((after[i]! - before[i]!) / requests) * 100) / 100]),
    );
    const total = Math.round(Object.values(perProcess).reduce((a, b) => a + b, 0) * 100) / 100;
    return { result, cpu: { perProcess, total, machineBusyCores } };
  };
  const closed = (operation: Operation, width: number, label: string) =>
    metered(async () => {
      const run = await closedLoop(operation, width, options.seconds, (l) =>
        options.progress(`${label}, ${width} callers: ${l}`),
      );
      return { ...run, count: run.latency.count, errors: run.latency.errors };
    });

  options.log('warming up (JIT, connection pools, both replicas) …');
  await closedLoop(floor, 4, 3, () => undefined);
  await closedLoop(submit, 4, 3, () => undefined);

  options.log(
    `closed loop at ${options.widths.join(', ')} callers, ${options.seconds} s each: floor, then API at each width`,
  );
  const closedLoops: ClusterSubmitFigures['closedLoops'] = [];
  for (const width of options.widths) {
    const floorRun = await closed(floor, width, 'cluster floor');
    const from = new Date();
    const apiRun = await closed(submit, width, 'cluster API');
    const starts = await startsWithinRequest(stack.databaseUrl, from, new Date());
    closedLoops.push({
      width,
      floor: { perSecond: floorRun.result.perSecond, latency: floorRun.result.latency, cpu: floorRun.cpu },
      api: { perSecond: apiRun.result.perSecond, latency: apiRun.result.latency, cpu: apiRun.cpu, starts },
    });
    options.log(
      `cluster, ${width} callers: floor ${floorRun.result.perSecond}/s, API ${apiRun.result.perSecond}/s; ` +
        `CPU per request floor ${floorRun.cpu.total} ms, API ${apiRun.cpu.total} ms`,
    );
  }
  const floorPeak = closedLoops.reduce((a, b) => (b.floor.perSecond > a.floor.perSecond ? b : a));
  const apiPeak = closedLoops.reduce((a, b) => (b.api.perSecond > a.api.perSecond ? b : a));

  options.log(
    `cluster open loop at ${options.rate} requests/s, ${options.openSeconds} s each: floor, then API`,
  );
  const floorOpen = await metered(() =>
    openLoop(floor, options.rate, options.openSeconds, (l) =>
      options.progress(`cluster floor at ${options.rate}/s: ${l}`),
    ),
  );
  const openFrom = new Date();
  const apiOpen = await metered(() =>
    openLoop(submit, options.rate, options.openSeconds, (l) =>
      options.progress(`cluster API at ${options.rate}/s: ${l}`),
    ),
  );
  const openStarts = await startsWithinRequest(stack.databaseUrl, openFrom, new Date());
  options.log(
    `cluster at ${options.rate}/s: API p99 ${apiOpen.result.p99} ms (floor ${floorOpen.result.p99} ms); ` +
      `CPU per request by process: ${JSON.stringify(apiOpen.cpu.perProcess)}`,
  );
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
    floorOpen: { ...floorOpen.result, cpu: floorOpen.cpu },
    apiOpen: { ...apiOpen.result, cpu: apiOpen.cpu },
    openStarts,
    apiFailures: Object.fromEntries(failures),
    processes: processes.map(([name]) => name),
  };
}
