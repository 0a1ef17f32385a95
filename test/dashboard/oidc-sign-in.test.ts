import http from 'node:http';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, type ApiHarness } from '../api/harness';
import {
  createClientKeyPair,
  dashboardClient,
  startTestOidcProvider,
  type ClientKeyPair,
  type TestOidcProvider,
} from '../support/oidc-provider';
import { launchChromium, newContext, seriousAxeViolations } from './browser';

/**
 * Single sign-on for the dashboard, end to end in Debian's chromium: the app on http://localhost:<port> and a real
 * OpenID Provider (oidc-provider) on http://127.0.0.1:<port>, two different sites, as a dashboard and its
 * organisation's identity provider are. The coordinator signs in on the provider's own login and consent pages and
 * signs out of both; a tampered state or nonce, a user without a role and a sign-in below the required acr get a
 * Dutch page and no session.
 */
jest.setTimeout(120_000);

const CLIENT_ID = 'signaalloket-dashboard';
const SUBSTANTIAL = 'http://eidas.europa.eu/LoA/substantial';
const LOW = 'http://eidas.europa.eu/LoA/low';

const accounts = [
  {
    login: 'c.jansen',
    password: 'correct horse battery staple',
    sub: 'idp-7f3a9c',
    acr: SUBSTANTIAL,
    claims: {
      name: 'Corry Jansen',
      email: 'c.jansen@liec.example',
      roles: ['medewerker', 'liec-coordinator'],
    },
  },
  {
    login: 'p.pieters',
    password: 'nog een wachtwoord',
    sub: 'idp-0b12de',
    acr: SUBSTANTIAL,
    claims: { name: 'Piet Pieters', email: 'p.pieters@liec.example', roles: ['medewerker'] },
  },
  {
    login: 'l.laag',
    password: 'zwak maar waar',
    sub: 'idp-55aa01',
    acr: LOW,
    claims: { name: 'Lotte Laag', email: 'l.laag@liec.example', roles: ['liec-coordinator'] },
  },
];
const [coordinator, withoutRole, lowAssurance] = accounts as [
  (typeof accounts)[0],
  (typeof accounts)[0],
  (typeof accounts)[0],
];

let provider: TestOidcProvider;
let keys: ClientKeyPair;
let h: ApiHarness;
let server: http.Server;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
/** Everything app and relying party log, at debug: what refused a sign-in, and proof that no token is in there. */
const logLines: string[] = [];
const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
/** What the relying party said about a failed sign-in: the check that refused it. */
const refusals = () =>
  logLines
    .map((line) => JSON.parse(line) as { error?: { code?: string; detail?: string } })
    .flatMap((entry) => (entry.error?.detail ? [entry.error] : []));

beforeAll(async () => {
  const port = await findFreePort();
  base = `http://localhost:${port}`;
  keys = createClientKeyPair();
  [provider, browser] = await Promise.all([
    startTestOidcProvider({
      clients: [dashboardClient(CLIENT_ID, base, keys.publicJwk)],
      accounts,
      acrValues: [LOW, SUBSTANTIAL],
    }),
    launchChromium(),
  ]);
  h = await createApiHarness({
    publicBaseUrl: base,
    logger,
    env: {
      DASHBOARD_SIGN_IN: 'local,oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_PRIVATE_KEY_PATH: keys.privateKeyPath,
      OIDC_PRIVATE_KEY_ID: keys.kid,
      OIDC_ROLE_CLAIM: 'roles',
      OIDC_ROLE_MAP: 'liec-coordinator:coordinator,liec-lead:lead,liec-admin:admin',
      OIDC_REQUIRED_ACR: SUBSTANTIAL,
    },
  });
  server = http.createServer(h.app);
  await new Promise<void>((resolve) => server.listen(port, '::', resolve));
});

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await h?.close();
  await provider?.stop();
  keys?.remove();
});

