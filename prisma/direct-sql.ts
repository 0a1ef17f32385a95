import crypto from 'node:crypto';
import type pg from 'pg';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/**
 * The submit path's few statements, run on the Prisma client's own pg pool instead of through `$queryRaw`. The
 * benchmark measured Prisma's query interpreter at twice the client CPU of the bare driver per raw statement
 * (docs/benchmarks.md); and as named prepared statements PostgreSQL parses and plans each shape once per
 * connection instead of on every submission. The SQL stays `Prisma.sql` (parameters always bound, never spliced).
 * pg returns what `$queryRaw` does for the types used here (text, uuid, int, jsonb, timestamptz as Date), except
 * bigint, which pg gives as a string.
 */
export interface DirectSql {
  query<Row>(statement: Prisma.Sql): Promise<Row[]>;
}

const pools = new WeakMap<PrismaClient, pg.Pool>();

/** Called by createPrismaClient: the pool its adapter uses. */
export function registerDirectSqlPool(prisma: PrismaClient, pool: pg.Pool): void {
  pools.set(prisma, pool);
}

// A statement's name derives from its text: the same shape is prepared once per connection and reused after. The
// hot path has a handful of shapes; the bound keeps a caller with ever-changing text from growing this map.
const MAX_NAMED_SHAPES = 64;
const names = new Map<string, string>();
function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_NAMED_SHAPES) {
    name = `s_${crypto.createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/** The pg pool under a client made by createPrismaClient. */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool) {
    throw new Error('this Prisma client was not made by createPrismaClient (prisma/client.ts)');
  }
  return pool;
}

export function directSqlFor(prisma: PrismaClient): DirectSql {
  const pool = poolOf(prisma);
  return {
    async query<Row>(statement: Prisma.Sql): Promise<Row[]> {
      const text = statement.text;
      const name = statementName(text);
      const result = await pool.query({ ...(name ? { name } : {}), text, values: statement.values });
      return result.rows as Row[];
    },
  };
}
