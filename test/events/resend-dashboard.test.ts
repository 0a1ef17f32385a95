import { resetPassword } from '../../scripts/admin/commands';
import { eventually, useApiHarness } from '../api/harness';
import { inBrowser, seriousAxeViolations } from '../dashboard/browser';
import { loggedIn } from '../dashboard/login';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../support/cloudevents-receiver';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * Failed deliveries on the dashboard: a subscriber that keeps failing (5xx) gets a few attempts with backoff, then
 * the delivery is failed; the loket sees it and sends it again, with the same event id, once the subscriber is
 * back. A refusal (4xx) fails at once. Three attempts here, so the limit is reached in about a second.
 */
const h = useApiHarness({
  worker: true,
  env: {
    EVENTS_ALLOW_LOOPBACK_HTTP: 'true',
    EVENTS_RETRY_INITIAL_SECONDS: '0.2',
    EVENTS_RETRY_MAX_INTERVAL_SECONDS: '1',
    EVENTS_RETRY_MAX_ATTEMPTS: '3',
  },
});

let receiver: CloudEventsReceiver;
beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
});
afterAll(() => receiver?.stop());

const LONG = 60_000;

async function failedDeliveryOf(signalId: string) {
  return eventually(
    async () =>
      (await h.db.prisma.eventDelivery.findFirst({
        where: { event: { signalId }, status: 'failed' },
        include: { event: true },
      })) ?? undefined,
    LONG,
    'the delivery to fail',
  );
}

test('a delivery still failing after the last retry is listed for the loket and re-sent with the same id', async () => {
  receiver.behave(() => ({ status: 503 }));
  const subscribed = await h
    .request()
    .post('/api/v1/subscriptions')
    .set(h.auth('coordinator'))
    .send({ endpoint: receiver.url, eventTypes: ['submitted'], token: 'loket-token-0123456789abcdef' });
  expect(subscribed.status).toBe(201);
  const submitted = await h
    .request()
    .post('/api/v1/signals')
    .set(h.auth('riecA'))
    .send({
      title: 'Misbruik van de visumprocedure',
      summary: 'Samenvatting.',
      content: 'Inhoud.',
      recommendations: ['Aanbeveling.'],
    });
  const signalId = (submitted.body as { id: string }).id;
  const reference = (submitted.body as { reference: string }).reference;

  const failed = await failedDeliveryOf(signalId);
  expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 503, round: 1 });
  const eventId = failed.event.id;
  expect(receiver.requestsFor(eventId).map((r) => r.status)).toEqual([503, 503, 503]);

  const coordinator = await loggedIn(h, 'coordinator@liec.example');
  const page = await coordinator.agent.get('/event-deliveries');
  expect(page.status).toBe(200);
  expect(page.text).toContain('Mislukte afleveringen');
  expect(page.text).toContain(reference);
  expect(page.text).toContain('Ingediend');
  expect(page.text).toContain('503');
  expect(page.text).toContain(`action="/event-deliveries/${failed.id}/resend"`);
  expect(page.text).not.toContain('loket-token');

  // Without the session's CSRF token the form is refused, and nothing is sent again.
  const forged = await coordinator.agent.post(`/event-deliveries/${failed.id}/resend`).type('form').send({});
  expect(forged.status).toBe(403);
  // An admin reads the list but sends nothing again.
  const admin = await loggedIn(h, 'admin@liec.example');
  expect((await admin.agent.get('/event-deliveries')).text).not.toContain('/resend"');
  const byAdmin = await admin.agent
    .post(`/event-deliveries/${failed.id}/resend`)
    .type('form')
    .send({ _csrf: admin.csrf });
  expect(byAdmin.status).toBe(403);
  expect((await h.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe(
    'failed',
  );

  receiver.behave(() => ({ status: 202 }));
  const resent = await coordinator.agent
    .post(`/event-deliveries/${failed.id}/resend`)
    .type('form')
    .send({ _csrf: coordinator.csrf });
  expect(resent.status).toBe(303);
  expect(resent.headers.location).toBe('/event-deliveries?done=queued');
  const delivered = await eventually(
    async () => {
      const row = await h.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: failed.id } });
      return row.status === 'delivered' ? row : undefined;
    },
    LONG,
    'the re-sent delivery to arrive',
  );
  expect(delivered.round).toBe(2);
  expect(receiver.accepted.get(eventId)?.subject).toBe(signalId);
  expect(receiver.requestsFor(eventId).map((r) => r.status)).toEqual([503, 503, 503, 202]);

  // Sent again twice (a double click): the second finds nothing failed.
  const again = await coordinator.agent
    .post(`/event-deliveries/${failed.id}/resend`)
    .type('form')
    .send({ _csrf: coordinator.csrf });
  expect(again.headers.location).toBe('/event-deliveries?done=not_failed');
  const after = await coordinator.agent.get('/event-deliveries');
  expect(after.text).not.toContain(reference);
});

test('a refusal (4xx) is not retried: it fails at once, and the loket sends it again from the page in a browser', async () => {
  receiver.behave(() => ({ status: 403 }));
  const submitted = await h
    .request()
    .post('/api/v1/signals')
    .set(h.auth('riecA'))
    .send({ title: 'Tweede signaal', summary: 'S.', content: 'I.', recommendations: ['A.'] });
  const signalId = (submitted.body as { id: string }).id;
  const failed = await failedDeliveryOf(signalId);
  expect(failed).toMatchObject({ attempts: 1, lastStatusCode: 403 });
  expect(failed.lastError).toContain('refused');
  const reference = (submitted.body as { reference: string }).reference;

  // In a browser: the page is accessible, and its button sends the event again.
  receiver.behave(() => ({ status: 202 }));
  const { password } = await resetPassword(h.db.prisma, { email: 'lead@liec.example' }, TEST_PROCESSING_LOG);
  await inBrowser(h.app, async (page, base) => {
    await page.goto(`${base}/login?next=${encodeURIComponent('/event-deliveries')}`);
    await page.fill('#email', 'lead@liec.example');
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/event-deliveries`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Mislukte afleveringen');
    expect(await seriousAxeViolations(page)).toEqual([]);
    const row = page.locator('tr', { hasText: reference });
    await expect(row.locator('td[data-label="Laatste antwoord"]').textContent()).resolves.toContain('403');
    await row.getByRole('button', { name: /Opnieuw versturen/ }).click();
    await page.waitForURL(`${base}/event-deliveries?done=queued`);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('opnieuw verstuurd');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
  await eventually(
    async () => {
      const row = await h.db.prisma.eventDelivery.findUniqueOrThrow({ where: { id: failed.id } });
      return row.status === 'delivered' ? row : undefined;
    },
    LONG,
    'the re-sent delivery to arrive',
  );
  expect(receiver.requestsFor(failed.event.id).map((r) => r.status)).toEqual([403, 202]);
});
