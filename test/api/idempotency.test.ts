// Response bodies are untyped JSON from supertest; the assertions below are what checks their shape.
/* eslint-disable @typescript-eslint/no-unsafe-member-access */
import { once } from 'node:events';
import http from 'node:http';
import supertest from 'supertest';
import { createApiHarness, eventually, validSignal, type ApiHarness } from './harness';

let h: ApiHarness;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
});
afterAll(async () => {
  await h.close();
});

const count = () => h.db.prisma.signal.count();

/** The same keyed submission n times at once, through one listening server as in production. */
async function concurrently(n: number, organisation: 'riecA' | 'riecB', key: string, body: object) {
  // supertest would otherwise start a server per request.
  const server = http.createServer(h.app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await Promise.all(
      Array.from({ length: n }, () =>
        supertest(server)
          .post('/api/v1/signals')
          .set(h.auth(organisation))
          .set('Idempotency-Key', key)
          .send(body),
      ),
    );
  } finally {
    server.close();
  }
}

describe('Idempotency-Key on submissions', () => {
  it('repeats the first answer for the same key and body, without a second signal', async () => {
    const before = await count();
    const first = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'submit-1')
      .send(validSignal());
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(validSignal()).reverse());
    const second = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'submit-1')
      .send(reordered);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await count()).toBe(before + 1);
  });

  it('answers 422 for the same key with another body, and changes nothing', async () => {
    await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'submit-2')
      .send(validSignal());
    const before = await count();
    const other = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'submit-2')
      .send(validSignal({ title: 'Een ander signaal' }));
    expect(other.status).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.body.detail).toMatch(/different request/);
    expect(await count()).toBe(before);
  });

  it('scopes keys per caller: two organisations may use the same key', async () => {
    const before = await count();
    const a = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'shared')
      .send(validSignal());
    const b = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecB'))
      .set('Idempotency-Key', 'shared')
      .send(validSignal());
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(await count()).toBe(before + 2);
  });

  it('makes 50 concurrent identical requests one signal with one answer', async () => {
    const before = await count();
    const responses = await concurrently(50, 'riecB', 'burst-1', validSignal({ title: 'Burst' }));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(responses.map((r) => r.body.id as string)).size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    expect(await count()).toBe(before + 1);
    expect(await h.db.prisma.signal.count({ where: { title: 'Burst' } })).toBe(1);
  }, 120_000);

  it('takes no reference number for a retry or a twin: references stay gapless', async () => {
    const submit = (key: string, title: string) =>
      h
        .request()
        .post('/api/v1/signals')
        .set(h.auth('riecA'))
        .set('Idempotency-Key', key)
        .send(validSignal({ title }));
    const number = (reference: string) => Number(reference.split('-')[2]);
    const first = await submit('gapless-1', 'Gapless 1');
    // A retry, a reused key with another body (422) and fifty twins of a new key in between.
    expect((await submit('gapless-1', 'Gapless 1')).status).toBe(201);
    expect((await submit('gapless-1', 'Gapless other')).status).toBe(422);
    const twins = await concurrently(20, 'riecA', 'gapless-2', validSignal({ title: 'Gapless 2' }));
    const next = await submit('gapless-3', 'Gapless 3');
    expect(new Set(twins.map((r) => r.body.reference as string))).toEqual(
      new Set([twins[0]!.body.reference as string]),
    );
    expect(number(twins[0]!.body.reference as string)).toBe(number(first.body.reference as string) + 1);
    expect(number(next.body.reference as string)).toBe(number(first.body.reference as string) + 2);
  }, 120_000);

  it('repeats a validation refusal too, and keeps records at least 24 hours', async () => {
    const first = await h
      .request()
      .post('/api/v1/signals')
      .set(h.auth('riecA'))
      .set('Idempotency-Key', 'bad-1')
      .send(validSignal({ organisationCode: 'X' }));
    expect(first.status).toBe(400);
    const record = await h.db.prisma.idempotencyRecord.findFirstOrThrow({ where: { key: 'bad-1' } });
    expect(record.responseStatus).toBe(400);
    const { createIdempotencyStore } = await import('../../api/idempotency/store');
    const purged = await createIdempotencyStore(h.db.prisma).purgeExpired(
      new Date(Date.now() + 24 * 60 * 60 * 1000),
    );
    expect(purged).toBe(0);
    expect(await h.db.prisma.idempotencyRecord.count({ where: { key: 'bad-1' } })).toBe(1);
    const later = await createIdempotencyStore(h.db.prisma).purgeExpired(
      new Date(Date.now() + 49 * 60 * 60 * 1000),
    );
    expect(later).toBeGreaterThan(0);
  });
});

describe('Idempotency-Key on decisions', () => {
  it('applies a retried review once and repeats its answer', async () => {
    const created = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
    const id = created.body.id as string;
    await eventually(async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review'
        ? true
        : undefined,
    );
    const decide = () =>
      h
        .request()
        .post(`/api/v1/signals/${id}/review`)
        .set(h.auth('coordinator'))
        .set('Idempotency-Key', `review-${id}`)
        .send({ decision: 'request_changes', reason: 'Graag bronnen toevoegen.' });
    const [first, second] = await Promise.all([decide(), decide()]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const third = await decide();
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body).toEqual(first.body);
    const events = await h.db.prisma.signalEvent.count({
      where: { signalId: id, type: 'changes_requested' },
    });
    expect(events).toBe(1);
  });
});
