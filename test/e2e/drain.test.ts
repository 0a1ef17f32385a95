import crypto from 'node:crypto';
import http from 'node:http';
import { request } from '../../scripts/drill/http';
import { signalWorkflowId } from '../../shared/ids';
import { createApiHarness, validSignal, type ApiHarness } from '../api/harness';
import { readinessOnceSignalled, slowUpload } from '../support/drain';
import { startApiReplica, startWorkerReplica, type ReplicaServices } from '../support/replicas';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { requiredTestEnv } from '../support/env';
import { testWorkflowBundle } from '../support/workflow-bundle';

/**
 * SIGTERM (a rolling upgrade, a scale-down) on the real processes (api/main.ts and worker/main.ts, as the image runs
 * them): the API and the worker stop taking work, finish what they have, say they are not ready meanwhile (/readyz
 * on their operations listeners, which the chart's readiness probes ask), and exit 0; nothing accepted is lost.
 */
let h: ApiHarness;
let smtp: TestSmtpServer;
let services: ReplicaServices;

beforeAll(async () => {
  h = await createApiHarness();
  smtp = await startTestSmtpServer();
  services = {
    temporalAddress: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    taskQueue: h.temporal.taskQueue,
    databaseUrl: h.db.url,
    smtpUrl: smtp.url,
    workflowBundle: testWorkflowBundle().codePath,
    env: { SHUTDOWN_GRACE_SECONDS: '20' },
  };
});
afterAll(async () => {
  await smtp?.stop();
  await h?.close();
});

/** A request on a connection of its own (no keep-alive pool), as a new client would open one. */
function freshGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

it('the API drains on SIGTERM: readiness 503, no new connections, the upload in flight completes, exit 0', async () => {
  const api = await startApiReplica(services);
  const submitted = await request('POST', `${api.url}/api/v1/signals`, {
    headers: { Authorization: `Bearer ${h.keys.riecA}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(validSignal()),
  });
  expect(submitted.status).toBe(201);
  const signalId = submitted.json<{ id: string }>().id;

  const content = Buffer.from(`Bijlage die tijdens het afsluiten binnenkomt.\n${'x'.repeat(20_000)}\n`);
  const upload = slowUpload(`${api.url}/api/v1/signals/${signalId}/documents`, h.keys.riecA, content, 8, 400);
  await upload.firstPartSent;
  api.kill('SIGTERM');

  // Not ready while draining (the operations listener stays up until the requests are answered)...
  const readiness = await readinessOnceSignalled(api.opsUrl);
  expect(readiness.status).toBe(503);
  expect(readiness.json()).toEqual({ status: 'draining' });
  // ...and a new connection is refused: the load balancer sends it to another replica.
  await expect(freshGet(`${api.url}/healthz`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

  // The upload that was in flight completes, and its connection is closed after the answer.
  const answer = await upload.done;
  expect(answer.status).toBe(201);
  expect(answer.connection).toBe('close');
  expect(await api.exited).toBe(0);

  // Nothing lost: the document is stored, byte for byte.
  const stored = await h.db.prisma.signalDocument.findMany({ where: { signalId } });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.sha256).toBe(crypto.createHash('sha256').update(content).digest('hex'));
  expect(api.output()).toContain('draining: not ready, finishing in-flight requests');
  expect(api.output()).toContain('drained: every in-flight request was answered');
}, 120_000);

it('the worker drains on SIGTERM: not ready at once, the activity in progress finishes (its mail sent once), exit 0', async () => {
  smtp.setDelay(2_500); // a slow relay: each mail takes seconds, so the activity is caught mid-way
  const first = await startWorkerReplica(services, 'worker-1');
  const transfersBefore = smtp.transfersStarted();
  const submitted = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  expect(submitted.status).toBe(201);
  const signalId = (submitted.body as { id: string; reference: string }).id;
  const reference = (submitted.body as { reference: string }).reference;

  // The notify activity is sending the submission mails: stop the worker now.
  const deadline = Date.now() + 30_000;
  while (smtp.transfersStarted() === transfersBefore) {
    if (Date.now() > deadline) throw new Error(`no mail started within 30 s: ${first.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  let exitCode: number | null | undefined;
  void first.exited.then((code) => (exitCode = code));
  expect(await request('GET', `${first.opsUrl}/readyz`, { timeoutMs: 2_000 })).toMatchObject({ status: 200 });
  first.kill('SIGTERM');

  // Not ready while it drains (the kubelet's readiness probe), alive all the same (no restart mid-drain), and
  // still running: the mail in progress has seconds to go.
  const readiness = await readinessOnceSignalled(first.opsUrl);
  expect(readiness.status).toBe(503);
  const { status, state } = readiness.json<{ status: string; state: string }>();
  expect(status).toBe('down');
  expect(['STOPPING', 'DRAINING', 'DRAINED']).toContain(state);
  expect((await request('GET', `${first.opsUrl}/healthz`, { timeoutMs: 2_000 })).status).toBe(200);
  expect(exitCode).toBeUndefined();
  expect(await first.exited).toBe(0);
  expect(first.output()).toContain('draining: finishing activity tasks');
  expect(first.output()).toContain('worker drained');

  // The activity finished in the draining worker: every mail it had to send left, once, on its first attempt.
  const rows = await h.db.prisma.mailOutbox.findMany({ where: { signalId } });
  expect(rows.length).toBeGreaterThanOrEqual(2); // the submitter and the coordinators
  expect(rows.map((row) => [row.status, row.attempts])).toEqual(rows.map(() => ['sent', 1]));
  const history = await h.temporal.client.workflow.getHandle(signalWorkflowId(signalId)).fetchHistory();
  const kinds = (history.events ?? []).map((event) =>
    Object.keys(event).find((k) => k.endsWith('Attributes')),
  );
  expect(kinds.filter((k) => k === 'activityTaskFailedEventAttributes')).toHaveLength(0);
  expect(kinds.filter((k) => k === 'activityTaskTimedOutEventAttributes')).toHaveLength(0);

  // Another worker carries on where it stopped; the lifecycle is in review and no mail was sent twice.
  smtp.setDelay(0);
  const second = await startWorkerReplica(services, 'worker-2');
  try {
    const description = await h.temporal.client.workflow.getHandle(signalWorkflowId(signalId)).describe();
    expect(description.status.name).toBe('RUNNING');
    const snapshot = await h.db.prisma.signal.findUniqueOrThrow({ where: { id: signalId } });
    expect(snapshot.status).toBe('in_review');
    const received = smtp.messages.filter((m) => m.subject?.includes(reference));
    expect(received).toHaveLength(rows.length);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(rows.length);
  } finally {
    expect(await second.stop()).toBe(0);
  }
}, 120_000);
