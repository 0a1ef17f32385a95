// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import crypto from 'node:crypto';
import { createKey, createOrganisation } from '../../scripts/admin/commands';
import { CALLERS, createApiHarness, eventually, validSignal, type ApiHarness, type Caller } from './harness';

/**
 * Every endpoint × every role × own / foreign / missing object, with the exact expected status. Decisions are made
 * on signals whose state refuses them (a withdrawn signal, an amendment nobody asked for), so an allowed caller gets
 * the workflow's 409 and no case changes the state the next case relies on.
 * Besides the roles: a co-submitter of A's signals (it reads them; only the lead amends or withdraws) and a former
 * co-submitter of them (removed: it sees nothing of them any more). riecB is the unrelated organisation.
 */
type OrganisationCaller = 'coSubmitter' | 'formerCoSubmitter';
type Who = Caller | OrganisationCaller | 'anonymous';
const WHO: readonly Who[] = [...CALLERS, 'coSubmitter', 'formerCoSubmitter', 'anonymous'];

let h: ApiHarness;
const organisationKeys: Record<OrganisationCaller, string> = { coSubmitter: '', formerCoSubmitter: '' };
const authOf = (who: Exclude<Who, 'anonymous'>) =>
  who === 'coSubmitter' || who === 'formerCoSubmitter'
    ? { Authorization: `Bearer ${organisationKeys[who]}` }
    : h.auth(who);
const ids = { openA: '', openB: '', withdrawnA: '', withdrawnB: '', missing: crypto.randomUUID() };

async function submitted(caller: 'riecA' | 'riecB'): Promise<string> {
  const res = await h.request().post('/api/v1/signals').set(h.auth(caller)).send(validSignal());
  expect(res.status).toBe(201);
  const id = res.body.id as string;
  await eventually(async () =>
    (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review' ? true : undefined,
  );
  return id;
}

async function withdrawn(caller: 'riecA' | 'riecB'): Promise<string> {
  const id = await submitted(caller);
  const res = await h.request().post(`/api/v1/signals/${id}/withdraw`).set(h.auth(caller)).send({});
  expect(res.status).toBe(200);
  return id;
}

async function coordinatorSays(method: 'post' | 'delete', path: string, body?: object): Promise<void> {
  const request = h.request()[method](path).set(h.auth('coordinator'));
  const res = body ? await request.send(body) : await request;
  expect(res.status).toBeLessThan(300);
}

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  await createOrganisation(h.db.prisma, { code: 'GEM-HAA', name: 'Gemeente Haarlem', kind: 'other' });
  await createOrganisation(h.db.prisma, { code: 'POL-NH', name: 'Politie Noord-Holland', kind: 'other' });
  organisationKeys.coSubmitter = (await createKey(h.db.prisma, { org: 'GEM-HAA' })).key;
  organisationKeys.formerCoSubmitter = (await createKey(h.db.prisma, { org: 'POL-NH' })).key;
  ids.openA = await submitted('riecA');
  ids.openB = await submitted('riecB');
  ids.withdrawnA = await withdrawn('riecA');
  ids.withdrawnB = await withdrawn('riecB');
  for (const id of [ids.openA, ids.withdrawnA]) {
    for (const organisationCode of ['GEM-HAA', 'POL-NH']) {
      await coordinatorSays('post', `/api/v1/signals/${id}/co-submitters`, { organisationCode });
    }
    await coordinatorSays('delete', `/api/v1/signals/${id}/co-submitters/POL-NH`);
  }
}, 60_000);
afterAll(async () => {
  await h.close();
});

interface Case {
  name: string;
  method: 'get' | 'post' | 'delete';
  path: string;
  body?: object;
  expected: Record<Who, number>;
}

const all = (status: number, overrides: Partial<Record<Who, number>> = {}): Record<Who, number> => ({
  riecA: status,
  riecB: status,
  coordinator: status,
  lead: status,
  admin: status,
  coSubmitter: status,
  formerCoSubmitter: status,
  anonymous: 401,
  ...overrides,
});

/** Every submitting organisation (lead, unrelated, co-submitter, former co-submitter) gets the same status. */
const submitters = (status: number): Partial<Record<Who, number>> => ({
  riecA: status,
  riecB: status,
  coSubmitter: status,
  formerCoSubmitter: status,
});

/** Decision endpoints open to the loket only (coordinator, lead). */
const loketOnly = (status: number) => all(status, { ...submitters(403), admin: 403 });

