import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../scripts/services/ports';
import { signalWorkflowId } from '../../shared/ids';
import { SIGNAL_LIFECYCLE_WORKFLOW, statusQuery } from '../../shared/lifecycle';
import type { signalLifecycle } from '../../workflows';
import { createSignalRow, seedWorld } from '../activities/fixtures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { until } from '../workflows/harness';

/**
 * The container image bundles the workflows at build time (`npm run build:workflow-bundle`) and its worker starts
 * from that file (WORKFLOW_BUNDLE_PATH). Here both run as the image runs them, as processes: the build script
 * writes the bundle, worker/main.ts starts from it against real PostgreSQL, Temporal and SMTP, and a signal's
 * workflow runs on it into review. A path without a bundle stops the worker at start, naming the variable.
 */
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '..', '..');
let dir: string;
let db: TestDatabase;
let temporal: DevTemporal;
let smtp: TestSmtpServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-bundle-'));
  [db, temporal, smtp] = await Promise.all([
    createTestDatabase(),
    connectDevTemporal(),
    startTestSmtpServer(),
  ]);
});
afterAll(async () => {
  await temporal?.close();
  await smtp?.stop();
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(script: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

function workerEnv(bundle: string, opsPort: number): Record<string, string> {
  return {
    OPS_PORT: String(opsPort),
    NODE_ENV: 'production',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    SMTP_URL: smtp.url,
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
    WORKFLOW_BUNDLE_PATH: bundle,
  };
}

test('the build script writes a bundle, and a worker started from it runs a signal into review', async () => {
  const bundle = path.join(dir, 'image', 'workflow-bundle.js');
  const build = run('scripts/build-workflow-bundle.ts', [bundle]);
  expect(await build.exited).toBe(0);
  expect(build.output()).toContain(`workflow bundle written to ${bundle}`);
  expect(fs.statSync(bundle).size).toBeGreaterThan(100_000);

  const opsPort = await findFreePort();
  const worker = run('worker/main.ts', [], workerEnv(bundle, opsPort));
  try {
    await until(
      () => worker.output(),
      (output) => output.includes('worker running') || worker.child.exitCode !== null,
      'the worker to start',
    );
    const started = worker
      .output()
      .split('\n')
      .find((line) => line.includes('worker running'));
    expect(started && JSON.parse(started)).toMatchObject({
      workflowBundle: bundle,
      taskQueue: temporal.taskQueue,
    });

    const { organisationId } = await seedWorld(db.prisma);
    const signalId = await createSignalRow(db.prisma, organisationId);
    const handle = await temporal.client.workflow.start<typeof signalLifecycle>(SIGNAL_LIFECYCLE_WORKFLOW, {
      taskQueue: temporal.taskQueue,
      workflowId: signalWorkflowId(signalId),
      args: [{ signalId, organisationCode: 'RIEC-ON' }],
    });
    const snapshot = await until(
      () => handle.query(statusQuery),
      (value) => value.status === 'in_review',
      'the workflow to reach review on the prebuilt bundle',
    );
    expect(snapshot.reviewDueAt).toBeTruthy();
    // The workflow's state moves before its read-model activity has written the row: wait for the write.
    const row = await until(
      () => db.prisma.signal.findUniqueOrThrow({ where: { id: signalId } }),
      (value) => value.status === 'in_review',
      'the read model to show the signal in review',
    );
    expect(row.reviewDueAt).toBeTruthy();
    await handle.terminate('test done');
  } finally {
    worker.child.kill('SIGTERM');
  }
  expect(await worker.exited).toBe(0);
});

test('a WORKFLOW_BUNDLE_PATH without a bundle stops the worker at start, naming the variable', async () => {
  const missing = path.join(dir, 'nowhere', 'workflow-bundle.js');
  const worker = run('worker/main.ts', [], workerEnv(missing, await findFreePort()));
  expect(await worker.exited).toBe(1);
  expect(worker.output()).toContain(`WORKFLOW_BUNDLE_PATH: there is no workflow bundle at ${missing}`);
});
