import fs from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { openSchemaEngine, type SchemaFile } from './schema-engine';

export const prismaDir = path.resolve(__dirname, '..', '..', 'prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');
export const schemaPath = path.join(prismaDir, 'schema.prisma');

export function readSchema(file = schemaPath): SchemaFile {
  return { path: file, content: fs.readFileSync(file, 'utf8') };
}

const noFilters = { externalTables: [], externalEnums: [] };

/** Reads the migrations folder the way the Prisma CLI does (one folder per migration, `migration.sql` inside). */
export function readMigrations(dir = migrationsDir): MigrationList {
  const lockfilePath = path.join(dir, 'migration_lock.toml');
  const folders = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lockfilePath) ? fs.readFileSync(lockfilePath, 'utf8') : null,
    },
    shadowDbInitScript: '',
    migrationDirectories: folders.map((folder) => {
      const file = path.join(dir, folder, 'migration.sql');
      return {
        path: folder,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(file)
            ? { tag: 'ok' as const, value: fs.readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `missing ${file}` },
        },
      };
    }),
  };
}

/** What `prisma migrate deploy` does: applies the pending migrations and records them in `_prisma_migrations`. */
export function applyMigrations(connectionString: string): Promise<string[]> {
  return applyMigrationsFrom(connectionString, migrationsDir);
}

export async function applyMigrationsFrom(connectionString: string, dir: string): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(connectionString, readSchema());
  try {
    const result = await engine.applyMigrations({ migrationsList: readMigrations(dir), filters: noFilters });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * What `prisma migrate diff --script` does between two datamodels: the SQL that turns `from` into `to`
 * (`from` undefined means an empty database). Needs a database only to know the dialect; it is not touched.
 */
export async function diffSchemas(
  connectionString: string,
  from: SchemaFile | undefined,
  to: SchemaFile,
): Promise<string> {
  const { engine, close } = await openSchemaEngine(connectionString, to);
  try {
    const result = await engine.diff({
      from: from ? { tag: 'schemaDatamodel', files: [from] } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [to] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? '';
  } finally {
    await close();
  }
}
