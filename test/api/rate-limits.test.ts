import crypto from 'node:crypto';
import supertest from 'supertest';
import { createApp, type AppOptions } from '../../api/app';
import { generateApiKey, parseApiKey } from '../../api/auth/api-keys';
import { API_KEY_CACHE_MS, createApiKeyCache } from '../../api/auth/key-cache';
import type { AppDeps } from '../../api/deps';
import { createPostgresRateLimitStores, purgeExpiredRateLimitBuckets } from '../../api/http/rate-limit-store';
import { createPrismaClient } from '../../prisma/client';
import { createKey } from '../../scripts/admin/commands';
import { freshRateLimitStores } from '../support/rate-limits';
import { createApiHarness, type ApiHarness } from './harness';

/**
 * Request budgets that an attacker cannot move into someone else's bucket: per client address before
 * authentication, per principal after it, per link on /respond; and behind TRUST_PROXY reverse proxies, per
 * client as the proxy saw it.
 */
let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness();
});
afterAll(() => h?.close());

const CLIENT_A = '203.0.113.9';
const CLIENT_B = '198.51.100.7';
const CLIENT_C = '192.0.2.33';

function appWith(
  options: { rateLimit?: AppDeps['rateLimit']; trustProxy?: number },
  appOptions: AppOptions = {},
) {
  const deps: AppDeps = {
    ...h.deps,
    config: { ...h.config, env: { ...h.config.env, TRUST_PROXY: options.trustProxy ?? 0 } },
    // Each app its own budgets (they share the suite's database, as replicas do): the counts start at zero.
    rateLimit: { windowMs: 60_000, store: freshRateLimitStores(h.db.prisma), ...options.rateLimit },
  };
  return createApp(deps, appOptions);
}

const randomKey = () => generateApiKey().key;

/** The list of signals, asked for through a proxy that names `client` as the caller's address. */
const fromClient = (app: ReturnType<typeof appWith>, client: string) =>
  supertest(app).get('/api/v1/signals').set('X-Forwarded-For', client);

async function statuses(count: number, request: () => supertest.Test): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await request()).status);
  return seen;
}

