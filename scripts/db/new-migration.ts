/**
 * Writes the next migration from the change to prisma/schema.prisma, offline, the way `prisma migrate dev
 * --create-only` would: the SQL between the datamodel as of the last migration (kept as a snapshot next to it)
 * and today's. Usage: npm run db:migration -- <name>
 */
import fs from 'node:fs';
import path from 'node:path';
import { diffSchemas, migrationsDir, readMigrations, readSchema } from './migrations';
import { withScratchDatabase } from './scratch-database';

export const SNAPSHOT_FILE = 'schema.snapshot.prisma';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error('give the migration a snake_case name: npm run db:migration -- add_something');
  }
  const folders = readMigrations().migrationDirectories.map((d) => d.path);
  const last = folders.at(-1);
  const previous = last ? readSchema(path.join(migrationsDir, last, SNAPSHOT_FILE)) : undefined;
  const current = readSchema();
  const sql = await withScratchDatabase((url) => diffSchemas(url, previous, current));
  if (!sql.trim() || /^-- This is an empty migration\.?\s*$/.test(sql.trim())) {
    console.log('schema.prisma has not changed since the last migration; nothing written.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name}`);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'migration.sql'), sql);
  fs.copyFileSync(current.path, path.join(folder, SNAPSHOT_FILE));
  fs.writeFileSync(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
  console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
}

main().then(
  // The WebAssembly engine leaves a timer behind; a command-line tool ends when its work is done.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
