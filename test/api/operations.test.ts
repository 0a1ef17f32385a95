// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { Writable } from 'node:stream';
import pino from 'pino';
import supertest from 'supertest';
import { createApp } from '../../api/app';
import { createMetrics } from '../../api/ops/metrics';
import { createOpsApp } from '../../api/ops/ops-app';
import { createApiHarness, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;
/** The public app and the operations listener's app, sharing one metrics registry as api/server.ts wires them. */
let app: ReturnType<typeof createApp>;
let ops: ReturnType<typeof createOpsApp>;

beforeAll(async () => {
  h = await createApiHarness();
  const metrics = createMetrics(h.db.prisma, () => new Date());
  app = createApp(h.deps, { metrics });
  ops = createOpsApp(h.deps, metrics);
});
afterAll(async () => {
  await h.close();
});

describe('health', () => {
  it('/healthz answers while the process lives; /readyz checks PostgreSQL and Temporal', async () => {
    const live = await supertest(app).get('/healthz');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'up' });
    expect((await supertest(ops).get('/healthz')).body).toEqual({ status: 'up' });
    const ready = await supertest(ops).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'up',
      checks: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
  });
});

describe('the public listener', () => {
  it('serves /healthz but not /readyz or /metrics, which live on the operations listener', async () => {
    for (const path of ['/readyz', '/metrics']) {
      const res = await supertest(app).get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, detail: `There is no resource at GET ${path}.` });
    }
    const unknown = await supertest(ops).get('/api/v1/signals');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('metrics', () => {
  it('exposes request counts and latencies by route pattern, signals by status, overdue and the mail backlog', async () => {
    const created = await supertest(app).post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    await supertest(app).get(`/api/v1/signals/${created.body.id}`).set(h.auth('riecA'));
    await h.db.prisma.signal.update({
      where: { id: created.body.id as string },
      data: { nextDeadlineAt: new Date(Date.now() - 60_000) },
    });
    await h.db.prisma.mailOutbox.create({
      data: {
        businessKey: 'metrics-test',
        template: 'submission_received',
        toAddress: 'x@example.org',
        subject: 's',
        textBody: 't',
        htmlBody: 'h',
      },
    });
    const res = await supertest(ops).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/signals\/:signalId",status="200"\} 1/,
    );
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/api\/v1\/signals"\}/,
    );
    expect(res.text).toMatch(/signaalloket_signals\{status="submitted"\} 1/);
    expect(res.text).toMatch(/signaalloket_signals_overdue 1/);
    expect(res.text).toMatch(/signaalloket_mail_outbox_backlog\{status="pending"\} 1/);
    expect(res.text).not.toContain(created.body.id as string);
  });
});

describe('HTTP hygiene', () => {
  it('sends a request id (kept when the client sent a sane one) and helmet’s headers', async () => {
    const made = await h.request().get('/api/v1/signals').set(h.auth('riecA'));
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await h
      .request()
      .get('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('X-Request-Id', 'trace-123');
    expect(kept.headers['x-request-id']).toBe('trace-123');
    const replaced = await h
      .request()
      .get('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('X-Request-Id', 'bad id\twith spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.headers['x-content-type-options']).toBe('nosniff');
    expect(made.headers['content-security-policy']).toContain("default-src 'self'");
    expect(made.headers['x-powered-by']).toBeUndefined();
  });

  it('logs method, path, status and request id, never the API key or the body', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logged = createApp({ ...h.deps, logger: pino({ level: 'info' }, sink) });
    const res = await supertest(logged)
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('X-Request-Id', 'log-check-1')
      .send(validSignal());
    expect(res.status).toBe(201);
    const log = lines.join('');
    expect(log).toContain('log-check-1');
    expect(log).toContain('"statusCode":201');
    expect(log).not.toContain(h.keys.riecA);
    expect(log).not.toContain(validSignal().content);
  });

  it('limits requests per RIEC with 429, Retry-After and problem+json', async () => {
    const limited = createApp({ ...h.deps, rateLimit: { limit: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    let last: supertest.Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await supertest(limited).get('/api/v1/signals').set(h.auth('riecA'));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last!.body).toMatchObject({ status: 429, title: 'Too many requests' });
    // Another RIEC has its own budget.
    expect((await supertest(limited).get('/api/v1/signals').set(h.auth('riecB'))).status).toBe(200);
  });
});

describe('CSV export and annual report', () => {
  it('exports the filtered list as CSV that a spreadsheet cannot run', async () => {
    await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecB'))
      .send(validSignal({ title: '=cmd|calc' }));
    const res = await h
      .request()
      .get('/api/v1/signals/export?organisation=RIEC-ZWB')
      .set(h.auth('coordinator'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const rows = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain("'=cmd|calc");
    expect(res.text).not.toContain('RIEC Noord-Holland');
  });

  it('reports a year’s figures with a Dutch paragraph', async () => {
    const year = new Date().getUTCFullYear();
    const res = await h.request().get(`/api/v1/reports/annual?year=${year}`).set(h.auth('lead'));
    expect(res.status).toBe(200);
    expect(res.body.year).toBe(year);
    expect(res.body.figures.submitted).toBeGreaterThanOrEqual(2);
    expect(res.body.paragraph).toEqual(expect.any(String));
  });
});
