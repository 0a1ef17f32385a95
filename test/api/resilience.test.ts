// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { isDatabaseUnavailable } from '../../api/http/infrastructure';
import { createIdempotencyStore } from '../../api/idempotency/store';
import { createMetrics } from '../../api/ops/metrics';
import { createOpsApp } from '../../api/ops/ops-app';
import { startApiServer } from '../../api/server';
import { submitSignal } from '../../api/signals/submit';
import { startPendingWorkflows } from '../../api/workflow/reconciler';
import { createPrismaClient, type Database } from '../../prisma/client';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, eventually, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;
/** The operations listener's app on the same dependencies as the public app of a test. */
const opsOf = (deps: ApiHarness['deps']) =>
  createOpsApp(
    deps,
    createMetrics(deps.prisma, () => new Date()),
  );
let deadConnection: Connection;
let deadTemporal: Client;

beforeAll(async () => {
  h = await createApiHarness();
  // A Temporal frontend nobody listens on: what the API sees while Temporal is down.
  deadConnection = Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` });
  deadTemporal = new Client({ connection: deadConnection, namespace: 'default' });
});
afterAll(async () => {
  await deadConnection.close();
  await h.close();
});

describe('Temporal unreachable', () => {
  it('still accepts a signal (nothing accepted is lost); the reconciler starts its workflow later', async () => {
    const app = createApp({ ...h.deps, temporal: deadTemporal });
    const created = await supertest(app).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    const id = created.body.id as string;
    const row = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect(row.workflowStartedAt).toBeNull();

    // Reads come from PostgreSQL and keep working.
    const detail = await supertest(app).get(`/api/v1/signals/${id}`).set(h.auth('riecA'));
    expect(detail.status).toBe(200);
    const ready = await supertest(opsOf({ ...h.deps, temporal: deadTemporal })).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toEqual({
      database: { status: 'up' },
      temporal: { status: 'down', detail: 'Temporal unavailable' },
    });

    // A decision needs the workflow: 503 with Retry-After, and nothing changed.
    const withdraw = await supertest(app)
      .post(`/api/v1/signals/${id}/withdraw`)
      .set(h.auth('riecA'))
      .send({});
    expect(withdraw.status).toBe(503);
    expect(withdraw.headers['retry-after']).toBeDefined();
    expect(withdraw.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(withdraw.body.detail).toMatch(/Temporal/);

    const failed = await startPendingWorkflows({
      prisma: h.db.prisma,
      temporal: deadTemporal,
      taskQueue: h.temporal.taskQueue,
      logger: pino({ level: 'silent' }),
    });
    expect(failed).toEqual({ started: 0, failed: 1 });

    const result = await startPendingWorkflows({
      prisma: h.db.prisma,
      temporal: h.temporal.client,
      taskQueue: h.temporal.taskQueue,
      logger: pino({ level: 'silent' }),
    });
    expect(result).toEqual({ started: 1, failed: 0 });
    const started = await h.db.prisma.signal.findUniqueOrThrow({ where: { id } });
    expect(started.workflowStartedAt).not.toBeNull();
    const description = await h.temporal.client.workflow.getHandle(started.workflowId).describe();
    expect(description.type).toBe('signalLifecycle');

    // Running it again starts nothing twice (already started counts as started).
    await h.db.prisma.signal.update({ where: { id }, data: { workflowStartedAt: null } });
    expect(
      await startPendingWorkflows({
        prisma: h.db.prisma,
        temporal: h.temporal.client,
        taskQueue: h.temporal.taskQueue,
        logger: pino({ level: 'silent' }),
      }),
    ).toEqual({
      started: 1,
      failed: 0,
    });
  }, 60_000);
});

describe('the server’s background jobs', () => {
  it('start pending workflows as soon as the server starts', async () => {
    const app = createApp({ ...h.deps, temporal: deadTemporal });
    const created = await supertest(app).post('/api/v1/signals').set(h.auth('riecB')).send(validSignal());
    const id = created.body.id as string;
    expect((await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).workflowStartedAt).toBeNull();
    const server = await startApiServer({
      ...h.deps,
      port: 0,
      host: '127.0.0.1',
      reconcileIntervalMs: 60_000,
    });
    try {
      await eventually(
        async () =>
          (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).workflowStartedAt
            ? true
            : undefined,
        20_000,
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});

/** A Prisma client for a PostgreSQL nobody listens on: what the API sees while the database is down. */
async function withDeadDatabase(work: (prisma: Database) => Promise<void>): Promise<void> {
  const deadDatabase = createPrismaClient(`postgresql://postgres:x@127.0.0.1:${await findFreePort()}/none`, {
    poolSize: 1,
  });
  try {
    await work(deadDatabase);
  } finally {
    await deadDatabase.$disconnect();
  }
}

describe('PostgreSQL unreachable', () => {
  it('answers 503 problem+json with Retry-After, never a stack trace', async () => {
    await withDeadDatabase(async (deadDatabase) => {
      const app = createApp({ ...h.deps, prisma: deadDatabase });
      for (const request of [
        supertest(app).get('/api/v1/signals').set(h.auth('riecA')),
        supertest(app).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal()),
      ]) {
        const res = await request;
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toMatch(/database/);
        expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|at |127\.0\.0\.1/);
      }
      const ready = await supertest(opsOf({ ...h.deps, prisma: deadDatabase })).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('10');
      // Which dependency is down, never its error text (addresses, ports, driver messages).
      expect(ready.body.checks.database).toEqual({ status: 'down', detail: 'PostgreSQL unavailable' });
      expect(JSON.stringify(ready.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|:\d{2,5}/);
      expect((await supertest(app).get('/healthz')).status).toBe(200);
    });
  }, 30_000);
});

describe('PostgreSQL lost while keys are cached', () => {
  // A running API keeps API keys for a few seconds, so a request can get past authentication and meet the outage
  // in the submit path's own statements: those failures must be recognised too (503, not 500).
  it('recognises the submit path’s plain SQL failing to connect as the database being unavailable', async () => {
    await withDeadDatabase(async (deadDatabase) => {
      const failureOf = (work: Promise<unknown>) =>
        work.then(
          () => undefined,
          (error: unknown) => error,
        );
      const claim = await failureOf(
        createIdempotencyStore(deadDatabase).begin('org:x', 'key-1', 'hash', () => new Date()),
      );
      expect(isDatabaseUnavailable(claim)).toBe(true);
      const principal = {
        kind: 'organisation',
        role: 'submitter',
        keyId: 'k',
        keyPrefix: 'p',
        organisationId: h.organisations.riecA.id,
        organisationCode: h.organisations.riecA.code,
        organisationName: 'RIEC',
      } as const;
      const submission = await failureOf(
        submitSignal(
          { ...h.deps, prisma: deadDatabase },
          principal,
          { ...validSignal(), recommendations: [] },
          new Date(),
        ),
      );
      expect(isDatabaseUnavailable(submission)).toBe(true);
    });
  }, 30_000);
});
