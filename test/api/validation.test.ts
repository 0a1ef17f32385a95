// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment */
import crypto from 'node:crypto';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;
let signalId: string;

beforeAll(async () => {
  h = await createApiHarness();
  const res = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  signalId = res.body.id as string;
});
afterAll(async () => {
  await h.close();
});

type Fields = Array<{ field: string; message: string }>;

async function post(path: string, body: unknown, caller: Parameters<ApiHarness['auth']>[0] = 'riecA') {
  return h
    .request()
    .post(path)
    .set(h.auth(caller))
    .send(body as object);
}

function expectProblem(
  res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/^http:\/\/signaalloket\.test\/api\/v1\/docs#problem-/),
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance: expect.stringMatching(/^\/api\//),
    }),
  );
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(/\bat \S+ \(|node_modules|prisma|SELECT|INSERT|stack/i);
}

describe('the request body', () => {
  it('refuses malformed JSON with 400 and says so', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Content-Type', 'application/json')
      .send('{"title": "x",');
    expectProblem(res, 400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('refuses JSON that is not an object', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Content-Type', 'application/json')
      .send('"just a string"');
    expectProblem(res, 400);
  });

  it('refuses another content type with 415', async () => {
    const form = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .type('form')
      .send({ title: 'x' });
    expectProblem(form, 415);
    expect(form.body.detail).toMatch(/application\/json/);
    const text = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(validSignal()));
    expectProblem(text, 415);
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await h.db.prisma.signal.count();
    const res = await post('/api/v1/signals', validSignal({ content: 'x'.repeat(300 * 1024) }));
    expectProblem(res, 413);
    expect(await h.db.prisma.signal.count()).toBe(before);
  });

  it('refuses a content field over its maximum with the field named', async () => {
    const res = await post('/api/v1/signals', validSignal({ title: 't'.repeat(301) }));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'title', message: expect.stringMatching(/300/) }]);
  });

  it('names every missing field', async () => {
    const res = await post('/api/v1/signals', {});
    expectProblem(res, 400);
    expect((res.body.errors as Fields).map((e) => e.field).sort()).toEqual(['content', 'summary', 'title']);
    expect((res.body.errors as Fields).every((e) => e.message === 'is required')).toBe(true);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const res = await post('/api/v1/signals', validSignal({ status: 'closed', reference: 'BS-2000-0001' }));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'status', message: expect.stringMatching(/unknown field/) },
        { field: 'reference', message: expect.stringMatching(/unknown field/) },
      ]),
    );
  });

  it('refuses wrong types, blank text, bad e-mail addresses and nested errors with their paths', async () => {
    const res = await post(
      '/api/v1/signals',
      validSignal({ title: 42, summary: '   ', recommendations: ['ok', ''], contactEmail: 'not-an-address' }),
    );
    expectProblem(res, 400);
    const fields = (res.body.errors as Fields).map((e) => e.field).sort();
    expect(fields).toEqual(['contactEmail', 'recommendations.1', 'summary', 'title']);
  });

  it('refuses NUL characters and lone surrogates, which PostgreSQL cannot store faithfully', async () => {
    const nul = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(validSignal()).replace('"title":"', '"title":"a\\u0000b'));
    expectProblem(nul, 400);
    expect(nul.body.errors).toEqual([{ field: 'title', message: expect.stringMatching(/NUL/) }]);
    const surrogate = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(validSignal()).replace('"content":"', '"content":"\\ud800x'));
    expectProblem(surrogate, 400);
    expect(surrogate.body.errors).toEqual([
      { field: 'content', message: expect.stringMatching(/surrogate/) },
    ]);
  });

  it('refuses a NUL in the organisation code a coordinator registers for (found by the schemathesis drill)', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('coordinator'))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ ...validSignal(), organisationCode: 'RIEC\u0000NH' }));
    expectProblem(res, 400);
    expect((res.body.errors as Fields).map((e) => e.field)).toEqual(['organisationCode']);
  });

  it('stores and returns odd Unicode and injection-looking text verbatim', async () => {
    const odd = {
      title: '100% Robert\'); DROP TABLE "Signal";-- <script>alert(1)</script>',
      summary: '  leading and trailing spaces, tabs\tand\r\nnewlines  ',
      content:
        'Ünïcödé: 🇳🇱 👩‍👩‍👧 ZWJ, e\u0301 (combining), \u200b zero width, \u202e RTL override, 𝔘𝔫𝔦, ${7*7} {{7*7}} %s %n \\ " \' `',
      recommendations: ['=HYPERLINK("http://evil")', '../../etc/passwd', '\u0001\u001f control characters'],
    };
    const created = await post('/api/v1/signals', odd);
    expect(created.status).toBe(201);
    const res = await h.request().get(`/api/v1/signals/${created.body.id}`).set(h.auth('riecA'));
    expect(res.status).toBe(200);
    expect(res.body.title).toBe(odd.title);
    expect(res.body.summary).toBe(odd.summary);
    expect(res.body.content).toBe(odd.content);
    expect(res.body.recommendations).toEqual(odd.recommendations);
    const listed = await h
      .request()
      .get(`/api/v1/signals?text=${encodeURIComponent('DROP TABLE "Signal"')}`)
      .set(h.auth('riecA'));
    expect((listed.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual([created.body.id]);
    // LIKE wildcards typed by a user match themselves only.
    for (const wildcard of ['%', '0% R', '_']) {
      const found = await h
        .request()
        .get(`/api/v1/signals?text=${encodeURIComponent(wildcard)}`)
        .set(h.auth('riecA'));
      expect(found.status).toBe(200);
      expect((found.body.items as Array<{ id: string }>).map((i) => i.id)).toEqual(
        wildcard === '_' ? [] : [created.body.id],
      );
    }
  });
});

