import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { runBackgroundRound, type ReconcilerDeps } from '../../api/workflow/reconciler';
import { createPrismaClient, type Database } from '../../prisma/client';
import { runAsLeader } from '../../prisma/leader-lock';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

/**
 * The API's background round with several replicas on one database: one replica runs each round (an advisory lock),
 * so signals accepted while Temporal was down are started once, not once per replica.
 */
let h: ApiHarness;
let replicaPrisma: Database;
let deadConnection: Connection;

beforeAll(async () => {
  h = await createApiHarness();
  replicaPrisma = createPrismaClient(h.db.url, { poolSize: 3 });
  deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
});
afterAll(async () => {
  await deadConnection.close();
  await replicaPrisma.$disconnect();
  await h.close();
});

const replica = (prisma: Database): ReconcilerDeps => ({
  prisma,
  temporal: h.temporal.client,
  taskQueue: h.temporal.taskQueue,
  logger: pino({ level: 'silent' }),
});

it('two replicas running the round at once start each pending workflow once', async () => {
  // Accepted while Temporal was unreachable: stored, their workflows not started.
  const down = createApp({ ...h.deps, temporal: new Client({ connection: deadConnection }) });
  // Together: each waits out its start's timeout (3 s) before answering 201.
  const accepted = await Promise.all(
    Array.from({ length: 20 }, () =>
      supertest(down).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal()),
    ),
  );
  expect(accepted.map((res) => res.status)).toEqual(Array(20).fill(201));
  const ids = accepted.map((res) => (res.body as { id: string }).id);
  expect(await h.db.prisma.signal.count({ where: { workflowStartedAt: null } })).toBe(20);

  const outcomes = await Promise.all([
    runBackgroundRound(replica(h.db.prisma)),
    runBackgroundRound(replica(replicaPrisma)),
  ]);
  const led = outcomes.filter((outcome) => outcome.led);
  expect(led).toHaveLength(1);
  expect(led[0]).toMatchObject({ result: { started: 20, failed: 0 } });
  expect(await h.db.prisma.signal.count({ where: { workflowStartedAt: null } })).toBe(0);
  for (const id of ids) {
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    await expect(h.temporal.client.workflow.getHandle(row.workflowId).describe()).resolves.toMatchObject({
      type: 'signalLifecycle',
    });
  }
  // A later round, on either replica, finds nothing left to start.
  await expect(runBackgroundRound(replica(replicaPrisma))).resolves.toMatchObject({
    led: true,
    result: { started: 0 },
  });
}, 60_000);

it('a leader that dies mid-round releases the lock at once: the next round of another replica runs', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const dying = createPrismaClient(h.db.url, { poolSize: 2 });
  let leads!: () => void;
  const leadingNow = new Promise<void>((resolve) => (leads = resolve));
  const leading = runAsLeader(dying, 'test-job', () => {
    leads();
    return held;
  });
  try {
    await leadingNow;
    // While it leads, the other replica skips.
    await expect(runAsLeader(replicaPrisma, 'test-job', () => Promise.resolve('ran'))).resolves.toEqual({
      led: false,
    });
    // Its connection is cut, as when its process is killed: PostgreSQL ends the session (waited for) and its lock.
    const admin = new pg.Client(h.db.url);
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    await expect(runAsLeader(replicaPrisma, 'test-job', () => Promise.resolve('ran'))).resolves.toEqual({
      led: true,
      result: 'ran',
    });
  } finally {
    release();
    await leading.catch(() => undefined);
    await dying.$disconnect();
  }
});
