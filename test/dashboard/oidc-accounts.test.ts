import { accountForIdentity, type ProviderIdentity } from '../../api/auth/oidc/users';
import { processingLogOf } from '../../api/deps';
import { createUser, disableUser } from '../../scripts/admin/commands';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, type ApiHarness } from '../api/harness';
import { createClientKeyPair, type ClientKeyPair } from '../support/oidc-provider';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

/**
 * Which account a sign-in through the identity provider is (real PostgreSQL), and a dashboard that offers only the
 * provider: no password form, a posted one refused, and a provider that cannot be reached gets a Dutch page.
 */
let h: ApiHarness;
let keys: ClientKeyPair;
let ISSUER: string;

beforeAll(async () => {
  keys = createClientKeyPair();
  // A port nothing listens on: discovery fails at once.
  ISSUER = `https://127.0.0.1:${await findFreePort()}`;
  h = await createApiHarness({
    env: {
      DASHBOARD_SIGN_IN: 'oidc',
      OIDC_ISSUER: ISSUER,
      OIDC_CLIENT_ID: 'signaalloket',
      OIDC_PRIVATE_KEY_PATH: keys.privateKeyPath,
      OIDC_ROLE_MAP: 'liec-coordinator:coordinator',
    },
  });
});
afterAll(async () => {
  await h?.close();
  keys?.remove();
});

const identity = (overrides: Partial<ProviderIdentity> = {}): ProviderIdentity => ({
  issuer: ISSUER,
  subject: 'sub-1',
  email: 'a.de.boer@liec.example',
  name: 'A. de Boer',
  role: 'coordinator',
  ...overrides,
});

describe('the account of a provider identity', () => {
  it('is made at the first sign-in and follows the provider at each later one: name, address, role', async () => {
    const first = await accountForIdentity(h.db.prisma, processingLogOf(h.deps), identity());
    expect(first).toMatchObject({ ok: true, user: { email: 'a.de.boer@liec.example', role: 'coordinator' } });
    const later = await accountForIdentity(
      h.db.prisma,
      processingLogOf(h.deps),
      identity({ email: 'anna.de.boer@liec.example', name: 'Anna de Boer', role: 'lead' }),
    );
    expect(later.ok && later.user.id).toBe(first.ok && first.user.id);
    expect(later).toMatchObject({
      ok: true,
      user: { email: 'anna.de.boer@liec.example', name: 'Anna de Boer', role: 'lead' },
    });
  });

  it('takes over a local account with the same address that no identity holds yet, keeping its history', async () => {
    const local = await createUser(
      h.db.prisma,
      {
        email: 'b.bakker@liec.example',
        name: 'B. Bakker',
        role: 'admin',
      },
      TEST_PROCESSING_LOG,
    );
    const outcome = await accountForIdentity(
      h.db.prisma,
      processingLogOf(h.deps),
      identity({ subject: 'sub-2', email: 'B.Bakker@liec.example'.toLowerCase(), role: 'coordinator' }),
    );
    expect(outcome).toMatchObject({
      ok: true,
      user: { id: local.id, role: 'coordinator', oidcSubject: 'sub-2' },
    });
  });

  it('does not take an address another identity holds, nor open a disabled account', async () => {
    expect(
      await accountForIdentity(
        h.db.prisma,
        processingLogOf(h.deps),
        identity({ subject: 'sub-3', email: 'anna.de.boer@liec.example' }),
      ),
    ).toEqual({ ok: false, reason: 'email_taken' });
    await disableUser(h.db.prisma, { email: 'anna.de.boer@liec.example' }, TEST_PROCESSING_LOG);
    expect(await accountForIdentity(h.db.prisma, processingLogOf(h.deps), identity())).toEqual({
      ok: false,
      reason: 'disabled',
    });
  });

  it('makes one account when the same person signs in twice at the same moment', async () => {
    const both = await Promise.all([
      accountForIdentity(
        h.db.prisma,
        processingLogOf(h.deps),
        identity({ subject: 'sub-4', email: 'c.cornelis@liec.example' }),
      ),
      accountForIdentity(
        h.db.prisma,
        processingLogOf(h.deps),
        identity({ subject: 'sub-4', email: 'c.cornelis@liec.example' }),
      ),
    ]);
    expect(both.every((outcome) => outcome.ok)).toBe(true);
    expect(await h.db.prisma.user.count({ where: { oidcSubject: 'sub-4' } })).toBe(1);
  });
});

describe('a dashboard with sign-in through the organisation only', () => {
  it('offers no password form and refuses a posted one', async () => {
    const agent = h.request();
    const page = await agent.get('/login');
    expect(page.text).toContain('id="sign-in-oidc"');
    expect(page.text).toContain('href="/login/oidc?next=%2F"');
    expect(page.text).not.toContain('name="password"');
    const posted = await agent
      .post('/login')
      .type('form')
      .send({ email: 'coordinator@liec.example', password: 'anything' });
    expect(posted.status).toBe(403);
    expect(posted.text).toContain('Inloggen met een wachtwoord staat uit');
  });

  it('says so in Dutch when the provider cannot be reached, and sends nobody anywhere', async () => {
    const start = await h.request().get('/login/oidc?next=%2Freports');
    expect(start.status).toBe(502);
    expect(start.text).toContain('Inlogdienst niet bereikbaar');
    expect(start.headers['set-cookie'] ?? []).toEqual([]);
  });

  it('answers a callback without a sign-in started in this browser with the Dutch page', async () => {
    const callback = await h.request().get('/login/oidc/callback?code=abc&state=def');
    expect(callback.status).toBe(400);
    expect(callback.text).toContain('Inloggen is niet gelukt');
    expect(callback.text).not.toContain('abc');
  });
});
