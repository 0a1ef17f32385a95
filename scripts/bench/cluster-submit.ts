import { Client, Connection } from '@temporalio/client';
import {
  ExitSupervisor,
  clusterTemporal,
  startClusterProduct,
  type ClusterProduct,
} from '../drill/cluster-product';
import { ORGANISATION_CODE } from '../drill/seeded-config';
import { startStack, type Stack } from '../drill/stack';
import { cpuMeter, cpuMsOfTree, loadGeneratorCpuMs, type PhaseCpu } from './process-cpu';
import {
  apiSubmit,
  floorStart,
  measureSubmitPath,
  type SubmitLoad,
  type SubmitLoopFigures,
} from './submit-loops';

/** CPU ms per request by process name (PostgreSQL with its backends; the load generator is this process). */
export type ClusterCpu = PhaseCpu;

export interface ClusterSubmitFigures extends SubmitLoopFigures<ClusterCpu> {
  /** Non-201 answers through the load balancer by status (0: no answer). */
  apiFailures: Record<number, number>;
  /** The processes in the CPU tables' column order. */
  processes: string[];
}

const TASK_QUEUE = 'bench-submit'; // no worker polls it: the workflows stay at their first task

/**
 * The submit path on the production topology: `POST /api/v1/signals` through HAProxy to two API replicas, against a
 * bare `client.workflow.start` on the same Temporal cluster (frontend, history, matching and worker processes on
 * PostgreSQL), in the same run. As on the dev server (submit.ts) no worker polls the task queue meanwhile: each
 * process's CPU is the submit path's own. The cluster is started by the modules of `npm run cluster`.
 */
export async function benchClusterSubmit(options: SubmitLoad): Promise<ClusterSubmitFigures> {
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
  options: SubmitLoad,
): Promise<ClusterSubmitFigures> {
  const failures = new Map<number, number>();
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
    ['load generator', loadGeneratorCpuMs],
  ];
  const loops = await measureSubmitPath<ClusterCpu>({
    ...options,
    floor: floorStart(client, TASK_QUEUE, [ORGANISATION_CODE]),
    api: apiSubmit(product.apiUrl, [product.keys.submitter], failures),
    meter: cpuMeter(processes),
    databaseUrl: stack.databaseUrl,
    warmingUp: 'warming up (JIT, connection pools, both replicas) …',
    label: 'cluster',
    describeCpu: (cpu) => `${cpu.total} ms`,
  });
  options.log(
    `cluster at ${options.rate}/s: API p99 ${loops.apiOpen.p99} ms (floor ${loops.floorOpen.p99} ms); ` +
      `CPU per request by process: ${JSON.stringify(loops.apiOpen.cpu.perProcess)}`,
  );
  return {
    ...loops,
    apiFailures: Object.fromEntries(failures),
    processes: processes.map(([name]) => name),
  };
}
