// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { temporal as proto } from '@temporalio/proto';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { createMetrics } from '../../api/ops/metrics';
import { createOpsApp } from '../../api/ops/ops-app';
import { eventDeliveryWorkflowId, ministryCaseWorkflowId, signalWorkflowId } from '../../shared/ids';
import { fingerprint, LOG_REDACT_PATHS } from '../../shared/log-redaction';
import { startCloudEventsReceiver } from '../support/cloudevents-receiver';
import { csrfTokenOf, postLogin } from '../dashboard/login';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';
import { csrfFieldIn, samplePdf, submissionIdIn } from '../respond/harness';
import { resetPassword } from '../../scripts/admin/commands';
import { createApiHarness, eventually, validSignal, type ApiHarness } from './harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * Secrets in URLs and headers (a ministry's response-link token, API keys, the dashboard's session cookie and CSRF
 * values) must not reach any log line, Temporal history or metric label. The whole product runs here at debug:
 * the app and the worker log into memory, and everything this process writes to stdout, stderr and the console is
 * recorded too (the Temporal SDK logs there).
 */
jest.setTimeout(120_000);

const logLines: string[] = [];
const written: string[] = [];
const restores: Array<() => void> = [];
let h: ApiHarness;

function record<T extends object, K extends keyof T>(target: T, method: K): void {
  const original = target[method] as unknown as (...args: unknown[]) => unknown;
  target[method] = ((...args: unknown[]) => {
    written.push(args.map((arg) => (typeof arg === 'string' ? arg : String(arg))).join(' '));
    return original.apply(target, args);
  }) as T[K];
  restores.push(() => {
    target[method] = original as T[K];
  });
}

beforeAll(async () => {
  record(process.stdout, 'write');
  record(process.stderr, 'write');
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) record(console, method);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  h = await createApiHarness({
    worker: true,
    logger: pino({ level: 'debug', redact: LOG_REDACT_PATHS }, sink),
    env: { EVENTS_ALLOW_LOOPBACK_HTTP: 'true', EVENTS_RETRY_INITIAL_SECONDS: '0.2' },
  });
}, 120_000);
afterAll(async () => {
  for (const restore of restores.reverse()) restore();
  await h?.close();
});

/** Every cookie value a response set. */
function cookiesSetBy(res: supertest.Response): string[] {
  const header = res.headers['set-cookie'] as unknown as string[] | undefined;
  return (header ?? []).map((cookie) => cookie.split(';')[0]!.split('=').slice(1).join('=')).filter(Boolean);
}

