import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemoData, type SeedResult } from '../../scripts/seed/demo';
import { signalWorkflowId } from '../../shared/ids';
import { acknowledgeUpdate, requestExtensionUpdate } from '../../shared/lifecycle';
import { createProductHarness, type ProductHarness } from './harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';
import { docsPath, fitsWidth, launchChromium, newContext, seriousAxeViolations } from './browser';

/**
 * The dashboard in Debian's chromium against the running app (createApp on a port, a real worker, the demo
 * data): log in, filter, download CSV, open a signal, take a decision and see the timeline move, see a
 * ministry's acknowledgement arrive without reloading, read the 2022 report, see a signal's concerned persons on
 * their own recorded page; axe-core and 320 px on every page.
 */
jest.setTimeout(120_000);

describe('coordinators dashboard in a browser', () => {
  let h: ProductHarness;
  let seed: SeedResult;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    h = await createProductHarness();
    [seed, browser] = await Promise.all([
      seedDemoData({
        prisma: h.db.prisma,
        temporal: h.temporal.client,
        taskQueue: h.temporal.taskQueue,
        processingLog: TEST_PROCESSING_LOG,
      }),
      launchChromium(),
    ]);
    // Every imported lifecycle has written its read model once.
    await h.eventually(
      async () => (await h.db.prisma.signal.count({ where: { stateVersion: 0 } })) === 0,
      60_000,
    );
    base = await h.startServer({ temporalUiBaseUrl: 'http://localhost:8233' });
    context = await newContext(browser);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function expectAccessible(where: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) throw new Error(`${where}: ${JSON.stringify(violations, null, 2)}`);
  }

  async function expectReadableAt320(url: string, screenshot?: string): Promise<void> {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 320, height: 800 });
    await narrow.goto(url);
    const { scrollWidth, clientWidth } = await fitsWidth(narrow);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    if (screenshot) await narrow.screenshot({ path: docsPath(screenshot), fullPage: false });
    await narrow.close();
  }

  it('sends a visitor to the login page, refuses a wrong password and lets the coordinator in', async () => {
    expect(seed.coordinatorLogin).toBeDefined();
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expectAccessible('login page');
    // The button's look comes from the component library's CSS with the LIEC theme's tokens, served by the app.
    // (The test code has no DOM types; the browser evaluates this string.)
    await expect(
      page.evaluate("getComputedStyle(document.querySelector('button[type=submit]')).backgroundColor"),
    ).resolves.toBe('rgb(21, 66, 115)');
    await page.fill('#email', seed.coordinatorLogin!.email);
    await page.fill('#password', 'niet-het-wachtwoord');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('onjuist');
    await page.fill('#password', seed.coordinatorLogin!.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Signalen');
    const cookie = (await context.cookies()).find((c) => c.name.includes('signaalloket-session'))!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  });

  it('shows every signal with counts per status, the most urgent first and the overdue highlighted', async () => {
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(10);
    const overdueRows = await page.locator('tbody tr.is-overdue').count();
    expect(overdueRows).toBeGreaterThan(0);
    // Sorted by urgency: overdue rows come first.
    const classes = await Promise.all(
      (await rows.all()).map(async (row) => (await row.getAttribute('class')) ?? ''),
    );
    expect(classes.slice(0, overdueRows).every((c) => c.includes('is-overdue'))).toBe(true);
    const overdueTile = await page.locator('.liec-tile--alert .liec-tile__count').textContent();
    expect(Number(overdueTile)).toBe(overdueRows);
    await expectAccessible('overview');
    await page.screenshot({ path: docsPath('dashboard-overview.png'), fullPage: true });
    await expectReadableAt320(`${base}/`, 'dashboard-overview-320.png');
  });

  it('filters like the API and downloads the filtered list as CSV', async () => {
    await page.selectOption('#f-ministry', 'BZK');
    await page.click('.liec-filters button[type=submit]');
    await page.waitForURL(/ministry=BZK/);
    const chips = await page.locator('tbody tr').allTextContents();
    expect(chips.length).toBe(2);
    expect(chips.every((text) => text.includes('BZK'))).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href^="/export.csv"]'),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('referentie;titel;status');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.includes('BZK'))).toBe(true);

    await page.fill('#f-text', 'arbeidsmigranten');
    await page.click('.liec-filters button[type=submit]');
    await page.waitForURL(/text=arbeidsmigranten/);
    expect(await page.locator('tbody tr').count()).toBe(1);
  });

  it('opens a signal in review, accepts it for two ministries and shows the timeline move', async () => {
    await page.goto(`${base}/?status=in_review`);
    await page.click('tbody a:has-text("Vastgoedtransacties")');
    await page.waitForURL(/\/signals\//);
    await expectAccessible('signal page in review');
    const before = await page.locator('.liec-timeline li').count();
    const temporalLink = await page
      .locator('a[href*="/namespaces/default/workflows/signal-"]')
      .getAttribute('href');
    expect(temporalLink).toMatch(/^http:\/\/localhost:8233\/namespaces\/default\/workflows\/signal-/);

    // A second tab with the same, soon stale, page: its decision must come back refused, with the reason.
    const stale = await context.newPage();
    await stale.goto(page.url());
    await stale.fill('#reject-reason', 'Te weinig onderbouwing.'); // while typing, the live view does not reload

    await page.check('input[name=ministries][value=BZK]');
    await page.check('input[name=ministries][value=Fin]');
    await page.fill('#accept-note', 'Graag aandacht voor de Bibob-toets.');
    await page.click('form[data-action=accept] button[type=submit]');
    await Promise.race([
      page.waitForURL(/done=accept/, { timeout: 60_000 }),
      page.locator('#decision-error').waitFor({ timeout: 60_000 }),
    ]).catch(async (error: unknown) => {
      const snapshot = await h
        .snapshot(new URL(page.url()).pathname.split('/')[2]!)
        .catch((e: unknown) => String(e));
      throw new Error(
        `no answer to accept at ${page.url()}: ${String(error)}; workflow: ${JSON.stringify(snapshot).slice(0, 600)}`,
      );
    });
    if (!page.url().includes('done=accept'))
      throw new Error(`accept refused: ${await page.locator('#decision-error').textContent()}`);
    await expect(page.locator('[role=status].utrecht-alert').textContent()).resolves.toContain('aangeboden');
    await expect(page.locator('#signal-header .utrecht-status-badge').textContent()).resolves.toBe(
      'Bij ministerie(s)',
    );
    const timeline = await page.locator('.liec-timeline').textContent();
    expect(timeline).toContain('Aangeboden aan de ministeries');
    expect(timeline).toContain('Sanne de Vries');
    expect(await page.locator('.liec-timeline li').count()).toBeGreaterThan(before);
    await expect(page.locator('[data-ministry=BZK]').textContent()).resolves.toContain(
      'Wacht op ontvangstbevestiging',
    );

    await stale.click('form[data-action=reject] button[type=submit]');
    const refusal = await stale.locator('#decision-error').textContent();
    expect(refusal).toContain('De workflow weigerde dit besluit');
    expect(refusal).toContain('het signaal is aangeboden aan de ministeries en niet meer in beoordeling');
    await stale.close();
  });

  it('shows a ministry acknowledgement without a reload', async () => {
    const signalId = new URL(page.url()).pathname.split('/')[2]!;
    // The mails with the personal links go out; the timeline shows them once the page polls.
    await h.smtp.waitFor((m) => (m.subject ?? '').includes('Verzoek om reactie'));
    await page.evaluate(() => {
      (globalThis as unknown as { marker: boolean }).marker = true;
    });
    await h.temporal.client.workflow.getHandle(signalWorkflowId(signalId)).executeUpdate(acknowledgeUpdate, {
      args: [
        {
          ministryCode: 'BZK',
          actor: { type: 'ministry_contact', label: 'Contactpunt bestuurlijke signalen BZK' },
        },
      ],
    });
    await page.locator('[data-ministry=BZK] >> text=Ontvangst bevestigd').waitFor({ timeout: 15_000 });
    // The same document: no reload happened.
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: boolean }).marker)).toBe(true);
    await page.locator('.liec-timeline >> text=E-mail').first().waitFor({ timeout: 15_000 });
    await expectAccessible('signal page after sending');
    await page.screenshot({ path: docsPath('dashboard-signal.png'), fullPage: true });
    await expectReadableAt320(page.url(), 'dashboard-signal-320.png');
  });

  it('shows the 2022 figures with the paragraph of the annual report and a chart', async () => {
    await page.click('nav >> text=Jaarcijfers');
    await page.selectOption('#year', '2022');
    await page.click('form[action="/reports"] button[type=submit]');
    await page.waitForURL(/year=2022/);
    const paragraph = await page.locator('#annual-paragraph').textContent();
    expect(paragraph).toContain(
      'In 2022 zijn via het LIEC twee bestuurlijke signalen bij de verantwoordelijke ministeries ingediend.',
    );
    expect(paragraph).toContain(
      'De indieners zijn nog in afwachting van de reactie van de betrokken ministers.',
    );
    expect(await page.locator('svg.liec-chart rect').count()).toBeGreaterThan(0);
    await expectAccessible('reports page');
    await page.screenshot({ path: docsPath('report-2022.png'), fullPage: true });
    await expectReadableAt320(page.url(), 'report-2022-320.png');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href="/export.csv?year=2022"]'),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('BS-2022-0001');
    expect(csv).toContain('BS-2021-0004');
  });

  it('shows how many persons a signal concerns, and their names only on a page of their own that the log records', async () => {
    const signal = await h.db.prisma.signal.findFirstOrThrow({
      where: { title: { startsWith: 'Vastgoedtransacties' } },
      include: { concernedPersons: { orderBy: { position: 'asc' } } },
    });
    const persons = signal.concernedPersons;
    expect(persons).toHaveLength(2);
    const register = h.config.processingRegister;
    const reads = () =>
      h.db.prisma.processingLogRecord.findMany({
        where: {
          processingActivityId: register.uriOf('concerned-person-access'),
          dataSubjectId: { in: persons.map((p) => register.pseudonymOf({ kind: 'person', id: p.id })) },
        },
      });
    expect(await reads()).toEqual([]);

    await page.goto(`${base}/?text=Vastgoedtransacties`);
    await page.click('tbody a:has-text("Vastgoedtransacties")');
    await page.waitForURL(`${base}/signals/${signal.id}`);
    const main = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    expect(main).toContain('De indiener heeft 2 betrokken personen gemarkeerd.');
    const html = await page.content();
    for (const person of persons) expect(html).not.toContain(person.name);
    expect(await reads()).toEqual([]); // the count reads nobody's data

    await page.click('main a:has-text("Betrokken personen bekijken")');
    await page.waitForURL(`${base}/signals/${signal.id}/concerned-persons`);
    await expect(page.locator('h1').textContent()).resolves.toBe(
      `Betrokken personen bij ${signal.reference}`,
    );
    const rows = await page.locator('#concerned-persons tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    persons.forEach((person, index) => {
      expect(rows[index]).toContain(person.name);
      expect(rows[index]).toContain(person.id);
      if (person.role) expect(rows[index]).toContain(person.role);
    });
    expect(rows[0]).toContain(persons[0]!.birthDate!.toISOString().slice(0, 10));
    // Seeing them is a processing: one record per person, for the loket.
    expect((await reads()).map((r) => r.actorOrganisation)).toEqual(['LIEC', 'LIEC']);
    await expectAccessible('concerned persons page');
    await page.screenshot({ path: docsPath('dashboard-concerned-persons.png'), fullPage: true });
    await expectReadableAt320(page.url());
  });

  it('records a reply that came by post, forwards the replies to the submitter and closes the signal', async () => {
    await page.goto(`${base}/?status=partially_replied`);
    await page.click('tbody a:has-text("Drugslabs")');
    await page.waitForURL(/\/signals\//);
    await page.check('form[data-action=record_reply] input[name=ministries][value=JenV]');
    await page.fill('#reply-text', 'De minister van Justitie en Veiligheid neemt de aanbevelingen over.');
    await page.click('form[data-action=record_reply] button[type=submit]');
    await page.waitForURL(/done=record_reply/);
    await expect(page.locator('#signal-header .utrecht-status-badge').textContent()).resolves.toBe(
      'Beantwoord',
    );
    await expect(page.locator('[data-ministry=JenV]').textContent()).resolves.toContain('Reactie ontvangen');
    // Both replies (LNV's, imported, and JenV's) are ticked in the Doorsturen form; one forwarding takes them.
    await expect(
      page.locator('form[data-action=forward_replies] input[name=replies]:checked').count(),
    ).resolves.toBe(2);
    await page.fill('#forward-note', 'Hierbij de reacties van LNV en JenV.');
    await page.click('form[data-action=forward_replies] button[type=submit]');
    await page.waitForURL(/done=forward_replies/);
    await expect(page.getByText(/Doorgestuurd aan de indieners op/).count()).resolves.toBe(2);
    await page.fill('#close-note', 'Afgerond na doorsturen aan RIEC Oost-Brabant.');
    await page.click('form[data-action=close] button[type=submit]');
    await page.waitForURL(/done=close/);
    await expect(page.locator('#signal-header .utrecht-status-badge').textContent()).resolves.toBe(
      'Afgesloten',
    );
    expect(await page.locator('form.liec-decision').count()).toBe(0);
    await expect(page.locator('.liec-timeline').textContent()).resolves.toContain('Signaal afgesloten');
  });

  it('shows an extension request and approves it', async () => {
    const signal = await h.db.prisma.signal.findFirstOrThrow({
      where: { title: { startsWith: 'Fraude met subsidies' } },
    });
    await h.temporal.client.workflow
      .getHandle(signalWorkflowId(signal.id))
      .executeUpdate(requestExtensionUpdate, {
        args: [
          {
            ministryCode: 'BZK',
            reason: 'Afstemming met de VNG kost meer tijd.',
            extraWorkingDays: 20,
            actor: { type: 'ministry_contact', label: 'Contactpunt BZK' },
          },
        ],
      });
    await page.goto(`${base}/signals/${signal.id}`);
    await expect(page.locator('[data-ministry=BZK]').textContent()).resolves.toContain(
      'Afstemming met de VNG kost meer tijd.',
    );
    const before = (await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: signal.id } }))
      .replyDueAt!;
    await page.click('form[data-action=decide_extension] button[type=submit]');
    await page.waitForURL(/done=decide_extension/);
    const after = await h.eventually(async () => {
      const c = await h.db.prisma.ministryCase.findFirstOrThrow({ where: { signalId: signal.id } });
      return c.replyDueAt! > before ? c : null;
    });
    expect(after.extensionCount).toBe(1);
    await expect(page.locator('.liec-timeline').textContent()).resolves.toContain('Uitstel toegekend');
  });

  it('pages through the list', async () => {
    await page.goto(`${base}/?pageSize=4&page=2`);
    expect(await page.locator('tbody tr').count()).toBe(4);
    await expect(page.locator('#result-count').textContent()).resolves.toContain('pagina 2 van 3');
    await page.click('a[rel=next]');
    await page.waitForURL(/page=3/);
    expect(await page.locator('tbody tr').count()).toBe(2);
  });

  it('refuses a form without the session CSRF token', async () => {
    const signal = await h.db.prisma.signal.findFirstOrThrow({ where: { status: 'in_review' } });
    const cookies = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const response = await fetch(`${base}/signals/${signal.id}/decisions`, {
      method: 'POST',
      headers: { cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'reject', reason: 'x', _csrf: 'wrong' }),
      redirect: 'manual',
    });
    expect(response.status).toBe(403);
    expect((await h.db.prisma.signal.findUniqueOrThrow({ where: { id: signal.id } })).status).toBe(
      'in_review',
    );
  });

  it('seeds nothing on a second start', async () => {
    const before = await h.db.prisma.signal.count();
    const again = await seedDemoData({
      prisma: h.db.prisma,
      temporal: h.temporal.client,
      taskQueue: h.temporal.taskQueue,
      processingLog: TEST_PROCESSING_LOG,
    });
    expect(again).toEqual({ seeded: false });
    expect(await h.db.prisma.signal.count()).toBe(before);
    expect(await h.db.prisma.user.count({ where: { role: 'coordinator' } })).toBe(1);
  });

  it('logs out', async () => {
    await page.click('nav button:has-text("Uitloggen")');
    await page.waitForURL(/\/login\?loggedOut=1/);
    await page.goto(`${base}/reports`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