describe('the API before authentication: a budget per client address', () => {
  it('random key prefixes do not escape it', async () => {
    const app = appWith({ rateLimit: { limit: 100, addressLimit: 5 } });
    const seen = await statuses(6, () =>
      supertest(app).get('/api/v1/signals').set('Authorization', `Bearer ${randomKey()}`),
    );
    expect(seen).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('a flood with a known key prefix does not lock the key holder out', async () => {
    const app = appWith({ rateLimit: { limit: 100, addressLimit: 5 }, trustProxy: 1 });
    const prefix = parseApiKey(h.keys.riecA)!.prefix;
    const forged = `sk_${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
    const flood = await statuses(8, () => fromClient(app, CLIENT_A).set('Authorization', `Bearer ${forged}`));
    expect(flood.slice(-3)).toEqual([429, 429, 429]);
    const holder = await fromClient(app, CLIENT_B).set(h.auth('riecA'));
    expect(holder.status).toBe(200);
  });
});

describe('the API after authentication: a budget per principal', () => {
  it('is shared by all keys of one RIEC, from any address, and is the RIEC’s own', async () => {
    const app = appWith({ rateLimit: { limit: 3, addressLimit: 100 }, trustProxy: 1 });
    const second = (await createKey(h.db.prisma, { org: h.organisations.riecA.code })).key;
    const calls: Array<[string, string]> = [
      [CLIENT_A, h.keys.riecA],
      [CLIENT_B, second],
      [CLIENT_C, h.keys.riecA],
      [CLIENT_A, second],
    ];
    const seen: number[] = [];
    for (const [client, key] of calls) {
      const res = await fromClient(app, client).set('Authorization', `Bearer ${key}`);
      seen.push(res.status);
      if (res.status === 429) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect((res.body as { detail: string }).detail).toMatch(/API key’s owner/);
      }
    }
    expect(seen).toEqual([200, 200, 200, 429]);
    const other = await fromClient(app, CLIENT_A).set(h.auth('riecB'));
    expect(other.status).toBe(200);
  });
});

describe('replicas on one database', () => {
  it('share every budget: two app instances, each with its own database client, count to one limit', async () => {
    // Two replicas as the product builds them: no store given, so both count in PostgreSQL (the default store).
    const other = createPrismaClient(h.db.url, { poolSize: 2 });
    try {
      const replica = (prisma: typeof other) =>
        createApp({
          ...h.deps,
          prisma,
          config: { ...h.config, env: { ...h.config.env, TRUST_PROXY: 1 } },
          rateLimit: { windowMs: 60_000, limit: 4, addressLimit: 6 },
        });
      const replicas = [replica(h.db.prisma), replica(other)];
      const key = (await createKey(h.db.prisma, { org: h.organisations.riecB.code })).key;
      // The principal's budget (4), alternating between the replicas and coming from different addresses.
      const principal: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await fromClient(replicas[i % 2]!, `192.0.2.${100 + i}`).set(
          'Authorization',
          `Bearer ${key}`,
        );
        principal.push(res.status);
      }
      expect(principal).toEqual([200, 200, 200, 200, 429, 429]);
      // The address budget (6), from one address through both replicas.
      const address: number[] = [];
      for (let i = 0; i < 7; i++) address.push((await fromClient(replicas[i % 2]!, '192.0.2.200')).status);
      expect(address).toEqual([401, 401, 401, 401, 401, 401, 429]);
      // What the table holds: hashes of the buckets, never an address, a principal or a token.
      const rows = await h.db.prisma.rateLimitBucket.findMany();
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.bucket).toMatch(/^[0-9a-f]{64}$/);
        expect(JSON.stringify(row)).not.toMatch(/192\.0\.2|RIEC|org:/);
      }
    } finally {
      await other.$disconnect();
    }
  });

  it('count concurrent hits of two processes exactly: each hit its own count, one total, no deadlock', async () => {
    const other = createPrismaClient(h.db.url, { poolSize: 4 });
    try {
      const namespace = crypto.randomUUID();
      const storeOf = (prisma: typeof other, limiter: string) => {
        const store = createPostgresRateLimitStores(prisma, { namespace }).forLimiter(limiter);
        void store.init?.({ windowMs: 60_000 } as Parameters<NonNullable<typeof store.init>>[0]);
        return store;
      };
      // Two limiters in each of two processes (each with its own client and so its own batches), three keys
      // each, 240 hits at once in a shuffled order: batches lock overlapping buckets.
      const stores = [
        storeOf(h.db.prisma, 'a'),
        storeOf(h.db.prisma, 'b'),
        storeOf(other, 'a'),
        storeOf(other, 'b'),
      ];
      const hits = Array.from({ length: 240 }, (_, i) => ({ store: stores[i % 4]!, key: `k${i % 3}` })).sort(
        () => Math.random() - 0.5,
      );
      const answers = await Promise.all(
        hits.map(async ({ store, key }) => ({ store, key, count: (await store.increment(key)).totalHits })),
      );
      for (const limiter of ['a', 'b']) {
        for (const key of ['k0', 'k1', 'k2']) {
          const counts = answers
            .filter(
              (answer) =>
                answer.key === key && [stores[0], stores[2]].includes(answer.store) === (limiter === 'a'),
            )
            .map((answer) => answer.count)
            .sort((x, y) => x - y);
          // Every hit of the bucket saw a different count, 1 … n: as if the hits had come one at a time.
          expect(counts).toEqual(Array.from({ length: counts.length }, (_, i) => i + 1));
          expect((await storeOf(other, limiter).get?.(key))?.totalHits).toBe(counts.length);
        }
      }
    } finally {
      await other.$disconnect();
    }
  });

  it('start a new window once the old one has passed, and the round removes passed windows', async () => {
    const stores = freshRateLimitStores(h.db.prisma);
    const store = stores.forLimiter('window-test');
    void store.init?.({ windowMs: 300 } as Parameters<NonNullable<typeof store.init>>[0]);
    expect((await store.increment('k')).totalHits).toBe(1);
    expect((await store.increment('k')).totalHits).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await store.get?.('k')).toBeUndefined();
    expect(await purgeExpiredRateLimitBuckets(h.db.prisma)).toBeGreaterThanOrEqual(1);
    expect((await store.increment('k')).totalHits).toBe(1);
  });
});

describe('TRUST_PROXY', () => {
  it('ignores X-Forwarded-For by default: it is whatever the caller wrote', async () => {
    const app = appWith({ rateLimit: { addressLimit: 2 } });
    expect((await fromClient(app, CLIENT_A)).status).toBe(401);
    expect((await fromClient(app, CLIENT_B)).status).toBe(401);
    expect((await fromClient(app, CLIENT_C)).status).toBe(429);
  });

  it('behind one proxy, gives each client the proxy saw its own API budget', async () => {
    const app = appWith({ rateLimit: { addressLimit: 2 }, trustProxy: 1 });
    expect(await statuses(3, () => fromClient(app, CLIENT_A))).toEqual([401, 401, 429]);
    expect((await fromClient(app, CLIENT_B)).status).toBe(401);
    // Only the hop the proxy appended counts: a client cannot pick its own address by prepending one.
    expect((await fromClient(app, `${CLIENT_B}, ${CLIENT_A}`)).status).toBe(429);
  });

  it('behind one proxy, gives each client its own login budget', async () => {
    const app = appWith({ trustProxy: 1 }, { dashboard: { loginRateLimit: 2 } });
    const login = (client: string) =>
      supertest(app)
        .post('/login')
        .set('X-Forwarded-For', client)
        .type('form')
        .send({ email: 'nobody@liec.example', password: 'wrong' });
    expect((await login(CLIENT_A)).status).not.toBe(429);
    expect((await login(CLIENT_A)).status).not.toBe(429);
    expect((await login(CLIENT_A)).status).toBe(429);
    expect((await login(CLIENT_B)).status).not.toBe(429);

    const direct = appWith({}, { dashboard: { loginRateLimit: 2 } });
    const directLogin = (client: string) =>
      supertest(direct).post('/login').set('X-Forwarded-For', client).type('form').send({});
    await directLogin(CLIENT_A);
    await directLogin(CLIENT_B);
    expect((await directLogin(CLIENT_C)).status).toBe(429);
  });

  it('behind one proxy, gives each client its own /respond budget', async () => {
    const app = appWith(
      { trustProxy: 1 },
      { respond: { rateLimit: { limit: 2, tokenLimit: 100, windowMs: 60_000 } } },
    );
    const open = (client: string) =>
      supertest(app).get(`/respond/${randomKey()}`).set('X-Forwarded-For', client);
    expect((await open(CLIENT_A)).status).toBe(404);
    expect((await open(CLIENT_A)).status).toBe(404);
    expect((await open(CLIENT_A)).status).toBe(429);
    expect((await open(CLIENT_B)).status).toBe(404);
  });
});

describe('/respond: a budget per link beside the one per address', () => {
  it('stops one link hammered from many addresses, and leaves other links alone', async () => {
    const app = appWith(
      { trustProxy: 1 },
      { respond: { rateLimit: { limit: 100, tokenLimit: 2, windowMs: 60_000 } } },
    );
    const token = crypto.randomBytes(32).toString('base64url');
    // The same link, once with its first character percent-encoded: one link, one bucket.
    const encoded = `%${token.charCodeAt(0).toString(16).toUpperCase()}${token.slice(1)}`;
    const seen: number[] = [];
    for (const [client, path] of [
      [CLIENT_A, token],
      [CLIENT_B, encoded],
      [CLIENT_C, token],
    ] as const) {
      const res = await supertest(app).get(`/respond/${path}`).set('X-Forwarded-For', client);
      seen.push(res.status);
    }
    expect(seen).toEqual([404, 404, 429]);
    const page = await supertest(app).get(`/respond/${token}/acknowledge`).set('X-Forwarded-For', CLIENT_A);
    expect(page.status).toBe(429);
    expect(page.text).toContain('Te veel verzoeken');
    const other = crypto.randomBytes(32).toString('base64url');
    expect((await supertest(app).get(`/respond/${other}`).set('X-Forwarded-For', CLIENT_A)).status).toBe(404);
  });
});

describe('the API key cache', () => {
  it('keeps an unknown prefix as unknown for its time, like a known key', async () => {
    let clock = 0;
    const cache = createApiKeyCache(h.db.prisma, { monotonicMs: () => clock });
    const generated = generateApiKey();
    await expect(cache.get(generated.prefix)).resolves.toBeNull();
    await h.db.prisma.apiKey.create({
      data: {
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        label: 'made after the first lookup',
        organisationId: h.organisations.riecA.id,
      },
    });
    // Still unknown: the repeated lookup of a made-up prefix did not reach PostgreSQL.
    clock += API_KEY_CACHE_MS - 1;
    await expect(cache.get(generated.prefix)).resolves.toBeNull();
    clock += 2;
    await expect(cache.get(generated.prefix)).resolves.toMatchObject({ prefix: generated.prefix });
  });
});
