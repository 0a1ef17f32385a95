// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { createKey, disableUser, revokeKey } from '../../scripts/admin/commands';
import { generateApiKey, parseApiKey, secretMatches } from '../../api/auth/api-keys';
import { createApiHarness, refusedWithinKeyCacheWindow, validSignal, type ApiHarness } from './harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(async () => {
  await h.close();
});

const list = (authorization?: string) => {
  const request = h.request().get('/api/v1/signals');
  return authorization === undefined ? request : request.set('Authorization', authorization);
};

const refusedWithinCacheWindow = (authorization: string) => refusedWithinKeyCacheWindow(h, authorization);

describe('API keys', () => {
  it('are sk_<prefix>_<secret> with a 256-bit secret, stored as a hash only', async () => {
    const generated = generateApiKey();
    const parsed = parseApiKey(generated.key)!;
    expect(parsed.prefix).toBe(generated.prefix);
    expect(Buffer.from(parsed.secret, 'base64url')).toHaveLength(32);
    expect(secretMatches(parsed.secret, generated.secretHash)).toBe(true);
    const tampered = (parsed.secret[0] === 'A' ? 'B' : 'A') + parsed.secret.slice(1);
    expect(secretMatches(tampered, generated.secretHash)).toBe(false);
    const { key, row } = await createKey(h.db.prisma, { org: 'RIEC-NH' });
    expect(row.secretHash).not.toContain(parseApiKey(key)!.secret);
    expect(JSON.stringify(await h.db.prisma.apiKey.findMany())).not.toContain(parseApiKey(key)!.secret);
  });
});

describe('authentication', () => {
  it('asks for a key when there is none (401 with WWW-Authenticate)', async () => {
    const res = await list();
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/Authorization: Bearer/);
  });

  it('refuses other schemes, malformed keys, unknown keys and wrong secrets with 401', async () => {
    const valid = h.keys.riecA;
    const parsed = parseApiKey(valid)!;
    const wrongSecret = `sk_${parsed.prefix}_${generateApiKey().key.split('_').slice(2).join('_')}`;
    for (const header of [
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      'Bearer',
      'Bearer not-a-key',
      `Bearer ${generateApiKey().key}`,
      `Bearer ${wrongSecret}`,
    ]) {
      const res = await list(header);
      expect(res.status).toBe(401);
      expect(res.body.title).toBe('Authentication required');
    }
  });

  it('accepts a valid key and records when it was last used', async () => {
    const res = await list(`Bearer ${h.keys.riecA}`);
    expect(res.status).toBe(200);
    const key = await h.db.prisma.apiKey.findUniqueOrThrow({
      where: { prefix: parseApiKey(h.keys.riecA)!.prefix },
    });
    expect(key.lastUsedAt).not.toBeNull();
  });

  it('refuses a revoked key, an expired key and the key of a disabled user', async () => {
    const revoked = await createKey(h.db.prisma, { org: 'RIEC-NH' });
    expect((await list(`Bearer ${revoked.key}`)).status).toBe(200);
    await revokeKey(h.db.prisma, { prefix: revoked.row.prefix });
    const afterRevoke = await refusedWithinCacheWindow(`Bearer ${revoked.key}`);
    expect(afterRevoke.body.detail).toMatch(/revoked/);

    const expiring = await createKey(h.db.prisma, { org: 'RIEC-NH', expires: '1' });
    await h.db.prisma.apiKey.update({
      where: { id: expiring.row.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await list(`Bearer ${expiring.key}`);
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toMatch(/expired/);

    await h.db.prisma.user.create({
      data: { email: 'vertrokken@liec.example', name: 'Vertrokken', role: 'coordinator' },
    });
    const personal = await createKey(h.db.prisma, { user: 'vertrokken@liec.example' });
    expect((await list(`Bearer ${personal.key}`)).status).toBe(200);
    await disableUser(h.db.prisma, { email: 'vertrokken@liec.example' }, TEST_PROCESSING_LOG);
    const disabled = await refusedWithinCacheWindow(`Bearer ${personal.key}`);
    expect(disabled.body.detail).toMatch(/disabled/);
  });

  it('checks the key before anything else: no validation or existence hints without one', async () => {
    const res = await h.request().post('/api/v1/signals').send({ nonsense: true });
    expect(res.status).toBe(401);
    expect(res.body.errors).toBeUndefined();
    // Nor is the body of an unknown caller read at all.
    const malformed = await h
      .request()
      .post('/api/v1/signals')
      .set('Content-Type', 'application/json')
      .send('{"broken');
    expect(malformed.status).toBe(401);
    const huge = await h
      .request()
      .post('/api/v1/signals')
      .send({ content: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(401);
    const forbidden = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('admin'))
      .set('Content-Type', 'application/json')
      .send('{"broken');
    expect(forbidden.status).toBe(403);
  });
});

describe('the timeline names who acted', () => {
  it('records the organisation for a submitter key and the person for a personal key', async () => {
    const own = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    const onBehalf = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('coordinator'))
      .send(validSignal({ organisationCode: 'RIEC-NH' }));
    const events = await h.db.prisma.signalEvent.findMany({
      where: { signalId: { in: [own.body.id as string, onBehalf.body.id as string] }, type: 'submitted' },
    });
    const bySignal = new Map(events.map((e) => [e.signalId, e]));
    expect(bySignal.get(own.body.id as string)).toMatchObject({
      actorType: 'submitter',
      actorLabel: 'RIEC Noord-Holland',
    });
    expect(bySignal.get(onBehalf.body.id as string)).toMatchObject({
      actorType: 'coordinator',
      actorLabel: 'Co Ordinator',
    });
  });
});
