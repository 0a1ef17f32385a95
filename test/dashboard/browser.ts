import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';

export { launchChromium };

/** axe-core is injected as a script, which the app's CSP would forbid: the test context bypasses CSP for it only. */
export function newContext(browser: Browser, width = 1280): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width, height: 900 },
    bypassCSP: true,
    acceptDownloads: true,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
  });
}

/**
 * Serves `app` on a free port of 127.0.0.1 and runs `body` on a page of a Chromium of its own; closes both when the
 * body ends, whether it passed or failed.
 */
export async function inBrowser(
  app: http.RequestListener,
  body: (page: Page, base: string) => Promise<void>,
): Promise<void> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    await body(await (await newContext(browser)).newPage(), base);
  } finally {
    await browser?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axePath = path.join(path.dirname(require.resolve('axe-core/package.json')), 'axe.min.js');

/** Serious and critical WCAG 2.0/2.1 A and AA violations on the current page. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const browser = globalThis as unknown as {
      axe: { run(ctx: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await browser.axe.run(browser.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails, naming `where` and listing them, when the page has serious or critical violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) throw new Error(`${where}: ${JSON.stringify(violations, null, 2)}`);
}

/** True when nothing sticks out sideways: no horizontal scrolling needed at this width (WCAG 1.4.10 reflow). */
export function fitsWidth(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

export const docsPath = (name: string) => path.resolve(__dirname, '..', '..', 'docs', name);
