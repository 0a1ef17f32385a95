import crypto from 'node:crypto';
import { signalWorkflowId } from '../../shared/ids';
import { createApiHarness, validSignal, type ApiHarness } from '../api/harness';
import { requiredTestEnv } from '../support/env';
import { expectEachMailSentOnce } from '../support/mail-once';
import {
  createBalancer,
  startApiReplica,
  startReplicas,
  type ReplicaServices,
  type ReplicaSet,
} from '../support/replicas';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { testWorkflowBundle } from '../support/workflow-bundle';

/**
 * Two API replicas and two workers as processes on one database, one Temporal and one SMTP relay (the dev server
 * here; give TEST_REPLICAS_TEMPORAL_ADDRESS to run the same against a cluster): 30 signals from submission to
 * closing, their requests spread over both APIs, one API drained by SIGTERM half-way. Nothing is lost or done
 * twice, and the budgets are shared.
 */
const SIGNALS = 30;
const CONCURRENCY = 6;

let h: ApiHarness;
let smtp: TestSmtpServer;
let replicas: ReplicaSet | undefined;
let services: ReplicaServices;

beforeAll(async () => {
  h = await createApiHarness();
  smtp = await startTestSmtpServer();
  services = {
    temporalAddress: process.env.TEST_REPLICAS_TEMPORAL_ADDRESS ?? requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    taskQueue: h.temporal.taskQueue,
    databaseUrl: h.db.url,
    smtpUrl: smtp.url,
    workflowBundle: testWorkflowBundle().codePath,
    env: {
      // The load's budgets are not what is measured here (the login budget below is).
      API_RATE_LIMIT: '100000',
      API_ADDRESS_RATE_LIMIT: '100000',
      SHUTDOWN_GRACE_SECONDS: '20',
      LOG_LEVEL: 'info',
    },
  };
  replicas = await startReplicas(services, { apis: 2, workers: 2 });
}, 180_000);
afterAll(async () => {
  await replicas?.stop();
  await smtp?.stop();
  await h?.close();
});

it('two APIs and two workers: every lifecycle completes, each mail leaves once, a drained API loses nothing, budgets are shared', async () => {
  const { apis, workers } = replicas!;
  const balancer = createBalancer(apis.map((api) => api.url));
  const answeredBy = [0, 0];
  const failures: string[] = [];

  /** One step, retried the way a client with an Idempotency-Key retries (same key), until it is answered 2xx. */
  async function step(caller: 'riecA' | 'coordinator', method: string, path: string, body?: object) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${h.keys[caller]}`,
      ...(body ? { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() } : {}),
    };
    const res = await balancer.send(method, path, {
      headers,
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    answeredBy[res.replica]! += 1;
    if (res.status >= 300) failures.push(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text) as { id: string; status: string };
  }

  async function lifecycle(index: number): Promise<string> {
    const { id } = await step(
      'riecA',
      'POST',
      '/api/v1/signals',
      validSignal({ title: `Replica-signaal ${index}` }),
    );
    await step('coordinator', 'POST', `/api/v1/signals/${id}/review`, {
      decision: 'accept',
      ministryCodes: ['JenV'],
    });
    await step('coordinator', 'POST', `/api/v1/signals/${id}/ministries/JenV/reply`, {
      text: `Reactie van JenV op signaal ${index}.`,
    });
    // Closed without forwarding the reply to the submitters (its own suite covers that): the reason says why.
    const closed = await step('coordinator', 'POST', `/api/v1/signals/${id}/close`, {
      unforwardedReason: 'Afgestemd met de indiener buiten het loket.',
    });
    expect(closed.status).toBe('closed');
    await step('riecA', 'GET', `/api/v1/signals/${id}`);
    return id;
  }

  // 30 lifecycles, 6 at a time; when a third are done, the first API gets SIGTERM while the others are in flight.
  const ids: string[] = [];
  let drained: Promise<number | null> | undefined;
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextIndex < SIGNALS) {
        const index = nextIndex++;
        ids.push(await lifecycle(index));
        if (ids.length === SIGNALS / 3 && !drained) {
          apis[0]!.kill('SIGTERM');
          drained = apis[0]!.exited;
        }
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(ids).toHaveLength(SIGNALS);
  // Both replicas served; the drained one finished what it had and exited 0.
  expect(Math.min(...answeredBy)).toBeGreaterThan(0);
  expect(await drained).toBe(0);
  expect(apis[0]!.output()).toContain('drained: every in-flight request was answered');

  // Every lifecycle complete: closed in the read model, its workflow completed, exactly one signal per submission.
  expect(await h.db.prisma.signal.count()).toBe(SIGNALS);
  expect(await h.db.prisma.signal.count({ where: { status: 'closed' } })).toBe(SIGNALS);
  for (const id of ids) {
    const description = await h.temporal.client.workflow.getHandle(signalWorkflowId(id)).describe();
    expect(description.status.name).toBe('COMPLETED');
  }

  // Each mail exactly once: every outbox row sent, one message per row, no message twice.
  const rows = await expectEachMailSentOnce(h.db.prisma, smtp);
  expect(rows.length).toBeGreaterThanOrEqual(SIGNALS * 4);

  // The login budget (50 per address per 15 minutes) is one budget over the API still up and a new one.
  const fresh = await startApiReplica(services, 'api-3');
  try {
    const login = createBalancer([apis[1]!.url, fresh.url]);
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) {
      const res = await login.send('POST', '/login', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'email=nobody%40liec.example&password=wrong',
      });
      statuses.push(res.status);
    }
    login.close();
    expect(statuses.slice(0, 50).every((status) => status !== 429)).toBe(true);
    expect(statuses[50]).toBe(429);
  } finally {
    expect(await fresh.stop()).toBe(0);
  }

  // The workers shared the work (each delivered mails in its activities) and neither logged an error.
  for (const worker of workers) {
    expect(worker.output()).toContain('mail delivered');
    expect(worker.output()).not.toMatch(/"level":(50|60)/);
  }
  balancer.close();
}, 300_000);