describe('decision bodies', () => {
  const path = () => `/api/v1/signals/${signalId}`;

  it('review: unknown decision, missing ministries, missing reason, extra fields', async () => {
    const unknown = await post(`${path()}/review`, { decision: 'maybe' }, 'coordinator');
    expectProblem(unknown, 400);
    expect((unknown.body.errors as Fields)[0]!.field).toBe('decision');
    const noMinistries = await post(
      `${path()}/review`,
      { decision: 'accept', ministryCodes: [] },
      'coordinator',
    );
    expectProblem(noMinistries, 400);
    expect(noMinistries.body.errors).toEqual([{ field: 'ministryCodes', message: expect.any(String) }]);
    const noReason = await post(`${path()}/review`, { decision: 'reject' }, 'coordinator');
    expectProblem(noReason, 400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: 'is required' }]);
    const extra = await post(
      `${path()}/review`,
      { decision: 'reject', reason: 'x', ministryCodes: ['JenV'] },
      'coordinator',
    );
    expectProblem(extra, 400);
    expect(extra.body.errors).toEqual([
      { field: 'ministryCodes', message: expect.stringMatching(/unknown field/) },
    ]);
    const badCode = await post(
      `${path()}/review`,
      { decision: 'accept', ministryCodes: ['J en V'] },
      'coordinator',
    );
    expectProblem(badCode, 400);
    expect(badCode.body.errors).toEqual([
      { field: 'ministryCodes.0', message: expect.stringMatching(/ministry code/) },
    ]);
  });

  it('amendment: at least one changed field', async () => {
    const res = await post(`${path()}/amendments`, { note: 'alleen een notitie' });
    expectProblem(res, 400);
    expect((res.body.errors as Fields)[0]!.message).toMatch(/at least one/);
  });

  it('deadline: exactly one of dueDate, extraWorkingDays, decision; a real date; a reason when extending', async () => {
    const none = await post(`${path()}/ministries/JenV/deadline`, { reason: 'x' }, 'coordinator');
    expectProblem(none, 400);
    expect((none.body.errors as Fields)[0]!.message).toMatch(/exactly one/);
    const both = await post(
      `${path()}/ministries/JenV/deadline`,
      { dueDate: '2026-12-31', extraWorkingDays: 3, reason: 'x' },
      'coordinator',
    );
    expectProblem(both, 400);
    const badDate = await post(
      `${path()}/ministries/JenV/deadline`,
      { dueDate: '2026-02-30', reason: 'x' },
      'coordinator',
    );
    expectProblem(badDate, 400);
    expect(badDate.body.errors).toEqual([{ field: 'dueDate', message: 'is not an existing calendar date' }]);
    const noReason = await post(`${path()}/ministries/JenV/deadline`, { extraWorkingDays: 3 }, 'coordinator');
    expectProblem(noReason, 400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', message: expect.stringMatching(/required/) }]);
    const tooMany = await post(
      `${path()}/ministries/JenV/deadline`,
      { extraWorkingDays: 1000, reason: 'x' },
      'coordinator',
    );
    expectProblem(tooMany, 400);
    expect((tooMany.body.errors as Fields)[0]!.field).toBe('extraWorkingDays');
  });

  it('postal reply: text required, receivedAt a date-time with zone and not in the future, documents in base64', async () => {
    const noText = await post(`${path()}/ministries/JenV/reply`, {}, 'coordinator');
    expectProblem(noText, 400);
    expect(noText.body.errors).toEqual([{ field: 'text', message: 'is required' }]);
    const localTime = await post(
      `${path()}/ministries/JenV/reply`,
      { text: 'x', receivedAt: '2026-01-05 09:00' },
      'coordinator',
    );
    expectProblem(localTime, 400);
    expect((localTime.body.errors as Fields)[0]!.field).toBe('receivedAt');
    const future = await post(
      `${path()}/ministries/JenV/reply`,
      { text: 'x', receivedAt: new Date(Date.now() + 86_400_000).toISOString() },
      'coordinator',
    );
    expectProblem(future, 400);
    expect(future.body.errors).toEqual([{ field: 'receivedAt', message: 'must not be in the future' }]);
    const badDocument = await post(
      `${path()}/ministries/JenV/reply`,
      { text: 'x', documents: [{ filename: 'a.pdf', contentType: 'pdf', contentBase64: '%%%' }] },
      'coordinator',
    );
    expectProblem(badDocument, 400);
    expect((badDocument.body.errors as Fields).map((e) => e.field).sort()).toEqual([
      'documents.0.contentBase64',
      'documents.0.contentType',
    ]);
  });
});

