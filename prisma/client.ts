import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Database = PrismaClient;

/** The one way to make a Prisma client: through the pg driver adapter (no native query engine needed). */
export function createPrismaClient(
  connectionString: string,
  options: { poolSize?: number } = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
