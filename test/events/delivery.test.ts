import pino from 'pino';
import { startWorkerRuntime } from '../../worker/runtime';
import { eventually, inReview, useApiHarness, validSignal, type Caller } from '../api/harness';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../support/cloudevents-receiver';
import { testWorkflowBundle } from '../support/workflow-bundle';

/**
 * Events to subscribers end to end: the real API, worker (workflows, activities, the event dispatcher) and Temporal
 * dev server, and subscribers' endpoints built on the cloudevents SDK (test/support/cloudevents-receiver.ts).
 * Retries are quick here (0.2 s, at most 1 s apart) and many, so a receiver's outage of seconds is ridden out.
 */
const SOURCE = 'urn:nld:oin:00000001003214345000:systeem:signaalloket';
const h = useApiHarness({
  worker: true,
  env: {
    EVENTS_SOURCE: SOURCE,
    EVENTS_ALLOW_LOOPBACK_HTTP: 'true',
    EVENTS_RETRY_INITIAL_SECONDS: '0.2',
    EVENTS_RETRY_MAX_INTERVAL_SECONDS: '1',
    EVENTS_RETRY_MAX_ATTEMPTS: '100',
  },
});

const receivers: CloudEventsReceiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.stop()));
});

const LONG = 60_000;

async function receiver(): Promise<CloudEventsReceiver> {
  const started = await startCloudEventsReceiver();
  receivers.push(started);
  return started;
}

async function subscribe(
  caller: Caller,
  endpoint: string,
  eventTypes: string[],
  token: string,
): Promise<{ id: string }> {
  const response = await h
    .request()
    .post('/api/v1/subscriptions')
    .set(h.auth(caller))
    .send({ endpoint, eventTypes, token });
  expect(response.status).toBe(201);
  return response.body as { id: string };
}

async function unsubscribe(caller: Caller, id: string): Promise<void> {
  const response = await h.request().delete(`/api/v1/subscriptions/${id}`).set(h.auth(caller));
  expect(response.status).toBe(200);
}

async function submit(caller: Caller = 'riecA', overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await h.request().post('/api/v1/signals').set(h.auth(caller)).send(validSignal(overrides));
  expect(response.status).toBe(201);
  return (response.body as { id: string }).id;
}

const eventNamed = (r: CloudEventsReceiver, signalId: string, type: string) =>
  eventually(
    () => Promise.resolve(r.eventsAbout(signalId).find((event) => event.type === type)),
    LONG,
    `${type} about ${signalId}`,
  );

const TYPE = (name: string) => `nl.liec.signaalloket.signal.${name}.v1`;