describe('path and query parameters', () => {
  it('refuses a signal id that is not a UUID', async () => {
    const res = await h.request().get('/api/v1/signals/BS-2026-0001').set(h.auth('riecA'));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'signalId', message: expect.any(String) }]);
  });

  it('refuses a malformed ministry code in the path', async () => {
    const res = await post(
      `/api/v1/signals/${signalId}/ministries/${encodeURIComponent('J V')}/deadline`,
      { extraWorkingDays: 2, reason: 'x' },
      'coordinator',
    );
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'code', message: expect.any(String) }]);
  });

  it('refuses bad filters with the parameter named', async () => {
    const checks: Array<[string, string]> = [
      ['status=open', 'status.0'],
      ['overdue=yes', 'overdue'],
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['submittedFrom=31-12-2026', 'submittedFrom'],
      ['sort=title', 'sort'],
      ['cursor=not-a-cursor', 'cursor'],
      // Found by the schemathesis drill: a NUL reached PostgreSQL and answered 500.
      ['organisation=RIEC%00NH', 'organisation'],
      ['ministry=Jen%00V', 'ministry'],
      ['text=a%00b', 'text'],
      // The search text keeps one field per line: a term with a line break could match across two fields.
      ['text=visum%0Afraude', 'text'],
      ['text=visum%09fraude', 'text'],
    ];
    for (const [query, field] of checks) {
      const res = await h.request().get(`/api/v1/signals?${query}`).set(h.auth('coordinator'));
      expectProblem(res, 400);
      expect((res.body.errors as Fields).map((e) => e.field)).toEqual([field]);
    }
  });

  it('requires a year for the annual report', async () => {
    const res = await h.request().get('/api/v1/reports/annual').set(h.auth('coordinator'));
    expectProblem(res, 400);
    expect((res.body.errors as Fields)[0]!.field).toBe('year');
  });

  it('accepts repeated and comma-separated statuses', async () => {
    const comma = await h
      .request()
      .get('/api/v1/signals?status=submitted,in_review')
      .set(h.auth('coordinator'));
    const repeated = await h
      .request()
      .get('/api/v1/signals?status=submitted&status=in_review')
      .set(h.auth('coordinator'));
    expect(comma.status).toBe(200);
    expect(repeated.body.items).toEqual(comma.body.items);
  });
});

describe('headers', () => {
  it('refuses a malformed Idempotency-Key', async () => {
    const res = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'x'.repeat(256))
      .send(validSignal());
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('answers unknown paths and methods with problem+json', async () => {
    const unknown = await h.request().get('/api/v1/nothing-here').set(h.auth('riecA'));
    expectProblem(unknown, 404);
    const v2 = await h.request().get('/api/v2/signals');
    expectProblem(v2, 404);
    const method = await h
      .request()
      .delete(`/api/v1/signals/${crypto.randomUUID()}`)
      .set(h.auth('coordinator'));
    expectProblem(method, 405);
    expect(method.headers.allow).toBe('GET');
  });

  it('answers an undeclared method with 405 and Allow on the documentation and health paths too', async () => {
    const cases: Array<[string, string, string]> = [
      ['post', '/api/v1/openapi.json', 'GET'],
      ['delete', '/api/v1/docs', 'GET'],
      ['put', '/openapi.json', 'GET'],
      ['post', '/healthz', 'GET'],
      ['delete', '/readyz', 'GET'],
      ['post', '/metrics', 'GET'],
      ['put', '/api/v1/signals', 'POST, GET'],
      ['get', `/api/v1/signals/${signalId}/review`, 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await h.request()[method as 'post'](path).set(h.auth('coordinator'));
      expect([method, path, res.status, res.headers.allow]).toEqual([method, path, 405, allow]);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        status: 405,
        instance: path,
        detail: expect.stringContaining(allow.split(', ')[0]!),
      });
    }
    // The declared methods still answer.
    expect((await h.request().get('/healthz')).status).toBe(200);
    expect((await h.request().get('/openapi.json')).status).toBe(200);
    expect((await h.request().head('/api/v1/docs')).status).toBe(200);
  });
});