beforeEach(async () => {
  context = await newContext(browser);
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

async function expectAccessible(where: string): Promise<void> {
  const violations = await seriousAxeViolations(page);
  if (violations.length > 0) throw new Error(`${where}: ${JSON.stringify(violations, null, 2)}`);
}

const onProvider = () => page.url().startsWith(provider.issuer);

/** From the dashboard's login page to the provider's login form. */
async function toProviderLogin(): Promise<void> {
  await page.goto(`${base}/login`);
  await page.click('#sign-in-oidc');
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
}

/** The provider's login form (and its consent page, the first time an account signs in to this client). */
async function signInAtProvider(account: { login: string; password: string }): Promise<void> {
  await page.fill('#login', account.login);
  await page.fill('#password', account.password);
  await page.click('#idp-sign-in');
  await page.waitForURL((url) => !url.href.includes('/login'));
  if (onProvider() && (await page.locator('#idp-consent').count()) > 0) await page.click('#idp-consent');
  await page.waitForURL((url) => url.href.startsWith(base));
}

/** The sign-in transaction cookie this browser holds, decoded, and a way to put a changed one back. */
async function transactionCookie() {
  const cookie = (await context.cookies(base)).find((c) => c.name.endsWith('-oidc'))!;
  const value = JSON.parse(Buffer.from(cookie.value, 'base64url').toString('utf8')) as Record<string, string>;
  return {
    value,
    replace: (changed: Record<string, string>) =>
      context.addCookies([{ ...cookie, value: Buffer.from(JSON.stringify(changed)).toString('base64url') }]),
  };
}

const sessionsOf = (email: string) => h.db.prisma.session.findMany({ where: { user: { email } } });

describe('signing in to the dashboard through the organisation', () => {
  it('signs a coordinator in on the provider’s pages, then out of the dashboard and the provider', async () => {
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('#sign-in-oidc').textContent()).resolves.toBe('Inloggen via uw organisatie');
    await expectAccessible('login page with both methods');

    await page.click('#sign-in-oidc');
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    const authorization = new URL(page.url());
    // What the provider saw the dashboard ask for (it sent the browser on to its login page since).
    expect(authorization.pathname).toMatch(/^\/interaction\//);
    await signInAtProvider(coordinator);
    // The callback's page goes on to the dashboard by itself (see signedInPage).
    await page.waitForURL(`${base}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Signalen');
    await expect(page.locator('.liec-nav__name').textContent()).resolves.toBe('Corry Jansen');
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { email: coordinator.claims.email } });
    expect(user).toMatchObject({
      role: 'coordinator',
      name: 'Corry Jansen',
      oidcIssuer: provider.issuer,
      oidcSubject: coordinator.sub,
      passwordHash: null,
    });
    const [session] = await sessionsOf(coordinator.claims.email);
    expect(session!.idToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const sessionCookie = (await context.cookies(base)).find((c) => c.name === 'signaalloket-session')!;
    expect(sessionCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect((await context.cookies(base)).some((c) => c.name.endsWith('-oidc'))).toBe(false);

    // Sign out: our session ends at once, then the provider asks to confirm its own logout and sends the
    // browser back to the dashboard's login page.
    await page.click('text=Uitloggen');
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    expect(await sessionsOf(coordinator.claims.email)).toEqual([]);
    await page.click('button[name=logout]');
    await page.waitForURL(`${base}/login?loggedOut=1`);
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('U bent uitgelogd.');

    // The provider's session has ended too: signing in again asks for the credentials again.
    await page.click('#sign-in-oidc');
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await expect(page.locator('#login').isVisible()).resolves.toBe(true);
    await signInAtProvider(coordinator);
    await page.waitForURL(`${base}/`);
  });

  it.each([
    {
      what: 'a callback whose state',
      field: 'state',
      code: 'OAUTH_INVALID_RESPONSE',
      detail: 'unexpected "state" response parameter value',
    },
    {
      what: 'an ID token whose nonce',
      field: 'nonce',
      code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
      detail: 'unexpected ID Token "nonce" claim value',
    },
  ])('refuses $what is not the one this browser sent', async ({ field, code, detail }) => {
    await toProviderLogin();
    const transaction = await transactionCookie();
    await transaction.replace({ ...transaction.value, [field]: `a-${field}-this-browser-never-sent` });
    const before = refusals().length;
    await signInAtProvider(coordinator);
    expect(refusals().slice(before)).toEqual([expect.objectContaining({ code, detail })]);
    expect(new URL(page.url()).pathname).toBe('/login/oidc/callback');
    await expect(page.locator('h1').textContent()).resolves.toBe('Inloggen is niet gelukt');
    await expect(page.locator('main').textContent()).resolves.toContain('kon niet worden gecontroleerd');
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('refuses a callback without the sign-in cookie of this browser', async () => {
    await toProviderLogin();
    await context.clearCookies({ name: /-oidc$/ });
    await signInAtProvider(coordinator);
    await expect(page.locator('h1').textContent()).resolves.toBe('Inloggen is niet gelukt');
  });

  it('gives someone the provider knows but who has no dashboard role a Dutch page, and no account', async () => {
    await toProviderLogin();
    await signInAtProvider(withoutRole);
    await expect(page.locator('h1').textContent()).resolves.toBe('Geen toegang tot het dashboard');
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('geen rol voor het dashboard');
    expect(text).not.toMatch(/eyJ|idp-0b12de|stack|Error/);
    await expectAccessible('no-role page');
    expect(await h.db.prisma.user.count({ where: { email: withoutRole.claims.email } })).toBe(0);
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('refuses a sign-in below the required acr', async () => {
    await toProviderLogin();
    await signInAtProvider(lowAssurance);
    await expect(page.locator('h1').textContent()).resolves.toBe('Hoger betrouwbaarheidsniveau nodig');
    expect(await h.db.prisma.user.count({ where: { email: lowAssurance.claims.email } })).toBe(0);
  });

  it('publishes the public key the provider checks the client assertions with, and nothing private', async () => {
    const response = await fetch(`${base}/login/oidc/jwks.json`);
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(Object.keys(jwks.keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      kid: keys.kid,
      n: keys.publicJwk.n,
      e: keys.publicJwk.e,
      use: 'sig',
      alg: 'RS256',
    });
  });

  it('lets the dashboard’s forms post to the provider, whose logout the logout form is redirected to', async () => {
    const response = await fetch(`${base}/login`);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain(`form-action 'self' ${provider.issuer}`);
    expect(policy).toContain("default-src 'self'");
  });

  it('logged what refused each sign-in, and never a token, code or key', () => {
    const everything = logLines.join('');
    expect(everything).toContain('sign-in refused: acr below OIDC_REQUIRED_ACR');
    expect(everything).not.toMatch(/eyJ[\w-]{8,}/); // no JWT: ID token, client assertion
    expect(everything).not.toMatch(/code=|code_verifier|PRIVATE KEY|"d":/);
    for (const account of accounts) expect(everything).not.toContain(account.password);
  });
});
