import type { Page } from 'playwright-core';
import { signalWorkflowId } from '../../shared/ids';
import { reviewUpdate } from '../../shared/lifecycle';
import { recipientsOf, responseLinkIn } from '../mail/fixtures';
import { docsPath, expectAccessible } from './browser';
import { useDeskInBrowsers } from './harness';

/**
 * Suspension in two browsers against the running product: the ministry contact asks on its page, in Dutch, for its
 * reply clock to be suspended; the coordinator grants the request on the dashboard, whose signal page then says
 * "opgeschort sinds …" (the screenshot docs/dashboard-suspension.png), and resumes it there; the contact's page
 * and mails follow. Then the coordinator suspends a review clock from its form.
 */
jest.setTimeout(180_000);

const h = useDeskInBrowsers();

async function submitted(title: string): Promise<{ id: string; reference: string }> {
  const res = await fetch(`${h.baseUrl}/api/v1/signals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.riecKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, summary: 'Samenvatting.', content: 'Volledige tekst.' }),
  });
  expect(res.status).toBe(201);
  const signal = (await res.json()) as { id: string; reference: string };
  await h.eventually(
    async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id: signal.id } })).status === 'in_review',
  );
  return signal;
}

/** Posts a decision form on the coordinator's page and waits for the page it leads to. */
async function decide(page: Page, action: string, scope = ''): Promise<void> {
  await page.click(`${scope} form[data-action=${action}] button[type=submit]`);
  await Promise.race([
    page.waitForURL(new RegExp(`done=${action}`), { timeout: 60_000 }),
    page.locator('#decision-error').waitFor({ timeout: 60_000 }),
  ]);
  if (!page.url().includes(`done=${action}`))
    throw new Error(`${action} refused: ${await page.locator('#decision-error').textContent()}`);
}

it('a ministry asks on its page for its reply clock to stand still; the coordinator grants it and resumes it on the dashboard', async () => {
  const signal = await submitted('Misbruik van de visumprocedure');
  await h.temporal.client.workflow.getHandle(signalWorkflowId(signal.id)).executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: { type: 'coordinator', label: 'Loket' } }],
  });
  const request = await h.smtp.waitFor(
    (m) =>
      recipientsOf(m).includes('jan@jenv.example') &&
      m.subject === `[${signal.reference}] Verzoek om reactie / Request for a response`,
  );
  const link = new URL(responseLinkIn(request.text)).pathname;

  // The contact's page, in Dutch: the request form with its explanation.
  const contact = await h.ministry.newPage();
  await contact.goto(`${h.baseUrl}${link}`);
  await expect(contact.locator('#susp-heading').textContent()).resolves.toBe('3. Opschorting vragen');
  await expect(contact.locator('section[aria-labelledby=susp-heading]').textContent()).resolves.toContain(
    'schuift de uiterste datum op met de werkdagen dat hij stilstond',
  );
  await contact.getByLabel('Waarop wacht uw ministerie?').fill('Advies van de Raad van State');
  await contact.getByRole('button', { name: 'Opschorting vragen' }).click();
  await expect(contact.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
    'Opschorting gevraagd',
  );
  await contact.getByRole('link', { name: 'Terug naar de pagina van dit signaal' }).click();
  await expect(
    contact.getByText(/Uw verzoek om opschorting van .* is in behandeling\./).count(),
  ).resolves.toBe(1);
  await expectAccessible(contact, 'ministry page with a pending suspension request');
  await h.smtp.waitFor(
    (m) =>
      recipientsOf(m).includes('coordinator@liec.example') &&
      (m.subject ?? '').includes('Opschorting gevraagd'),
  );

  // The coordinator sees the request with its reason and grants it.
  const page = await h.loket.newPage();
  await page.goto(`${h.baseUrl}/signals/${signal.id}`);
  const requestPanel = page.locator('[data-suspension-request=JenV]');
  await expect(requestPanel.textContent()).resolves.toContain('Advies van de Raad van State');
  await expect(requestPanel.textContent()).resolves.toContain('JenV vraagt de reactietermijn op te schorten');
  await expectAccessible(page, 'signal page with a suspension request');
  await decide(page, 'decide_suspension', '[data-suspension-request=JenV]');
  await expect(page.locator('[role=status].utrecht-alert').textContent()).resolves.toContain(
    'Het besluit over de opschorting is vastgelegd.',
  );
  const card = page.locator('[data-ministry=JenV]');
  await expect(card.locator('.liec-suspended').textContent()).resolves.toMatch(
    /^opgeschort sinds \d+ \w+\.? \d{4}$/,
  );
  await expect(page.locator('.liec-timeline').textContent()).resolves.toContain('Termijn opgeschort (JenV)');
  await expect(page.locator('[data-clocks=JenV]').textContent()).resolves.toContain(
    'Reactietermijn hervatten',
  );
  await expectAccessible(page, 'signal page with a suspended reply clock');
  await page.screenshot({ path: docsPath('dashboard-suspension.png'), fullPage: true });
  const row = await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: signal.id } });
  expect(row.replySuspendedSince).not.toBeNull();
  expect(row.replySuspensionReason).toBe('Advies van de Raad van State');

  // The contact's page and mail say so.
  await h.smtp.waitFor(
    (m) =>
      recipientsOf(m).includes('jan@jenv.example') && (m.subject ?? '').includes('Opschorting toegekend'),
  );
  await contact.goto(`${h.baseUrl}${link}`);
  await expect(contact.getByText(/De reactietermijn is opgeschort sinds/).count()).resolves.toBe(1);
  await expect(contact.locator('dl').textContent()).resolves.toContain('Reactietermijn opgeschort sinds');

  // Resumed the same day: the deadline stands, the clock runs again.
  await decide(page, 'resume_clock', '[data-clocks=JenV]');
  await expect(card.locator('.liec-suspended').count()).resolves.toBe(0);
  await expect(page.locator('.liec-timeline').textContent()).resolves.toContain('0 werkdagen teruggegeven');
  await h.smtp.waitFor(
    (m) => recipientsOf(m).includes('jan@jenv.example') && (m.subject ?? '').includes('Termijn loopt weer'),
  );
  await contact.goto(`${h.baseUrl}${link}`);
  await expect(contact.getByRole('button', { name: 'Opschorting vragen' }).count()).resolves.toBe(1);
  await contact.close();
  await page.close();
});

it('suspends the review clock from its form: the header says since when and why, the live view keeps it', async () => {
  const signal = await submitted('Vastgoedtransacties');
  const page = await h.loket.newPage();
  await page.goto(`${h.baseUrl}/signals/${signal.id}`);
  await page.fill('#suspend-reason-review', 'Wacht op het proces-verbaal van de politie');
  await decide(page, 'suspend_clock', '[data-clock=review]');
  const header = page.locator('#signal-header [data-suspended-since]');
  expect((await header.textContent())!.replace(/\s+/g, ' ').trim()).toMatch(
    /^Termijn beoordeling LIEC opgeschort sinds \d+ \w+\.? \d{4} · reden: Wacht op het proces-verbaal van de politie$/,
  );
  // A suspended review has no next deadline to count down to.
  await expect(page.locator('#signal-header').textContent()).resolves.not.toContain('Volgende termijn');
  await expect(page.locator('[data-clock=review]').textContent()).resolves.toContain(
    'Beoordelingstermijn hervatten',
  );
  // Suspending it twice (a stale form) is refused with the catalogue's Dutch reason.
  const stale = await fetch(`${h.baseUrl}/signals/${signal.id}/decisions`, {
    method: 'POST',
    headers: {
      cookie: (await h.loket.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      _csrf: (await page.locator('input[name=_csrf]').first().getAttribute('value'))!,
      action: 'suspend_clock',
      clock: 'review',
      reason: 'Nog eens',
    }),
    redirect: 'manual',
  });
  expect(stale.status).toBe(422);
  expect(await stale.text()).toContain('de beoordelingstermijn is al opgeschort sinds');
  await expectAccessible(page, 'signal page with a suspended review');
  await page.close();
});
