import crypto from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { directSqlFor, type DirectSql } from '../../prisma/direct-sql';

/** Makes the store of one limiter; each express-rate-limit instance needs a store of its own. */
export interface RateLimitStores {
  forLimiter(limiter: string): Store;
}

interface BucketRow {
  hits: number;
  resetAt: Date;
}

/**
 * A fixed window per bucket, counted in PostgreSQL so that every API replica spends from one budget (a memory store
 * would give each replica a budget of its own, so N replicas would allow N times the limit). One statement per hit:
 * an upsert that starts a new window when the stored one has passed, atomic under concurrent hits of any replica.
 * Time is the database's (now()), so replicas whose clocks differ still agree on every window.
 */
class PostgresRateLimitStore implements Store {
  /** Counts are shared between instances: express-rate-limit's double-count check then goes by `prefix`. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;

  constructor(
    private readonly sql: DirectSql,
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

  async increment(key: string): Promise<IncrementResponse> {
    const [row] = await this.sql.query<BucketRow>(Prisma.sql`
      INSERT INTO "RateLimitBucket" AS b ("bucket", "limiter", "hits", "resetAt")
      VALUES (${this.bucketOf(key)}, ${this.limiter}, 1,
              now() + ${this.windowMs}::double precision * interval '1 millisecond')
      ON CONFLICT ("bucket") DO UPDATE
         SET "hits" = CASE WHEN b."resetAt" <= now() THEN 1 ELSE b."hits" + 1 END,
             "resetAt" = CASE WHEN b."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE b."resetAt" END
      RETURNING "hits", "resetAt"`);
    if (!row) throw new Error('the rate limit upsert returned no row');
    return { totalHits: row.hits, resetTime: row.resetAt };
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
  const namespace = options.namespace ?? 'default';
  return { forLimiter: (limiter) => new PostgresRateLimitStore(sql, namespace, limiter) };
}

/**
 * Removes buckets whose window has passed (a later hit would start a new window in the same row anyway). Safe in any
 * number of processes at once: deleting a row twice deletes it once.
 */
export async function purgeExpiredRateLimitBuckets(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`DELETE FROM "RateLimitBucket" WHERE "resetAt" <= now()`;
}
