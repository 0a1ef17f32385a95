import https from 'node:https';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { resetPassword } from '../../scripts/admin/commands';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, type ApiHarness } from '../api/harness';
import { selfSignedCertificate } from '../support/tls';
import { launchChromium } from './browser';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * Production runs behind https, where the dashboard's cookies carry the `__Host-` prefix, which browsers accept
 * only when Secure, on Path=/ and without a Domain. So the login is tried where those rules apply: chromium against
 * the app served by node:https with a certificate made for this test, and PUBLIC_BASE_URL on that https origin.
 */
jest.setTimeout(60_000);

let h: ApiHarness;
let server: https.Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
let password: string;
const email = 'coordinator@liec.example';

beforeAll(async () => {
  const port = await findFreePort();
  base = `https://127.0.0.1:${port}`;
  const [harness, tls, chromium] = await Promise.all([
    createApiHarness({ publicBaseUrl: base }),
    selfSignedCertificate('127.0.0.1'),
    launchChromium(),
  ]);
  h = harness;
  browser = chromium;
  password = (await resetPassword(h.db.prisma, { email }, TEST_PROCESSING_LOG)).password;
  server = https.createServer(tls, h.app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  // The certificate is the test's own: the browser is told to accept it, nothing else about https changes.
  context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'nl-NL' });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await h?.close();
});

describe('dashboard login over https', () => {
  it('logs a coordinator in with __Host- cookies and lands on the dashboard', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    const formCookies = await context.cookies();
    expect(formCookies.map((c) => c.name)).toEqual(['__Host-signaalloket-session-login']);
    expect(formCookies[0]).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Strict' });

    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Signalen');
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual(['__Host-signaalloket-session']);
    expect(cookies[0]).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Strict' });
  });

  it('logs out', async () => {
    await page.click('nav button:has-text("Uitloggen")');
    await page.waitForURL(/\/login\?loggedOut=1$/);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('U bent uitgelogd.');
    expect((await context.cookies()).map((c) => c.name)).not.toContain('__Host-signaalloket-session');
    await page.goto(`${base}/reports`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
