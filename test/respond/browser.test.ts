import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { findFreePort } from '../../scripts/services/ports';
import { launchChromium } from '../support/browser';
import { createRespondHarness, samplePdf, type RespondHarness } from './harness';

jest.setTimeout(180_000);

const CHROMIUM = '/usr/bin/chromium';
const docs = path.resolve(__dirname, '..', '..', 'docs');
const describeWithBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;

let h: RespondHarness;
let server: Server;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) return;
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  h = await createRespondHarness({ publicBaseUrl: baseUrl });
  await new Promise<void>((resolve) => {
    server = h.app.listen(port, '127.0.0.1', () => resolve());
  });
  browser = await launchChromium(CHROMIUM);
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await h?.close();
});

async function accessibilityViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as a page script, so the page's CSP stays as strict as it is.
  await page.evaluate(axe.source);
  // (The test code has no DOM types; the browser evaluates this string.)
  const results = await page.evaluate<axe.AxeResults>(
    "axe.run({ runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] })",
  );
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describeWithBrowser('the ministry page in a real browser', () => {
  it('walks from the e-mail link through acknowledge, extension and reply as a person would', async () => {
    const signal = await h.sentSignal();
    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const problems: string[] = [];
    // Console errors (a CSP violation would show here); failed loads are judged by URL below.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        problems.push(message.text());
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      const expectedPage = response.request().isNavigationRequest() && [404, 410].includes(response.status());
      if (response.status() >= 400 && url.pathname !== '/favicon.ico' && !expectedPage) {
        problems.push(`${response.status()} ${url.pathname}`);
      }
    });
    page.on('request', (req) => {
      if (!req.url().startsWith(baseUrl)) problems.push(`third-party request: ${req.url()}`);
    });

    await page.goto(`${baseUrl}${signal.links.JenV}`);
    await expect(page.title()).resolves.toBe(
      `Bestuurlijk signaal ${signal.reference} – Landelijk loket Bestuurlijke Signalen`,
    );
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('nl');
    // The same-origin stylesheets are applied (the CSP allows 'self'): the theme's dark blue header.
    await expect(
      page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor"),
    ).resolves.toBe('rgb(21, 66, 115)');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    fs.mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: path.join(docs, 'respond-page.png'), fullPage: true });
    // At 320 px nothing sticks out sideways (WCAG 1.4.10 reflow).
    await page.setViewportSize({ width: 320, height: 900 });
    await expect(
      page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'),
    ).resolves.toBe(true);
    await page.setViewportSize({ width: 1000, height: 900 });

    // English and back.
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Administrative signal ${signal.reference}`,
    );
    await page.screenshot({ path: path.join(docs, 'respond-page-en.png'), fullPage: true });
    await page.getByRole('link', { name: 'Nederlands' }).click();

    // Keyboard only: skip link, language switch, then the first action.
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Direct naar de inhoud');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('English');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent')).resolves.toBe('Ontvangst bevestigen');
    await Promise.all([page.waitForURL(/\/acknowledge/), page.keyboard.press('Enter')]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ontvangst bevestigd');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(docs, 'respond-acknowledged.png'), fullPage: true });

    // Back to the page: acknowledgement shown, ask for more time.
    await page.getByRole('link', { name: 'Terug naar de pagina van dit signaal' }).click();
    await expect(page.getByText(/U heeft de ontvangst bevestigd op/).count()).resolves.toBe(1);
    await page.getByLabel('Gewenste nieuwe datum voor de reactie').fill('2027-09-30');
    await page.getByLabel('Reden voor het uitstel').fill('Afstemming met een tweede ministerie');
    await page.getByRole('button', { name: 'Uitstel vragen' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Uitstel gevraagd');
    await expect(page.getByText('donderdag 30 september 2027').count()).resolves.toBe(1);

    // And the reply, with a document.
    await page.getByRole('link', { name: 'Terug naar de pagina van dit signaal' }).click();
    await expect(
      page.getByText('Uw verzoek om uitstel tot donderdag 30 september 2027 is in behandeling.').count(),
    ).resolves.toBe(1);
    await page
      .getByLabel('Reactie (tekst)')
      .fill('Het ministerie neemt de aanbevelingen over; zie de bijgevoegde brief.');
    await page
      .getByLabel('Documenten')
      .setInputFiles({ name: 'Brief minister.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await page.getByRole('button', { name: 'Reactie versturen' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Reactie ontvangen');
    await expect(page.getByText('met 1 document').count()).resolves.toBe(1);

    const snapshot = await h.snapshot(signal.id);
    expect(snapshot.ministries.find((m) => m.ministryCode === 'JenV')!.status).toBe('replied');

    // Opening the link again: a clear "done" page.
    const again = await page.goto(`${baseUrl}${signal.links.JenV}`);
    expect(again?.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Afgerond');
    // A link that does not exist (or no longer works): one clear page, nothing about any signal.
    const unknown = await page.goto(`${baseUrl}/respond/${signal.links.JenV.split('/').pop()!.slice(0, 30)}`);
    expect(unknown?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Link niet gevonden');
    await expect(accessibilityViolations(page)).resolves.toEqual([]);
    await page.screenshot({ path: path.join(docs, 'respond-unknown-link.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the request mail as a mail client would (HTML part), Dutch first', async () => {
    const signal = await h.sentSignal();
    const mail = h.smtp.messages.find(
      (m) => m.subject === `[${signal.reference}] Verzoek om reactie / Request for a response`,
    )!;
    const context = await browser.newContext({
      viewport: { width: 760, height: 900 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.setContent(mail.html as string);
    const text = await page.locator('body').innerText();
    expect(text.indexOf('Het Landelijk loket')).toBeLessThan(text.indexOf('The National Desk'));
    await expect(
      page.getByRole('link', { name: 'Open uw persoonlijke pagina' }).getAttribute('href'),
    ).resolves.toMatch(/\/respond\//);
    await page.screenshot({ path: path.join(docs, 'respond-mail.png'), fullPage: true });
    await context.close();
  });
});
