import type { BrowserContext } from 'playwright-core';
import type supertest from 'supertest';
import { resetPassword } from '../../scripts/admin/commands';
import type { ApiHarness } from '../api/harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/** The CSRF token a dashboard page or the login form carries. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page carries no CSRF token');
  return match[1]!;
}

/** Posts the login form as a browser would: first the form (its CSRF cookie and token), then the credentials. */
export async function postLogin(
  agent: supertest.Agent,
  email: string,
  password: string,
): Promise<supertest.Response> {
  const form = await agent.get('/login');
  return agent
    .post('/login')
    .type('form')
    .send({ email, password, _csrf: csrfTokenOf(form.text) });
}

/**
 * Signs a user in on the login page of the app at `base`, in a real browser: the context then holds the session,
 * so its pages open the dashboard as that user.
 */
export async function signInInBrowser(
  context: BrowserContext,
  base: string,
  credentials: { email: string; password: string },
): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#email', credentials.email);
  await page.fill('#password', credentials.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${base}/`);
  await page.close();
}

export interface DashboardUser {
  email: string;
  password: string;
  agent: supertest.Agent;
  /** The session's CSRF token, for the forms. */
  csrf: string;
}

/** A dashboard password for one of the harness's users (through the admin command), and a logged-in agent. */
export async function loggedIn(h: ApiHarness, email: string): Promise<DashboardUser> {
  const { password } = await resetPassword(h.db.prisma, { email }, TEST_PROCESSING_LOG);
  const agent = h.request();
  const login = await postLogin(agent, email, password);
  if (login.status !== 303) throw new Error(`login of ${email} answered ${login.status}`);
  const overview = await agent.get('/');
  return { email, password, agent, csrf: csrfTokenOf(overview.text) };
}