test('each event follows the NL GOV profile, carries the Bearer token, references and links, and no content', async () => {
  const riec = await receiver();
  const loket = await receiver();
  const other = await receiver();
  const riecToken = 'riec-a-token-0123456789abcdef';
  const mine = await subscribe('riecA', riec.url, ['submitted', 'review_decided'], riecToken);
  const all = await subscribe('coordinator', loket.url, ['submitted'], 'coordinator-token-0123456789');
  const theirs = await subscribe(
    'riecB',
    other.url,
    ['submitted', 'review_decided'],
    'riec-b-token-0123456789abc',
  );

  const secretWords = 'Geheimhoudingsplichtige bevindingen over Jan Jansen uit het onderzoek';
  const signalId = await submit('riecA', { content: secretWords, contactEmail: 'j.jansen@riec-nh.example' });
  const submitted = await eventNamed(riec, signalId, TYPE('submitted'));
  const detail = await h.request().get(`/api/v1/signals/${signalId}`).set(h.auth('riecA'));

  expect(submitted).toMatchObject({
    specversion: '1.0',
    source: SOURCE,
    type: TYPE('submitted'),
    datacontenttype: 'application/json',
    subject: signalId,
    dataref: `http://signaalloket.test/api/v1/signals/${signalId}`,
  });
  expect(submitted.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(Date.parse(submitted.time!)).toBeGreaterThan(Date.now() - 5 * 60_000);
  expect(submitted.data).toEqual({
    signalId,
    reference: (detail.body as { reference: string }).reference,
    links: { signal: `http://signaalloket.test/api/v1/signals/${signalId}` },
  });
  const request = riec.requestsFor(submitted.id)[0]!;
  expect(request.authorization).toBe(`Bearer ${riecToken}`);
  expect(request.contentType).toMatch(/^application\/cloudevents\+json/);

  // A review decision: the reason the coordinator gives stays with the loket.
  await inReview(h, signalId);
  const review = await h
    .request()
    .post(`/api/v1/signals/${signalId}/review`)
    .set(h.auth('coordinator'))
    .send({ decision: 'request_changes', reason: 'Graag de passage over Jan Jansen anonimiseren.' });
  expect(review.status).toBe(200);
  const decided = await eventNamed(riec, signalId, TYPE('review-decided'));
  expect(decided.data).toMatchObject({ signalId, decision: 'request_changes' });

  // The coordinator's subscription covers every signal; another RIEC's covers only its own.
  await eventNamed(loket, signalId, TYPE('submitted'));
  const otherSignal = await submit('riecB');
  await eventNamed(other, otherSignal, TYPE('submitted'));
  expect(other.eventsAbout(signalId)).toEqual([]);
  expect(riec.eventsAbout(otherSignal)).toEqual([]);

  for (const r of [riec, loket, other]) {
    for (const received of r.requests) {
      expect(received.raw).not.toContain('Jansen');
      expect(received.raw).not.toContain(secretWords);
      expect(received.raw).not.toContain('Misbruik van de visumprocedure'); // the title
      expect(received.raw).not.toContain('riec-nh.example');
    }
  }
  expect(loket.requests.every((r) => r.authorization === 'Bearer coordinator-token-0123456789')).toBe(true);
  // The token is kept sealed, not as given.
  const row = await h.db.prisma.eventSubscription.findUniqueOrThrow({ where: { id: mine.id } });
  expect(row.tokenSealed).not.toContain(riecToken);
  await Promise.all([
    unsubscribe('riecA', mine.id),
    unsubscribe('coordinator', all.id),
    unsubscribe('riecB', theirs.id),
  ]);
});

test('at least once: a failed attempt is repeated with the same id, and the receiver keeps the event once', async () => {
  const r = await receiver();
  r.behave((_event, seen) => (seen === 0 ? { status: 503 } : { status: 202 }));
  const subscription = await subscribe('riecA', r.url, ['submitted'], 'dedup-token-0123456789abcdef');
  const signalId = await submit();
  const event = await eventNamed(r, signalId, TYPE('submitted'));
  const attempts = r.requestsFor(event.id);
  expect(attempts.map((a) => a.status)).toEqual([503, 202]);
  expect(attempts[0]!.event!.id).toBe(attempts[1]!.event!.id);
  expect(r.eventsAbout(signalId)).toHaveLength(1);
  const delivery = await eventually(
    async () => {
      const row = await h.db.prisma.eventDelivery.findFirst({
        where: { subscriptionId: subscription.id, event: { signalId } },
      });
      return row?.status === 'delivered' ? row : undefined;
    },
    LONG,
    'the delivery recorded as delivered',
  );
  expect(delivery).toMatchObject({ attempts: 2, lastStatusCode: 202 });
  await unsubscribe('riecA', subscription.id);
});

test('429 with Retry-After: the next attempt waits as long as the subscriber asked', async () => {
  const r = await receiver();
  r.behave((_event, seen) =>
    seen === 0 ? { status: 429, headers: { 'Retry-After': '3' } } : { status: 202 },
  );
  const subscription = await subscribe('riecA', r.url, ['submitted'], 'busy-token-0123456789abcdef');
  const signalId = await submit();
  const event = await eventNamed(r, signalId, TYPE('submitted'));
  const [first, second] = r.requestsFor(event.id);
  expect(first!.status).toBe(429);
  expect(second!.status).toBe(202);
  // The policy alone would retry after 0.2 s.
  expect(second!.at - first!.at).toBeGreaterThanOrEqual(2_900);
  await unsubscribe('riecA', subscription.id);
});

test('410 Gone retires the subscription: nothing more is sent there', async () => {
  const r = await receiver();
  r.behave(() => ({ status: 410 }));
  const subscription = await subscribe('riecA', r.url, ['submitted'], 'gone-token-0123456789abcdef');
  const signalId = await submit();
  const retired = await eventually(
    async () => {
      const row = await h.db.prisma.eventSubscription.findUniqueOrThrow({ where: { id: subscription.id } });
      return row.status === 'retired' ? row : undefined;
    },
    LONG,
    'the subscription retired',
  );
  expect(retired.endedReason).toContain('410');
  expect(r.requests).toHaveLength(1);
  const listed = await h.request().get(`/api/v1/subscriptions/${subscription.id}`).set(h.auth('riecA'));
  expect(listed.body).toMatchObject({ status: 'retired' });
  const delivery = await h.db.prisma.eventDelivery.findFirstOrThrow({
    where: { subscriptionId: subscription.id, event: { signalId } },
  });
  expect(delivery.status).toBe('cancelled');

  // A later event reaches no retired subscription (another subscriber's receipt shows it was sent).
  const witness = await receiver();
  const watching = await subscribe('riecA', witness.url, ['submitted'], 'witness-token-0123456789abc');
  const later = await submit();
  await eventNamed(witness, later, TYPE('submitted'));
  expect(r.requests).toHaveLength(1);
  expect(
    await h.db.prisma.eventDelivery.count({
      where: { subscriptionId: subscription.id, event: { signalId: later } },
    }),
  ).toBe(0);
  await unsubscribe('riecA', watching.id);
});

test('a receiver that is down loses nothing: every event arrives once it is back', async () => {
  const r = await receiver();
  const subscription = await subscribe('riecA', r.url, ['submitted'], 'outage-token-0123456789abcdef');
  await r.pause();
  const signals = [await submit(), await submit(), await submit()];
  // Each delivery has tried and failed at least once while the endpoint refused connections.
  await eventually(
    async () => {
      const failing = await h.db.prisma.eventDelivery.count({
        where: {
          subscriptionId: subscription.id,
          attempts: { gte: 1 },
          status: 'pending',
          lastStatusCode: null,
        },
      });
      return failing === signals.length ? true : undefined;
    },
    LONG,
    'attempts against the closed endpoint',
  );
  await r.resume();
  for (const signalId of signals) await eventNamed(r, signalId, TYPE('submitted'));
  await unsubscribe('riecA', subscription.id);
});

test('a worker that is down loses nothing: the outbox holds the events until a worker runs again', async () => {
  const r = await receiver();
  const subscription = await subscribe('riecA', r.url, ['submitted'], 'worker-outage-token-012345678');
  await h.worker!.stop();
  // Accepted by the API while no worker runs: the event is in the outbox, in the submit's own statement.
  const signalId = await submit();
  const waiting = await h.db.prisma.cloudEventOutbox.findMany({ where: { signalId } });
  expect(waiting.map((row) => row.eventName)).toEqual(['submitted']);
  expect(r.requests).toHaveLength(0);
  const replacement = await startWorkerRuntime(h.config, {
    logger: pino({ level: 'silent' }),
    workflowBundle: testWorkflowBundle(),
    dispatcherPollMs: 100,
  });
  try {
    const event = await eventNamed(r, signalId, TYPE('submitted'));
    expect(event.id).toBe(waiting[0]!.id);
  } finally {
    await unsubscribe('riecA', subscription.id);
    await replacement.stop();
  }
});