describe('secrets in logs, histories and metrics', () => {
  it('a whole ministry response, API calls and a dashboard login leave no token, key, cookie or CSRF value behind', async () => {
    const metrics = createMetrics(h.db.prisma, () => new Date());
    const app = createApp(h.deps, { metrics });
    const ops = createOpsApp(h.deps, metrics);
    const secrets = new Map<string, string>([
      ['the RIEC API key', h.keys.riecA],
      ['the coordinator API key', h.keys.coordinator],
    ]);

    // An RIEC submits; a coordinator accepts for JenV and BZ (both with API keys).
    const created = await supertest(app).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    expect(created.status).toBe(201);
    const signalId = created.body.id as string;
    const reference = created.body.reference as string;
    await eventually(async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id: signalId } })).status === 'in_review'
        ? true
        : undefined,
    );
    const review = await supertest(app)
      .post(`/api/v1/signals/${signalId}/review`)
      .set(h.auth('coordinator'))
      .send({ decision: 'accept', ministryCodes: ['JenV', 'BZ'] });
    expect(review.status).toBe(200);
    const mail = await h.smtp!.waitFor(
      (m) =>
        recipientsOf(m).includes('contact@jenv.example') &&
        m.subject === `[${reference}] Verzoek om reactie / Request for a response`,
    );
    const link = new URL(responseLinkIn(mail.text)).pathname;
    const token = link.split('/').pop()!;
    secrets.set('the response-link token', token);

    // The ministry contact: page, acknowledgement, extension request, reply with a document.
    const contact = supertest.agent(app);
    const page = await contact.get(`${link}?lang=nl`).expect(200);
    for (const value of cookiesSetBy(page)) secrets.set('the response page’s CSRF cookie', value);
    const csrf = csrfFieldIn(page.text);
    secrets.set('the response form’s CSRF field', csrf);
    await contact.post(`${link}/acknowledge`).type('form').send({ csrf }).expect(200);
    await contact
      .post(`${link}/extension`)
      .type('form')
      .send({ csrf, dueDate: '2027-09-30', reason: 'Afstemming nodig' })
      .expect(200);
    const again = await contact.get(link).expect(200);
    await contact
      .post(`${link}/reply`)
      .field('csrf', csrf)
      .field('submissionId', submissionIdIn(again.text))
      .field('text', 'Het ministerie neemt de aanbevelingen over.')
      .attach('documents', samplePdf(), { filename: 'Reactie.pdf', contentType: 'application/pdf' })
      .expect(200);
    // A refused token (logged at warn) and a forged action.
    const forged = crypto.randomBytes(32).toString('base64url');
    secrets.set('a refused token', forged);
    await supertest(app).get(`/respond/${forged}`).expect(404);
    await supertest(app).post(`/respond/${forged}/acknowledge`).type('form').send({ csrf }).expect(404);

    // A coordinator logs in to the dashboard and looks at the signal.
    const { password } = await resetPassword(
      h.db.prisma,
      { email: 'coordinator@liec.example' },
      TEST_PROCESSING_LOG,
    );
    secrets.set('the password', password);
    const coordinator = supertest.agent(app);
    const login = await postLogin(coordinator, 'coordinator@liec.example', password);
    expect(login.status).toBe(303);
    for (const value of cookiesSetBy(login)) secrets.set('the session cookie', value);
    const overview = await coordinator.get('/').expect(200);
    secrets.set('the dashboard CSRF token', csrfTokenOf(overview.text));
    await coordinator.get(`/signals/${signalId}`).expect(200);

    await eventually(async () =>
      (await h.db.prisma.ministryCase.findFirst({
        where: { signalId, ministry: { code: 'JenV' }, status: 'replied' },
      }))
        ? true
        : undefined,
    );
    const scraped = await supertest(ops).get('/metrics').expect(200);

    // Temporal histories: the signal's and each ministry case's, as protobuf bytes (payloads are JSON inside).
    const histories: Array<[string, Buffer]> = [];
    for (const workflowId of [
      signalWorkflowId(signalId),
      ministryCaseWorkflowId(signalId, 'JenV'),
      ministryCaseWorkflowId(signalId, 'BZ'),
    ]) {
      const history = await h.temporal.client.workflow.getHandle(workflowId).fetchHistory();
      const bytes = proto.api.history.v1.History.encode(
        proto.api.history.v1.History.fromObject(history),
      ).finish();
      histories.push([workflowId, Buffer.from(bytes)]);
    }

    const log = logLines.join('');
    const leaks: string[] = [];
    for (const [what, secret] of secrets) {
      if (log.includes(secret)) leaks.push(`${what} in the log`);
      if (written.join('\n').includes(secret)) leaks.push(`${what} on stdout/stderr`);
      if (scraped.text.includes(secret)) leaks.push(`${what} in /metrics`);
      for (const [workflowId, bytes] of histories) {
        if (bytes.includes(secret)) leaks.push(`${what} in the history of ${workflowId}`);
      }
    }
    expect(leaks).toEqual([]);

    // The lines are there (so the scan means something): the refusals at warn, the link by its fingerprint.
    expect(h.deps.logger.level).toBe('debug');
    expect(log).toContain('"level":40');
    expect(log).toContain(`/respond/${fingerprint(token)}/acknowledge`);
    expect(log).toContain(`/respond/${fingerprint(forged)}`);
    expect(scraped.text).toContain('route="/respond/:token/acknowledge"');
    // The contact's actions are in the signal's history (by the contact's id, never the link).
    const jenvContact = await h.db.prisma.ministryContact.findFirstOrThrow({
      where: { email: 'contact@jenv.example' },
    });
    expect(histories[0]![1].includes(jenvContact.id)).toBe(true);
  });

  it('a subscriber’s Bearer token reaches its endpoint only: no log line, history or answer holds it', async () => {
    const receiver = await startCloudEventsReceiver();
    try {
      // The first attempt fails, so the retry path (the SDK's warning of a failed activity) is in the logs too.
      receiver.behave((_event, seen) => (seen === 0 ? { status: 503 } : { status: 202 }));
      const token = crypto.randomBytes(24).toString('base64url');
      const subscribed = await h
        .request()
        .post('/api/v1/subscriptions')
        .set(h.auth('riecA'))
        .send({ endpoint: receiver.url, eventTypes: ['submitted'], token });
      expect(subscribed.status).toBe(201);
      const listed = await h.request().get('/api/v1/subscriptions').set(h.auth('riecA'));
      const submitted = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
      const signalId = submitted.body.id as string;
      const delivery = await eventually(
        async () => {
          const row = await h.db.prisma.eventDelivery.findFirst({ where: { event: { signalId } } });
          return row?.status === 'delivered' ? row : undefined;
        },
        60_000,
        'the event delivered',
      );
      expect(receiver.requests.map((r) => r.authorization)).toEqual([`Bearer ${token}`, `Bearer ${token}`]);
      const history = await h.temporal.client.workflow
        .getHandle(eventDeliveryWorkflowId(delivery.id, 1))
        .fetchHistory();
      const bytes = Buffer.from(
        proto.api.history.v1.History.encode(proto.api.history.v1.History.fromObject(history)).finish(),
      );
      expect(bytes.includes(delivery.id)).toBe(true);
      expect(bytes.includes(token)).toBe(false);
      expect(logLines.join('')).not.toContain(token);
      expect(written.join('\n')).not.toContain(token);
      expect(JSON.stringify(subscribed.body)).not.toContain(token);
      expect(JSON.stringify(listed.body)).not.toContain(token);
      expect(written.join('\n')).toContain('EndpointUnavailable');
    } finally {
      await receiver.stop();
    }
  });
});
