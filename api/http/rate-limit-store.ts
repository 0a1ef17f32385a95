import crypto from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { directSqlFor, type DirectSql } from '../../prisma/direct-sql';
import { createGroupCommit } from '../../prisma/group-commit';
import { perDatabaseClient } from '../../prisma/per-database-client';

/** Makes the store of one limiter; each express-rate-limit instance needs a store of its own. */
export interface RateLimitStores {
  forLimiter(limiter: string): Store;
}

interface BucketRow {
  hits: number;
  resetAt: Date;
}

interface Hit {
  bucket: string;
  limiter: string;
  windowMs: number;
}

// Bounds one statement (and the parameter arrays it carries).
const MAX_HITS_PER_STATEMENT = 500;

/**
 * Every limiter's hits of one process, counted with group commit (prisma/group-commit.ts): under load one upsert for
 * the hits of many requests instead of one each. The batch's hits are summed per bucket, and the buckets are taken
 * in one order (by their key), so two replicas' statements never wait on each other's rows in a circle. Each hit
 * gets the count it would have got alone: its bucket's new total less the hits that came after it in the batch.
 */
function createRateLimitHits(prisma: PrismaClient) {
  const sql = directSqlFor(prisma);
  return createGroupCommit<Hit, IncrementResponse>(
    async (batch) => {
      // A hit alone (no load) takes the plain one-row upsert: the aggregate over arrays costs PostgreSQL more to
      // plan than it saves when there is nothing to share (measured: docs/benchmarks.md, section 6).
      const [first] = batch;
      const source =
        batch.length === 1 && first
          ? Prisma.sql`VALUES (${first.bucket}, ${first.limiter}, 1,
                    now() + ${first.windowMs}::double precision * interval '1 millisecond')`
          : Prisma.sql`SELECT h.bucket, min(h.limiter), count(*)::int,
                    now() + min(h.window_ms) * interval '1 millisecond'
               FROM unnest(${batch.map((hit) => hit.bucket)}::text[], ${batch.map((hit) => hit.limiter)}::text[],
                           ${batch.map((hit) => hit.windowMs)}::double precision[]) AS h(bucket, limiter, window_ms)
              GROUP BY h.bucket
              ORDER BY h.bucket`;
      const rows = await sql.query<BucketRow & { bucket: string }>(Prisma.sql`
        INSERT INTO "RateLimitBucket" AS b ("bucket", "limiter", "hits", "resetAt")
        ${source}
        ON CONFLICT ("bucket") DO UPDATE
           SET "hits" = CASE WHEN b."resetAt" <= now() THEN EXCLUDED."hits" ELSE b."hits" + EXCLUDED."hits" END,
               "resetAt" = CASE WHEN b."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE b."resetAt" END
        RETURNING "bucket", "hits", "resetAt"`);
      const totals = new Map(rows.map((row) => [row.bucket, row]));
      const later = new Map<string, number>();
      for (const hit of batch) later.set(hit.bucket, (later.get(hit.bucket) ?? 0) + 1);
      return batch.map((hit) => {
        const total = totals.get(hit.bucket);
        if (!total) throw new Error('the rate limit upsert returned no row for a bucket');
        const after = later.get(hit.bucket)! - 1;
        later.set(hit.bucket, after);
        return { totalHits: total.hits - after, resetTime: total.resetAt };
      });
    },
    { maxBatch: MAX_HITS_PER_STATEMENT, what: 'count a rate-limited request' },
  );
}
const rateLimitHitsFor = perDatabaseClient(createRateLimitHits);
type RateLimitHits = ReturnType<typeof createRateLimitHits>;

/**
 * A fixed window per bucket, counted in PostgreSQL so that every API replica spends from one budget (a memory store
 * would give each replica a budget of its own, so N replicas would allow N times the limit). A hit is an upsert that
 * starts a new window when the stored one has passed, atomic under concurrent hits of any replica; a process's
 * concurrent hits share one (createRateLimitHits). Time is the database's (now()), so replicas whose clocks differ
 * still agree on every window.
 */
class PostgresRateLimitStore implements Store {
  /** Counts are shared between instances: express-rate-limit's double-count check then goes by `prefix`. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;

  constructor(
    private readonly sql: DirectSql,
    private readonly hits: RateLimitHits,
    private readonly namespace: string,
    private readonly limiter: string,
  ) {
    this.prefix = `${limiter}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The row's key: a hash, so no client address, principal id or link token is stored. */
  private bucketOf(key: string): string {
    return crypto.createHash('sha256').update(`${this.namespace}\n${this.limiter}\n${key}`).digest('hex');
  }

  increment(key: string): Promise<IncrementResponse> {
    return this.hits.submit({ bucket: this.bucketOf(key), limiter: this.limiter, windowMs: this.windowMs });
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await this.sql.query<BucketRow>(Prisma.sql`
      SELECT "hits", "resetAt" FROM "RateLimitBucket" WHERE "bucket" = ${this.bucketOf(key)} AND "resetAt" > now()`);
    return row ? { totalHits: row.hits, resetTime: row.resetAt } : undefined;
  }

  async decrement(key: string): Promise<void> {
    await this.sql.query(Prisma.sql`
      UPDATE "RateLimitBucket" SET "hits" = greatest(0, "hits" - 1)
       WHERE "bucket" = ${this.bucketOf(key)} AND "resetAt" > now()`);
  }

  async resetKey(key: string): Promise<void> {
    await this.sql.query(Prisma.sql`DELETE FROM "RateLimitBucket" WHERE "bucket" = ${this.bucketOf(key)}`);
  }
}

/**
 * The rate limits' stores on the API's PostgreSQL. Every replica of one deployment uses the default namespace and so
 * shares each budget; a different namespace gives apps on one database budgets of their own (tests that need a
 * fresh budget per app).
 */
export function createPostgresRateLimitStores(
  prisma: PrismaClient,
  options: { namespace?: string } = {},
): RateLimitStores {
  const sql = directSqlFor(prisma);
  const hits = rateLimitHitsFor(prisma);
  const namespace = options.namespace ?? 'default';
  return { forLimiter: (limiter) => new PostgresRateLimitStore(sql, hits, namespace, limiter) };
}

/**
 * Removes buckets whose window has passed (a later hit would start a new window in the same row anyway). Safe in any
 * number of processes at once: deleting a row twice deletes it once.
 */
export async function purgeExpiredRateLimitBuckets(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "resetAt" <= now()`;
}
