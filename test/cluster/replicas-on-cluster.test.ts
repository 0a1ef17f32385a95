import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { until } from '../../scripts/cluster/replicas';
import { request } from '../../scripts/drill/http';
import { signalWorkflowId } from '../../shared/ids';
import { createApiHarness, validSignal, type ApiHarness } from '../api/harness';
import { startTestTemporalCluster, type TestTemporalCluster } from '../support/cluster';
import { readinessOnceSignalled, slowUpload } from '../support/drain';
import { expectEachMailSentOnce } from '../support/mail-once';
import { createBalancer, startReplicas, type ReplicaSet } from '../support/replicas';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { testWorkflowBundle } from '../support/workflow-bundle';

/**
 * Item 3 of issue 19 on the real Temporal server (its services as separate processes, on PostgreSQL) instead of
 * the dev server: two API replicas and two workers as processes on one database, requests alternating between the
 * APIs. Signals go from submission through review to the ministry, each mail leaves once, one principal's budget
 * is one budget over both APIs, and an API given SIGTERM mid-request drains and exits 0.
 */
const SIGNALS = 12;
const CONCURRENCY = 4;
/** Requests per minute per principal, small enough to exhaust; the load's callers stay below it. */
const PRINCIPAL_LIMIT = 40;

let h: ApiHarness;
let smtp: TestSmtpServer;
let cluster: TestTemporalCluster | undefined;
let connection: Connection | undefined;
let client: Client;
let replicas: ReplicaSet | undefined;

beforeAll(async () => {
  [h, smtp, cluster] = await Promise.all([
    createApiHarness(),
    startTestSmtpServer(),
    startTestTemporalCluster(),
  ]);
  connection = await Connection.connect({ address: cluster.temporal.address });
  client = new Client({ connection, namespace: cluster.temporal.namespace });
  replicas = await startReplicas(
    {
      temporalAddress: cluster.temporal.address,
      taskQueue: h.temporal.taskQueue,
      databaseUrl: h.db.url,
      smtpUrl: smtp.url,
      workflowBundle: testWorkflowBundle().codePath,
      env: {
        TEMPORAL_NAMESPACE: cluster.temporal.namespace,
        API_RATE_LIMIT: String(PRINCIPAL_LIMIT),
        // Every request comes from 127.0.0.1: the address budget is not what is measured here.
        API_ADDRESS_RATE_LIMIT: '100000',
        SHUTDOWN_GRACE_SECONDS: '20',
      },
    },
    { apis: 2, workers: 2 },
  );
}, 600_000);

afterAll(async () => {
  await replicas?.stop();
  await connection?.close();
  await cluster?.stop();
  await smtp?.stop();
  await h?.close();
}, 120_000);

