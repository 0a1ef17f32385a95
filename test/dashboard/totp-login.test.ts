import { Secret, TOTP } from 'otpauth';
import { createApp } from '../../api/app';
import { runAdminCli } from '../../scripts/admin/cli';
import { createUser, resetPassword } from '../../scripts/admin/commands';
import { createApiHarness, type ApiHarness } from '../api/harness';
import { inBrowser, seriousAxeViolations } from './browser';
import { csrfTokenOf, postLogin } from './login';
import { TEST_PROCESSING_LOG } from '../support/processing-log';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';

/**
 * TOTP (RFC 6238) for local dashboard accounts: enrolled through the admin CLI (an otpauth URI, the secret sealed
 * at rest), asked for after the right password, each code once, every try under the account's login delay. The
 * codes are computed here with the same library from the URI's secret, at the app's clock (moved by the test).
 */
jest.setTimeout(90_000);

const KEY = 'k7Jx0c2Vv9m4QpZr8sT1uW3yA5bD6eF7gH8iJ9kL0mN';
const email = 't.otp@liec.example';
let h: ApiHarness;
let current = new Date();
let password: string;
let secret: string;

const codeAt = (at: Date, base32 = secret) =>
  new TOTP({ secret: Secret.fromBase32(base32), digits: 6, period: 30 }).generate({
    timestamp: at.getTime(),
  });
const advance = (ms: number) => {
  current = new Date(current.getTime() + ms);
};

async function admin(env: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdminCli(
    args,
    { out: (line) => out.push(line), err: (line) => err.push(line) },
    { DATABASE_URL: h.db.url, RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET, ...env },
  );
  return { code, out, err };
}

beforeAll(async () => {
  h = await createApiHarness({
    clock: () => new Date(current.getTime()),
    env: { TOTP_ENCRYPTION_KEY: KEY },
    app: { dashboard: { loginRateLimit: 10_000 } },
  });
  await createUser(h.db.prisma, { email, name: 'Tessa Otp', role: 'coordinator' }, TEST_PROCESSING_LOG);
  password = (await resetPassword(h.db.prisma, { email }, TEST_PROCESSING_LOG)).password;
});
afterAll(async () => {
  await h?.close();
});

/** Password step: answers the redirect to the code form, or to the dashboard for an account without TOTP. */
async function passwordStep(agent = h.request()) {
  const response = await postLogin(agent, email, password);
  return { agent, response };
}

async function postCode(agent: ReturnType<ApiHarness['request']>, code: string) {
  const form = await agent.get('/login/code');
  expect(form.status).toBe(200);
  return agent
    .post('/login/code')
    .type('form')
    .send({ code, _csrf: csrfTokenOf(form.text) });
}

describe('TOTP for local accounts', () => {
  it('is enrolled through the admin CLI, which prints an otpauth URI once and stores the secret sealed', async () => {
    const refused = await admin({}, 'user', 'totp', '--email', email);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toContain('TOTP needs TOTP_ENCRYPTION_KEY');

    const enrolled = await admin({ TOTP_ENCRYPTION_KEY: KEY }, 'user', 'totp', '--email', email);
    expect(enrolled.code).toBe(0);
    expect(enrolled.out).toHaveLength(1);
    const uri = new URL(enrolled.out[0]!);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe(
      '/Landelijk loket Bestuurlijke Signalen:t.otp@liec.example',
    );
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    secret = uri.searchParams.get('secret')!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.totpSecret).toMatch(/^v1\./);
    expect(row.totpSecret).not.toContain(secret);
    const listed = await admin({}, 'user', 'list');
    expect(listed.out.find((line) => line.startsWith(email))).toBe(
      `${email}\tcoordinator\tTessa Otp\t(totp)`,
    );
  });

  it('asks for the code after the right password, refuses a wrong one and lets the right one in', async () => {
    const { agent, response } = await passwordStep();
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login/code');
    // The password alone opens nothing.
    expect((await agent.get('/')).status).toBe(303);

    const wrong = await postCode(agent, codeAt(new Date(current.getTime() + 10 * 60_000)));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('De code klopt niet');
    expect((await agent.get('/')).status).toBe(303);

    const right = await postCode(agent, codeAt(current));
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/');
    expect((await agent.get('/')).status).toBe(200);
    expect(await h.db.prisma.pendingSignIn.count()).toBe(0);
  });

  it('accepts a code once: the same code again is refused, the next one works', async () => {
    const used = codeAt(current);
    const { agent } = await passwordStep();
    const replayed = await postCode(agent, used);
    expect(replayed.status).toBe(401);
    advance(30_000);
    expect((await postCode(agent, codeAt(current))).status).toBe(303);
    expect((await agent.get('/')).status).toBe(200);
  });

  it('counts wrong codes against the account like wrong passwords: after five, the next one waits', async () => {
    advance(60_000);
    const { agent } = await passwordStep();
    for (let attempt = 0; attempt < 5; attempt++) expect((await postCode(agent, '000000')).status).toBe(401);
    // Inside the delay even the right code is not looked at.
    const delayed = await postCode(agent, codeAt(current));
    expect(delayed.status).toBe(401);
    expect(delayed.text).toContain('wachttijd');
    advance(2_000);
    expect((await postCode(agent, codeAt(current))).status).toBe(303);
    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.failedLogins).toBe(0);
  });

  it('sends the code form back to the login page without a password step, or after five minutes', async () => {
    const stranger = h.request();
    expect((await stranger.get('/login/code')).headers.location).toBe('/login');
    advance(60_000);
    const { agent } = await passwordStep();
    advance(5 * 60_000);
    const late = await agent.get('/login/code');
    expect(late.status).toBe(303);
    expect(late.headers.location).toBe('/login');
  });

  it('fails closed with a Dutch page when the API lacks the key the secret was sealed with', async () => {
    advance(60_000);
    const keyless = createApp(
      { ...h.deps, config: { ...h.config, signIn: { local: true } } },
      { dashboard: { loginRateLimit: 10_000 } },
    );
    const agent = (await import('supertest')).default.agent(keyless);
    expect((await postLogin(agent, email, password)).headers.location).toBe('/login/code');
    const refused = await postCode(agent, codeAt(current));
    expect(refused.status).toBe(503);
    expect(refused.text).toContain('Inloggen met een code lukt nu niet');
    expect((await agent.get('/')).status).toBe(303);
  });

  it('in a browser: the code page is accessible, a wrong code is refused, the right one opens the dashboard', async () => {
    advance(60_000);
    await inBrowser(h.app, async (page, base) => {
      await page.goto(`${base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/login/code`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Inlogcode');
      const violations = await seriousAxeViolations(page);
      expect(violations).toEqual([]);
      await page.fill('#code', '123456' === codeAt(current) ? '654321' : '123456');
      await page.click('button[type=submit]');
      await expect(page.locator('[role=alert]').textContent()).resolves.toContain('De code klopt niet');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.fill('#code', codeAt(current));
      await page.click('button[type=submit]');
      await page.waitForURL(`${base}/`);
      await expect(page.locator('h1').textContent()).resolves.toBe('Signalen');
    });
  });

  it('is removed through the admin CLI: the password alone logs in again', async () => {
    advance(60_000);
    const removed = await admin({}, 'user', 'totp-remove', '--email', email);
    expect(removed.out).toEqual([`TOTP removed for ${email}; the password alone logs in`]);
    const { agent, response } = await passwordStep();
    expect(response.headers.location).toBe('/');
    expect((await agent.get('/')).status).toBe(200);
  });
});
