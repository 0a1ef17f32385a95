/**
 * Fails when the database that the migrations build differs from the one schema.prisma describes: the check that
 * someone changed schema.prisma without writing a migration (or edited a migration by hand).
 *
 * Builds two scratch databases on DATABASE_URL's server (or a throw-away embedded cluster): one from
 * prisma/migrations, one from the full diff "empty → schema.prisma"; then compares their catalogs.
 * SCHEMA_PATH overrides the schema file (the drift test uses it to prove the check can fail).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import { applyMigrationsFrom, diffSchemas, migrationsDir, readSchema, schemaPath } from './migrations';
import { withScratchDatabase } from './scratch-database';

const CATALOG_QUERIES: Record<string, string> = {
  columns: `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes
              WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
  constraints: `SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid) AS definition
              FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
              JOIN pg_namespace ns ON ns.oid = rel.relnamespace
              WHERE ns.nspname = 'public' AND rel.relname <> '_prisma_migrations'`,
  enums: `SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid`,
};

async function catalog(url: string): Promise<Set<string>> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const lines = new Set<string>();
    for (const [kind, sql] of Object.entries(CATALOG_QUERIES)) {
      const { rows } = await client.query<Record<string, unknown>>(sql);
      for (const row of rows) lines.add(`${kind}: ${JSON.stringify(row)}`);
    }
    return lines;
  } finally {
    await client.end();
  }
}

async function withDatabase<T>(serverUrl: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `drift_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client(serverUrl);
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function findDrift(serverUrl: string, schemaFile = schemaPath): Promise<string[]> {
  const fromMigrations = await withDatabase(serverUrl, async (url) => {
    await applyMigrationsFrom(url, migrationsDir);
    return catalog(url);
  });
  const fromSchema = await withDatabase(serverUrl, async (url) => {
    const sql = await diffSchemas(url, undefined, readSchema(schemaFile));
    const client = new pg.Client(url);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
    return catalog(url);
  });
  const onlyInMigrations = [...fromMigrations].filter((line) => !fromSchema.has(line)).map((l) => `- ${l}`);
  const onlyInSchema = [...fromSchema].filter((line) => !fromMigrations.has(line)).map((l) => `+ ${l}`);
  return [...onlyInMigrations, ...onlyInSchema].sort((a, b) => a.slice(2).localeCompare(b.slice(2)));
}

async function main(): Promise<void> {
  const schemaFile = process.env.SCHEMA_PATH ?? schemaPath;
  const drift = await withScratchDatabase((url) => findDrift(url, schemaFile));
  if (drift.length > 0) {
    console.error(
      'The migrations and schema.prisma disagree (- only in the migrated database, + only in schema.prisma).\n' +
        'Write a migration: npm run db:migration -- <name>\n' +
        drift.join('\n'),
    );
    process.exit(1);
  }
  console.log('no drift: the migrations build exactly what schema.prisma describes');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