it('two APIs and two workers on the cluster: lifecycles reach sent, mails leave once, one budget, a clean drain', async () => {
  const { apis, workers } = replicas!;
  const balancer = createBalancer(apis.map((api) => api.url));
  const answeredBy = [0, 0];
  const failures: string[] = [];

  // One principal's budget over both APIs: the requests alternate, and the (limit + 1)th is refused.
  const budget: Array<{ status: number; replica: number }> = [];
  for (let i = 0; i <= PRINCIPAL_LIMIT; i++) {
    const res = await balancer.send('GET', '/api/v1/signals?limit=1', {
      headers: { Authorization: `Bearer ${h.keys.riecB}` },
    });
    budget.push({ status: res.status, replica: res.replica });
  }
  expect(budget.slice(0, PRINCIPAL_LIMIT).map((res) => res.status)).toEqual(
    Array.from({ length: PRINCIPAL_LIMIT }, () => 200),
  );
  expect(budget[PRINCIPAL_LIMIT]!.status).toBe(429);
  // Each API saw about half the budget, far below the limit: only a shared count refuses the last one.
  expect(budget.filter((res) => res.replica === 0).length).toBeLessThan(PRINCIPAL_LIMIT);
  expect(budget.filter((res) => res.replica === 1).length).toBeLessThan(PRINCIPAL_LIMIT);

  /** One step through the balancer, with an Idempotency-Key on writes (a redispatch is then harmless). */
  async function step(caller: 'riecA' | 'coordinator', method: string, path: string, body?: object) {
    const res = await balancer.send(method, path, {
      headers: {
        Authorization: `Bearer ${h.keys[caller]}`,
        ...(body ? { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    answeredBy[res.replica]! += 1;
    if (res.status >= 300) failures.push(`${method} ${path}: ${res.status} ${res.text.slice(0, 200)}`);
    return JSON.parse(res.text) as { id: string; status: string; reference: string };
  }

  /** Submit → review (accept for JenV) → sent. */
  async function lifecycle(index: number): Promise<{ id: string; reference: string }> {
    const { id, reference } = await step(
      'riecA',
      'POST',
      '/api/v1/signals',
      validSignal({ title: `Clustersignaal ${index}` }),
    );
    const reviewed = await step('coordinator', 'POST', `/api/v1/signals/${id}/review`, {
      decision: 'accept',
      ministryCodes: ['JenV'],
    });
    expect(reviewed.status).toBe('sent');
    return { id, reference };
  }

  // 12 lifecycles, 4 at a time; once a quarter are done, the first API gets SIGTERM while an upload to it is
  // half-way and the other lifecycles' requests are in flight.
  const done: Array<{ id: string; reference: string }> = [];
  let drain:
    | { upload: ReturnType<typeof slowUpload>; readiness: ReturnType<typeof readinessOnceSignalled> }
    | undefined;
  const content = Buffer.from(`Bijlage die tijdens het afsluiten binnenkomt.\n${'x'.repeat(20_000)}\n`);
  let uploadedTo = '';
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextIndex < SIGNALS) {
        done.push(await lifecycle(nextIndex++));
        if (done.length === SIGNALS / 4 && !drain) {
          // Documents are taken while a signal is in review: a signal of its own for the upload.
          const submitted = await request('POST', `${apis[0]!.url}/api/v1/signals`, {
            headers: { Authorization: `Bearer ${h.keys.riecA}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(validSignal({ title: 'Signaal met een bijlage tijdens het afsluiten' })),
          });
          expect(submitted.status).toBe(201);
          uploadedTo = submitted.json<{ id: string }>().id;
          const upload = slowUpload(
            `${apis[0]!.url}/api/v1/signals/${uploadedTo}/documents`,
            h.keys.riecA,
            content,
            8,
            400,
          );
          await upload.firstPartSent;
          apis[0]!.kill('SIGTERM');
          drain = { upload, readiness: readinessOnceSignalled(apis[0]!.opsUrl) };
        }
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(done).toHaveLength(SIGNALS);
  expect(Math.min(...answeredBy)).toBeGreaterThan(0);

  // The drained API: not ready while it finished, the upload in flight answered (its connection then closed),
  // exit 0; the document stored byte for byte.
  const readiness = await drain!.readiness;
  expect(readiness.status).toBe(503);
  expect(readiness.json()).toEqual({ status: 'draining' });
  const uploaded = await drain!.upload.done;
  expect({ status: uploaded.status, body: uploaded.body }).toMatchObject({ status: 201 });
  expect(uploaded.connection).toBe('close');
  expect(await apis[0]!.exited).toBe(0);
  expect(apis[0]!.output()).toContain('drained: every in-flight request was answered');
  const stored = await h.db.prisma.signalDocument.findMany({ where: { signalId: uploadedTo } });
  expect(stored.map((document) => document.sha256)).toEqual([
    crypto.createHash('sha256').update(content).digest('hex'),
  ]);

  // Every lifecycle reached sent: in the read model, exactly one signal per submission, and in the cluster's own
  // visibility store (PostgreSQL) by the product's search attribute.
  const ids = done.map(({ id }) => id);
  expect(await h.db.prisma.signal.count()).toBe(SIGNALS + 1); // and the one with the upload
  await until(
    async () => (await h.db.prisma.signal.count({ where: { id: { in: ids }, status: 'sent' } })) === SIGNALS,
    60_000,
  );
  await until(async () => {
    const sent = new Set<string>();
    for await (const workflow of client.workflow.list({ query: `SignalStatus = 'sent'` })) {
      sent.add(workflow.workflowId);
    }
    return ids.every((id) => sent.has(signalWorkflowId(id)));
  }, 60_000);

  // Each mail exactly once, and every signal's request reached the JenV contact.
  await expectEachMailSentOnce(h.db.prisma, smtp);
  for (const { reference } of done) {
    const requests = smtp.messages.filter(
      (mail) =>
        JSON.stringify(mail.to).includes('contact@jenv.example') && (mail.subject ?? '').includes(reference),
    );
    expect(requests).toHaveLength(1);
  }

  // Both workers took part, and neither logged an error.
  for (const worker of workers) {
    expect(worker.output()).toContain('mail delivered');
    expect(worker.output()).not.toMatch(/"level":(50|60)/);
  }
  balancer.close();
}, 300_000);
