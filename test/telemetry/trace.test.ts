import crypto from 'node:crypto';
import path from 'node:path';
import { createKey, createOrganisation } from '../../scripts/admin/commands';
import { spawnBound, type BoundProcess } from '../../scripts/services/bound-process';
import { findFreePort } from '../../scripts/services/ports';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../support/cloudevents-receiver';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { awaitTestWorkflowBundle } from '../support/workflow-bundle';

/**
 * The API and the worker as their own processes (api/main.ts and the worker's process entry), tracing to an OTLP
 * receiver in this test: one submit must become one trace, from the HTTP request through the workflow start and the
 * workflow into an activity's PostgreSQL query; an event delivered to a subscriber carries the trace on.
 */
jest.setTimeout(180_000);

const ROOT = path.join(__dirname, '..', '..');

let db: TestDatabase;
let receiver: OtlpReceiver;
let subscriber: CloudEventsReceiver;
let api: BoundProcess;
let worker: BoundProcess;
let apiUrl: string;
let riecKey: string;

/** Spawns a product entry point and resolves once a line of its output matches `ready`. */
async function startEntry(script: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<BoundProcess> {
  const started = spawnBound(process.execPath, ['--import', 'tsx', path.join(ROOT, script)], {
    env,
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    stopSignal: 'SIGTERM',
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (ready.test(output)) resolve();
    };
    started.child.stdout?.on('data', onData);
    started.child.stderr?.on('data', onData);
    void started.exited.then((code) =>
      reject(new Error(`${script} exited (${code}): ${output.slice(-2000)}`)),
    );
  });
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await createOrganisation(db.prisma, {
    code: 'RIEC-NH',
    name: 'RIEC Noord-Holland',
    email: 'riec@example.org',
  });
  riecKey = (await createKey(db.prisma, { org: 'RIEC-NH' })).key;
  receiver = await startOtlpReceiver();
  subscriber = await startCloudEventsReceiver();
  const port = await findFreePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    // info: the API says "API listening" once it serves.
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
    // No mail is due before the review; an address nobody listens on keeps the test to the trace.
    SMTP_URL: 'smtp://127.0.0.1:9',
    TEMPORAL_TASK_QUEUE: `traces-${crypto.randomBytes(4).toString('hex')}`,
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
    PORT: String(port),
    PUBLIC_BASE_URL: apiUrl,
    OPS_PORT: String(await findFreePort()),
    WORKFLOW_BUNDLE: (await awaitTestWorkflowBundle()).codePath,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '200',
    // The subscriber in this test listens on 127.0.0.1 over http.
    EVENTS_ALLOW_LOOPBACK_HTTP: 'true',
  };
  worker = await startEntry('scripts/services/worker-process.ts', env, /WORKER_READY/);
  api = await startEntry('api/main.ts', env, /API listening/);
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await receiver?.stop();
  await subscriber?.stop();
  await db?.drop();
});

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The chain from a span up to its trace's root, as far as the receiver has the spans. */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain = [span];
  for (let at = span; at.parentSpanId;) {
    const parent = spans.find((s) => s.spanId === at.parentSpanId && s.traceId === at.traceId);
    if (!parent) break;
    chain.push(parent);
    at = parent;
  }
  return chain;
}

