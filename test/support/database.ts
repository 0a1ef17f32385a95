import crypto from 'node:crypto';
import pg from 'pg';
import { createPrismaClient, type Database } from '../../prisma/client';
import { requiredTestEnv, TEMPLATE_DATABASE } from './env';
import { withDatabase } from './global-setup';

export interface TestDatabase {
  url: string;
  prisma: Database;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(requiredTestEnv('TEST_DATABASE_ADMIN_URL'));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own for one suite (a clone of the migrated template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = withDatabase(requiredTestEnv('TEST_DATABASE_ADMIN_URL'), name);
  const prisma = createPrismaClient(url, { poolSize: 5 });
  return {
    url,
    prisma,
    async drop() {
      await prisma.$disconnect();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
