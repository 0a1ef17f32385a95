import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from '../../scripts/services/temporal';
import { requiredTestEnv } from './env';

/** The time-skipping test server (for clocks), from the pinned binary. One client-started lifecycle at a time. */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath } },
  });
}

export interface DevTemporal {
  connection: Connection;
  client: Client;
  /** A task queue of this suite's own, so workers of parallel suites never take each other's tasks. */
  taskQueue: string;
  close(): Promise<void>;
}

/** A client of the shared Temporal dev server started by the global setup. */
export async function connectDevTemporal(): Promise<DevTemporal> {
  const connection = await Connection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
  return {
    connection,
    client: new Client({ connection, namespace: 'default' }),
    taskQueue: `test-${crypto.randomBytes(6).toString('hex')}`,
    close: () => connection.close(),
  };
}
