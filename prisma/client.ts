import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client';
import { registerDirectSqlPool } from './direct-sql';

export type Database = PrismaClient;

/**
 * The one way to make a Prisma client: through the pg driver adapter (no native query engine needed). The adapter
 * gets a pool made here, so the few statements on the submit path can run on the same connections without
 * Prisma's query interpreter (prisma/direct-sql.ts); `$disconnect` still ends the pool.
 */
export function createPrismaClient(
  connectionString: string,
  options: { poolSize?: number } = {},
): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: options.poolSize ?? 10 });
  // An idle connection that breaks (PostgreSQL restarted) is dropped by the pool and the next query reconnects; the
  // adapter listens only once Prisma connects, and an 'error' event nobody listens to would end the process.
  pool.on('error', () => undefined);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const prisma = new PrismaClient({ adapter });
  registerDirectSqlPool(prisma, pool);
  return prisma;
}