it('follows a submit from the HTTP request through the workflow start into an activity’s PostgreSQL query', async () => {
  const response = await fetch(`${apiUrl}/api/v1/signals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${riecKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Misbruik van een vergunningstelsel',
      summary: 'Samenvatting voor de tracetest.',
      content: 'Bevindingen uit het onderzoek.',
      recommendations: ['Deel gegevens tussen de diensten.'],
    }),
  });
  expect(response.status).toBe(201);

  const request = await waitFor(
    () =>
      receiver.spans.find(
        (s) =>
          s.service === 'signaalloket-api' &&
          s.kind === 2 &&
          s.attributes['http.target'] === '/api/v1/signals',
      ),
    'server span of the submit',
  );
  const trace = () => receiver.spans.filter((s) => s.traceId === request.traceId);

  const start = await waitFor(
    () => trace().find((s) => s.service === 'signaalloket-api' && s.name.startsWith('StartWorkflow:')),
    'workflow start span in the request’s trace',
  );
  // A read-model write: an INSERT or UPDATE that a worker activity sends to PostgreSQL, in the request's trace.
  const readModelWrite = await waitFor(
    () =>
      trace().find(
        (s) =>
          s.service === 'signaalloket-worker' &&
          s.attributes['db.system'] === 'postgresql' &&
          /^\s*(INSERT|UPDATE)\b/i.test(String(s.attributes['db.statement'] ?? '')) &&
          ancestry(s, trace()).some((a) => a.name.startsWith('RunActivity:')) &&
          // The workflow's span of the call comes through a sink, later than the activity's own spans.
          ancestry(s, trace()).some((a) => a.name.startsWith('StartActivity:')),
      ),
    'PostgreSQL write of an activity in the request’s trace',
  );
  // Its ancestry runs up to the workflow's call of the activity (whose parent, the workflow run span, is exported
  // when the workflow ends); the workflow start hangs under the request.
  const chain = ancestry(readModelWrite, trace()).map((s) => `${s.service} ${s.name}`);
  expect(chain).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^signaalloket-worker RunActivity:/),
      expect.stringMatching(/^signaalloket-worker StartActivity:/),
    ]),
  );
  expect(start.parentSpanId).toBe(request.spanId);
  // Statements only, never the values bound to them (signal content, personal data).
  expect(JSON.stringify(trace())).not.toContain('Bevindingen uit het onderzoek');
});

it('records no response-link token, query or Authorization header in span attributes', async () => {
  const token = crypto.randomBytes(24).toString('base64url');
  await fetch(`${apiUrl}/respond/${token}?lang=en`, {
    headers: { authorization: 'Bearer secret-value-1234' },
  });
  const span = await waitFor(
    () =>
      receiver.spans.find(
        (s) => s.kind === 2 && String(s.attributes['http.target'] ?? '').startsWith('/respond/~'),
      ),
    'server span of the response-link request',
  );
  expect(span.attributes['http.target']).toMatch(/^\/respond\/~[0-9a-f]{8}$/);
  const everything = JSON.stringify(receiver.spans);
  expect(everything).not.toContain(token);
  expect(everything).not.toContain('secret-value-1234');
  expect(everything).not.toContain(riecKey);
});

it('passes the trace on to a subscriber with the event it delivers (W3C traceparent)', async () => {
  const subscribed = await fetch(`${apiUrl}/api/v1/subscriptions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${riecKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      endpoint: subscriber.url,
      eventTypes: ['submitted'],
      token: crypto.randomBytes(24).toString('base64url'),
    }),
  });
  expect(subscribed.status).toBe(201);
  const submitted = await fetch(`${apiUrl}/api/v1/signals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${riecKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Misbruik van een subsidieregeling',
      summary: 'Samenvatting voor de tracetest van een levering.',
      content: 'Bevindingen uit het onderzoek.',
      recommendations: ['Controleer de aanvragen.'],
    }),
  });
  expect(submitted.status).toBe(201);
  const { id } = (await submitted.json()) as { id: string };

  const delivered = await waitFor(
    () => subscriber.requests.find((r) => r.event?.subject === id && r.status < 300),
    'the submitted event at the subscriber',
  );
  expect(delivered.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
  const [, traceId, parentSpanId] = delivered.traceparent!.split('-');
  // The span the subscriber's request hangs under is the worker's delivery activity (or a span within it).
  const parent = await waitFor(
    () => receiver.spans.find((s) => s.traceId === traceId && s.spanId === parentSpanId),
    'the delivering span in the OTLP receiver',
  );
  expect(parent.service).toBe('signaalloket-worker');
  const chain = ancestry(parent, receiver.spans).map((s) => s.name);
  expect(chain).toEqual(expect.arrayContaining([expect.stringMatching(/^RunActivity:/)]));
});
