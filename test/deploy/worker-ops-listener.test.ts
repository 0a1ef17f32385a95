import { NativeConnection, Worker } from '@temporalio/worker';
import { startWorkerOpsListener, type WorkerOpsListener } from '../../worker/ops-listener';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { testWorkflowBundle } from '../support/workflow-bundle';
import { until } from '../workflows/harness';

/**
 * The Kubernetes probes of a worker pod (deploy/helm/signaalloket) ask its operations listener: a real worker on
 * the dev server is ready only while it polls and reads "down" once told to stop, while liveness holds throughout
 * (a stopping worker is finishing its tasks, not stuck).
 */
let temporal: DevTemporal;
let connection: NativeConnection;
let ops: WorkerOpsListener | undefined;

beforeAll(async () => {
  temporal = await connectDevTemporal();
  connection = await NativeConnection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
});
afterAll(async () => {
  await ops?.close();
  await connection?.close();
  await temporal?.close();
});

async function probe(path: string): Promise<{ status: number; body: { status?: string; state?: string } }> {
  const response = await fetch(`${ops!.url}${path}`);
  return { status: response.status, body: (await response.json()) as { status?: string; state?: string } };
}

test('readiness follows the worker: not before it polls, up while it runs, down while it stops', async () => {
  const worker = await Worker.create({
    connection,
    taskQueue: temporal.taskQueue,
    workflowBundle: testWorkflowBundle(),
    activities: {},
  });
  ops = await startWorkerOpsListener({ worker, host: '127.0.0.1', port: 0 });

  expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'down', state: 'INITIALIZED' } });
  expect((await probe('/healthz')).status).toBe(200);

  const running = worker.run();
  await until(
    () => probe('/readyz'),
    (answer) => answer.status === 200,
    'the worker to read ready',
  );
  expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'up', state: 'RUNNING' } });

  worker.shutdown();
  const stopping = await probe('/readyz');
  expect(stopping.status).toBe(503);
  expect(['STOPPING', 'DRAINING', 'DRAINED', 'STOPPED']).toContain(stopping.body.state);
  await running;
  expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'down', state: 'STOPPED' } });
  expect((await probe('/healthz')).status).toBe(200);
  expect((await probe('/metrics')).status).toBe(404);
});