function cases(): Case[] {
  const sig = (id: string) => `/api/v1/signals/${id}`;
  return [
    { name: 'list', method: 'get', path: '/api/v1/signals', expected: all(200) },
    {
      name: 'export',
      method: 'get',
      path: '/api/v1/signals/export',
      expected: all(200, submitters(403)),
    },
    {
      name: 'annual report',
      method: 'get',
      path: '/api/v1/reports/annual?year=2026',
      expected: all(200, submitters(403)),
    },
    {
      name: 'processing log of a contact (the loket lead alone)',
      method: 'get',
      path: '/api/v1/processing-records?email=contact%40jenv.example',
      expected: all(403, { lead: 200 }),
    },
    {
      name: 'detail of A’s signal',
      method: 'get',
      path: sig(ids.openA),
      expected: all(200, { riecB: 404, formerCoSubmitter: 404 }),
    },
    {
      name: 'detail of A’s withdrawn signal',
      method: 'get',
      path: sig(ids.withdrawnA),
      expected: all(200, { riecB: 404, formerCoSubmitter: 404 }),
    },
    {
      name: 'detail of B’s signal',
      method: 'get',
      path: sig(ids.openB),
      expected: all(200, { riecA: 404, coSubmitter: 404, formerCoSubmitter: 404 }),
    },
    { name: 'detail of a missing signal', method: 'get', path: sig(ids.missing), expected: all(404) },
    {
      name: 'submit',
      method: 'post',
      path: '/api/v1/signals',
      body: validSignal(),
      // Coordinators must name the organisation; without it they get 400 (shown separately below).
      expected: all(201, { coordinator: 400, lead: 400, admin: 403 }),
    },
    {
      name: 'submit on behalf',
      method: 'post',
      path: '/api/v1/signals',
      body: validSignal({ organisationCode: 'RIEC-NH' }),
      expected: all(201, { ...submitters(400), admin: 403 }),
    },
    {
      name: 'review A’s withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnA)}/review`,
      body: { decision: 'reject', reason: 'x' },
      expected: loketOnly(409),
    },
    {
      name: 'review a missing signal',
      method: 'post',
      path: `${sig(ids.missing)}/review`,
      body: { decision: 'reject', reason: 'x' },
      expected: loketOnly(404),
    },
    {
      name: 'amend A’s open signal (no changes were requested)',
      method: 'post',
      path: `${sig(ids.openA)}/amendments`,
      body: { content: 'nieuw' },
      // The co-submitter sees it but may not amend it (lead only); the former one does not see it.
      expected: all(403, { riecA: 409, riecB: 404, formerCoSubmitter: 404, anonymous: 401 }),
    },
    {
      name: 'amend B’s open signal',
      method: 'post',
      path: `${sig(ids.openB)}/amendments`,
      body: { content: 'nieuw' },
      expected: all(403, {
        riecA: 404,
        riecB: 409,
        coSubmitter: 404,
        formerCoSubmitter: 404,
        anonymous: 401,
      }),
    },
    {
      name: 'withdraw A’s withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnA)}/withdraw`,
      body: {},
      expected: all(409, { riecB: 404, admin: 403, coSubmitter: 403, formerCoSubmitter: 404 }),
    },
    {
      name: 'withdraw B’s withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnB)}/withdraw`,
      body: {},
      expected: all(409, { riecA: 404, admin: 403, coSubmitter: 404, formerCoSubmitter: 404 }),
    },
    {
      name: 'record a postal reply on a withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnB)}/ministries/JenV/reply`,
      body: { text: 'Antwoord' },
      expected: loketOnly(409),
    },
    {
      name: 'extend a deadline on a withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnA)}/ministries/JenV/deadline`,
      body: { extraWorkingDays: 5, reason: 'x' },
      expected: loketOnly(409),
    },
    {
      name: 'suspend the review clock of a withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnA)}/clocks/review/suspend`,
      body: { reason: 'x' },
      expected: loketOnly(409),
    },
    {
      name: 'resume a ministry’s reply clock on a missing signal',
      method: 'post',
      path: `${sig(ids.missing)}/ministries/JenV/clocks/reply/resume`,
      body: {},
      expected: loketOnly(404),
    },
    {
      name: 'decide a suspension request on a withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnB)}/ministries/JenV/suspension-request`,
      body: { decision: 'grant' },
      expected: loketOnly(409),
    },
    {
      name: 'close a withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnB)}/close`,
      body: {},
      expected: loketOnly(409),
    },
    {
      name: 'close a missing signal',
      method: 'post',
      path: `${sig(ids.missing)}/close`,
      body: {},
      expected: loketOnly(404),
    },
    {
      name: 'forward a reply A’s signal does not have',
      method: 'post',
      path: `${sig(ids.openA)}/forwardings`,
      body: { replyIds: [ids.missing] },
      expected: loketOnly(404),
    },
    {
      name: 'forward a reply of a missing signal',
      method: 'post',
      path: `${sig(ids.missing)}/forwardings`,
      body: { replyIds: [ids.missing] },
      expected: loketOnly(404),
    },
    {
      name: 'add the lead of A’s signal as its co-submitter',
      method: 'post',
      path: `${sig(ids.openA)}/co-submitters`,
      body: { organisationCode: 'RIEC-NH' },
      expected: loketOnly(409),
    },
    {
      name: 'add a co-submitter to a missing signal',
      method: 'post',
      path: `${sig(ids.missing)}/co-submitters`,
      body: { organisationCode: 'RIEC-NH' },
      expected: loketOnly(404),
    },
    {
      name: 'remove the lead of A’s signal',
      method: 'delete',
      path: `${sig(ids.openA)}/co-submitters/RIEC-NH`,
      expected: loketOnly(409),
    },
    {
      name: 'remove a co-submitter of a missing signal',
      method: 'delete',
      path: `${sig(ids.missing)}/co-submitters/GEM-HAA`,
      expected: loketOnly(404),
    },
  ];
}

