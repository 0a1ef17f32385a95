import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { findFreePort } from '../../scripts/services/ports';
import { startTemporalDevServer } from '../../scripts/services/temporal';

describe('a Temporal dev server with persistent state (npm start, drills, benchmarks)', () => {
  const cleanups: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startServer(port: number, dbFile: string): Promise<Connection> {
    const server = await startTemporalDevServer({ port, dbFile });
    cleanups.push(() => server.stop());
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    return connection;
  }

  it('keeps its SQLite file in write-ahead-log mode, and keeps what it acknowledged across a restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-wal-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const dbFile = path.join(dir, 'temporal.db');
    const port = await findFreePort();
    const workflowId = `wal-check-${Date.now()}`;

    const first = await startServer(port, dbFile);
    await first.workflowService.startWorkflowExecution({
      namespace: 'default',
      workflowId,
      workflowType: { name: 'notRunAnywhere' },
      taskQueue: { name: 'nobody-polls-this' },
      requestId: workflowId,
    });
    // The rollback journal (SQLite's default) leaves no -wal file; a write-ahead log keeps one beside the database.
    const walExists = fs.existsSync(`${dbFile}-wal`);
    for (const cleanup of cleanups.splice(1).reverse()) await cleanup();
    expect(walExists).toBe(true);

    const second = await startServer(port, dbFile);
    const described = await second.workflowService.describeWorkflowExecution({
      namespace: 'default',
      execution: { workflowId },
    });
    expect(described.workflowExecutionInfo?.type?.name).toBe('notRunAnywhere');
  });
});
