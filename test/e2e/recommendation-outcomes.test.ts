// Response bodies are untyped JSON; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call */
import { createKey } from '../../scripts/admin/commands';
import { docsPath, expectAccessible } from '../dashboard/browser';
import { COORDINATOR_LOGIN, useDeskInBrowsers } from '../dashboard/harness';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';

/**
 * Outcomes of recommendations end to end (issue 18, "done when"): an RIEC submits a signal with two
 * recommendations (the list of strings, as before); the loket sends it to JenV through the API; the JenV contact
 * opens the link from the real mail in Chromium and proposes an outcome on its page; the coordinator confirms it on
 * the dashboard's recommendation panel (the screenshot docs/dashboard-recommendations.png) and records the other
 * through the API; the RIEC reads both outcomes, without the reasons. Then the ministry's reply comes by post, so
 * the adopted recommendation's follow-up is planned, and the coordinator records the progress report (by post too)
 * with the dashboard's form "Voortgang opvolging vastleggen". Real services throughout: the Temporal dev server,
 * PostgreSQL, SMTP, the whole app on a port, Chromium.
 */
jest.setTimeout(180_000);

const h = useDeskInBrowsers();
let coordinatorKey: string;

async function api(key: string, path: string, body?: object): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  coordinatorKey = (await createKey(h.db.prisma, { user: COORDINATOR_LOGIN.email })).key;
});

it('records outcomes through the ministry page, the dashboard and the API', async () => {
  const submitted = await api(h.riecKey, '/signals', {
    title: 'Misbruik van de visumprocedure',
    summary: 'Samenvatting.',
    content: 'Volledige tekst.',
    recommendations: ['Deel gegevens tussen IND en BZ.', 'Verscherp de toets bij de visumaanvraag.'],
  });
  expect(submitted.status).toBe(201);
  const { id, reference } = submitted.body as { id: string; reference: string };
  await h.eventually(
    async () => (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review',
  );
  expect(
    (await api(coordinatorKey, `/signals/${id}/review`, { decision: 'accept', ministryCodes: ['JenV'] }))
      .status,
  ).toBe(200);
  const [first, second] = (await api(coordinatorKey, `/signals/${id}`)).body.recommendationItems as Array<{
    id: string;
  }>;

  // The contact proposes on its page, from the link in the real mail.
  const request = await h.smtp.waitFor(
    (m) =>
      recipientsOf(m).includes('jan@jenv.example') &&
      m.subject === `[${reference}] Verzoek om reactie / Request for a response`,
  );
  const contact = await h.ministry.newPage();
  await contact.goto(`${h.baseUrl}${new URL(responseLinkIn(request.text)).pathname}`);
  await expect(contact.locator('#rec-heading').textContent()).resolves.toBe('5. Aanbevelingen');
  const item = contact.locator(`[data-recommendation="${first!.id}"]`);
  await item.getByLabel('Uitkomst').selectOption('adopted');
  await item.getByLabel('Toelichting').fill('Wetsvoorstel in voorbereiding.');
  await item.getByRole('button', { name: 'Voorstel versturen' }).click();
  await expect(contact.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Voorstel ontvangen');
  await contact.getByRole('link', { name: 'Terug naar de pagina van dit signaal' }).click();
  await expect(contact.locator(`[data-recommendation="${first!.id}"]`).textContent()).resolves.toContain(
    'Uw voorstel van',
  );
  await expectAccessible(contact, 'ministry page with a proposal');

  // The coordinator confirms it on the dashboard.
  const page = await h.loket.newPage();
  await page.goto(`${h.baseUrl}/signals/${id}`);
  const row = page.locator(`[data-recommendation="${first!.id}"] [data-outcome-ministry=JenV]`);
  await expect(row.locator('[data-proposal]').textContent()).resolves.toContain('Overgenomen');
  await row.getByRole('button', { name: 'Voorstel bevestigen' }).click();
  await page.waitForURL(/done=record_outcome/, { timeout: 60_000 });
  await expect(
    page
      .locator(`[data-recommendation="${first!.id}"] [data-outcome-ministry=JenV] [data-outcome]`)
      .first()
      .getAttribute('data-outcome'),
  ).resolves.toBe('adopted');

  // The other through the API; a ministry the signal was not sent to is refused with the reason.
  const refused = await api(coordinatorKey, `/signals/${id}/recommendations/${second!.id}/outcomes/BZ`, {
    outcome: 'adopted',
  });
  expect(refused).toMatchObject({
    status: 409,
    body: { detail: 'cannot record an outcome: the signal was not sent to ministry BZ' },
  });
  const recorded = await api(coordinatorKey, `/signals/${id}/recommendations/${second!.id}/outcomes/JenV`, {
    outcome: 'not_adopted',
    reason: 'Past niet in het wettelijk kader.',
  });
  expect(recorded.status).toBe(200);
  await page.goto(`${h.baseUrl}/signals/${id}#recommendations`);
  await expect(page.locator('#recommendations').textContent()).resolves.toContain('Niet overgenomen');
  await expect(page.locator('.liec-timeline').textContent()).resolves.toContain(
    'Uitkomst van een aanbeveling vastgelegd',
  );
  await expectAccessible(page, 'signal page with outcomes');
  await page.locator('#recommendations').screenshot({ path: docsPath('dashboard-recommendations.png') });

  // The RIEC reads the outcomes of its own signal, not the reasons.
  const own = await api(h.riecKey, `/signals/${id}/recommendations`);
  expect(own.status).toBe(200);
  expect(
    own.body.items.map((r: { outcomes: Array<{ outcome: string; reason: string | null }> }) => r.outcomes[0]),
  ).toEqual([
    expect.objectContaining({ ministryCode: 'JenV', outcome: 'adopted', reason: null }),
    expect.objectContaining({ ministryCode: 'JenV', outcome: 'not_adopted', reason: null }),
  ]);

  // The reply comes by post: the follow-up of what JenV adopted is planned; its report is recorded on the dashboard.
  expect(
    (await api(coordinatorKey, `/signals/${id}/ministries/JenV/reply`, { text: 'De minister reageert.' }))
      .status,
  ).toBe(201);
  await h.eventually(
    async () =>
      (await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: id } })).followUpDueAt !== null,
  );
  await page.goto(`${h.baseUrl}/signals/${id}#follow-up`);
  const followUp = page.locator('[data-follow-up-ministry=JenV]');
  await expect(followUp.getAttribute('data-follow-up-state')).resolves.toBe('awaiting');
  await expectAccessible(page, 'signal page with a follow-up awaiting its report');
  await followUp.getByLabel('Stand van de uitvoering bij JenV').selectOption('in_progress');
  await followUp.getByLabel('Toelichting').fill('Wetsvoorstel in consultatie.');
  await followUp.getByRole('button', { name: 'Voortgang opvolging vastleggen' }).click();
  await page.waitForURL(/done=report_follow_up/, { timeout: 60_000 });
  await expect(page.getByRole('status').first().textContent()).resolves.toContain(
    'De voortgang van de opvolging is vastgelegd',
  );
  const reported = page.locator('[data-follow-up-ministry=JenV]');
  await expect(reported.getAttribute('data-follow-up-state')).resolves.toBe('reported');
  await expect(reported.locator('[data-follow-up-progress]').textContent()).resolves.toContain(
    'In uitvoering',
  );
  await expect(reported.locator('form').count()).resolves.toBe(0);
  await expect(page.locator('.liec-timeline').textContent()).resolves.toContain(
    'Voortgang van de opvolging gemeld (JenV)',
  );
  await expectAccessible(page, 'signal page with a follow-up reported');
});