describe('authorisation matrix', () => {
  it('answers every endpoint × role × object with the expected status', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of cases()) {
      for (const who of WHO) {
        let request = h.request()[c.method](c.path);
        if (who !== 'anonymous') request = request.set(authOf(who));
        const res = c.body ? await request.send(c.body) : await request;
        checked++;
        if (res.status !== c.expected[who]) {
          failures.push(
            `${c.name} as ${who}: expected ${c.expected[who]}, got ${res.status} ${JSON.stringify(res.body)}`,
          );
        }
        if (res.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({
            status: res.status,
            title: expect.any(String),
            detail: expect.any(String),
          });
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(cases().length * WHO.length);
  }, 120_000);

  it('never shows another organisation’s signal in a submitter’s list, whatever the filter', async () => {
    for (const query of [
      '',
      '?organisation=RIEC-ZWB',
      `?text=${encodeURIComponent(validSignal().title)}`,
      '?status=withdrawn',
      '?forwarded=false',
    ]) {
      const res = await h.request().get(`/api/v1/signals${query}`).set(h.auth('riecA'));
      expect(res.status).toBe(200);
      for (const item of res.body.items as Array<{ organisation: { code: string } }>) {
        expect(item.organisation.code).toBe('RIEC-NH');
      }
    }
    const foreign = await h.request().get('/api/v1/signals?organisation=RIEC-ZWB').set(h.auth('riecA'));
    expect(foreign.body.items).toEqual([]);
    const staff = await h.request().get('/api/v1/signals?organisation=RIEC-ZWB').set(h.auth('coordinator'));
    expect((staff.body.items as unknown[]).length).toBeGreaterThanOrEqual(2);
  });

  it('lists A’s signals for its co-submitter, and none of them for a former co-submitter or an unrelated one', async () => {
    const listed = async (who: Exclude<Who, 'anonymous'>, query = '') => {
      const res = await h.request().get(`/api/v1/signals${query}`).set(authOf(who));
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ id: string }>).map((item) => item.id);
    };
    for (const query of ['', '?organisation=GEM-HAA', '?organisation=RIEC-NH', '?status=withdrawn']) {
      const found = await listed('coSubmitter', query);
      expect(found).toContain(ids.withdrawnA);
      expect(found).not.toContain(ids.openB);
      expect(found).not.toContain(ids.withdrawnB);
    }
    expect(await listed('coSubmitter')).toEqual(expect.arrayContaining([ids.openA, ids.withdrawnA]));
    for (const query of ['', '?organisation=POL-NH', '?organisation=RIEC-NH', '?status=withdrawn']) {
      const found = await listed('formerCoSubmitter', query);
      for (const id of [ids.openA, ids.withdrawnA, ids.openB, ids.withdrawnB])
        expect(found).not.toContain(id);
    }
    const unrelated = await listed('riecB', '?organisation=GEM-HAA');
    expect(unrelated).toEqual([]);
    // The export is the loket's (403 for every organisation); there the former co-submitter no longer counts.
    const csv = await h
      .request()
      .get('/api/v1/signals/export?organisation=POL-NH')
      .set(h.auth('coordinator'));
    expect(csv.status).toBe(200);
    // Only the signals it submitted itself in the matrix above; none of A's (RIEC Noord-Holland's).
    const rows = csv.text.trim().split('\r\n').slice(1);
    expect(rows.every((row) => row.includes(';Politie Noord-Holland;'))).toBe(true);
    expect(rows.some((row) => row.includes('RIEC Noord-Holland'))).toBe(false);
  });

  it('says which roles may act when it refuses a role (403), and hides foreign signals (404) without a hint', async () => {
    const forbidden = await h
      .request()
      .post(`/api/v1/signals/${ids.openA}/review`)
      .set(h.auth('riecA'))
      .send({ decision: 'reject', reason: 'x' });
    expect(forbidden.body.detail).toMatch(/allowed: coordinator, lead/);
    const hidden = await h.request().get(`/api/v1/signals/${ids.openB}`).set(h.auth('riecA'));
    const missing = await h.request().get(`/api/v1/signals/${ids.missing}`).set(h.auth('riecA'));
    expect(hidden.status).toBe(404);
    expect(hidden.body.title).toBe(missing.body.title);
    expect(hidden.body.detail.replace(ids.openB, 'ID')).toBe(missing.body.detail.replace(ids.missing, 'ID'));
  });
});
