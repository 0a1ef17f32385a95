// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call */
import crypto from 'node:crypto';
import { CALLERS, createApiHarness, eventually, validSignal, type ApiHarness, type Caller } from './harness';

/**
 * Every endpoint × every role × own / foreign / missing object, with the exact expected status. Decisions are made
 * on signals whose state refuses them (a withdrawn signal, an amendment nobody asked for), so an allowed caller gets
 * the workflow's 409 and no case changes the state the next case relies on.
 */
type Who = Caller | 'anonymous';
const WHO: readonly Who[] = [...CALLERS, 'anonymous'];

let h: ApiHarness;
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

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  ids.openA = await submitted('riecA');
  ids.openB = await submitted('riecB');
  ids.withdrawnA = await withdrawn('riecA');
  ids.withdrawnB = await withdrawn('riecB');
}, 60_000);
afterAll(async () => {
  await h.close();
});

interface Case {
  name: string;
  method: 'get' | 'post';
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
  anonymous: 401,
  ...overrides,
});

/** Decision endpoints open to the loket only (coordinator, lead). */
const loketOnly = (status: number) => all(status, { riecA: 403, riecB: 403, admin: 403 });

function cases(): Case[] {
  const sig = (id: string) => `/api/v1/signals/${id}`;
  return [
    { name: 'list', method: 'get', path: '/api/v1/signals', expected: all(200) },
    {
      name: 'export',
      method: 'get',
      path: '/api/v1/signals/export',
      expected: all(200, { riecA: 403, riecB: 403 }),
    },
    {
      name: 'annual report',
      method: 'get',
      path: '/api/v1/reports/annual?year=2026',
      expected: all(200, { riecA: 403, riecB: 403 }),
    },
    { name: 'detail of A’s signal', method: 'get', path: sig(ids.openA), expected: all(200, { riecB: 404 }) },
    { name: 'detail of B’s signal', method: 'get', path: sig(ids.openB), expected: all(200, { riecA: 404 }) },
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
      expected: all(201, { riecA: 400, riecB: 400, admin: 403 }),
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
      expected: all(403, { riecA: 409, riecB: 404, anonymous: 401 }),
    },
    {
      name: 'amend B’s open signal',
      method: 'post',
      path: `${sig(ids.openB)}/amendments`,
      body: { content: 'nieuw' },
      expected: all(403, { riecA: 404, riecB: 409, anonymous: 401 }),
    },
    {
      name: 'withdraw A’s withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnA)}/withdraw`,
      body: {},
      expected: all(409, { riecB: 404, admin: 403 }),
    },
    {
      name: 'withdraw B’s withdrawn signal',
      method: 'post',
      path: `${sig(ids.withdrawnB)}/withdraw`,
      body: {},
      expected: all(409, { riecA: 404, admin: 403 }),
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
  ];
}

describe('authorisation matrix', () => {
  it('answers every endpoint × role × object with the expected status', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const c of cases()) {
      for (const who of WHO) {
        let request = c.method === 'get' ? h.request().get(c.path) : h.request().post(c.path);
        if (who !== 'anonymous') request = request.set(h.auth(who));
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
