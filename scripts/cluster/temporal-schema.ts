import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { clusterBinaries, postgresSchemaDirs } from './binaries';

const run = promisify(execFile);

/** Where the Temporal cluster keeps its state: two databases on one PostgreSQL server. */
export interface TemporalDatabases {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Persistence: histories, mutable state, task queues, namespaces, cluster membership. */
  temporal: string;
  /** Visibility: the list views and search attributes. */
  visibility: string;
}

/** The two databases on the server behind a PostgreSQL URL (its user and password), with these names. */
export function temporalDatabasesOn(
  serverUrl: string,
  names: { temporal: string; visibility: string },
): TemporalDatabases {
  const url = new URL(serverUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    ...names,
  };
}

/**
 * Creates both databases when missing and brings their schemas to the version this server needs, with the server's
 * own tool (`create-database`, `setup-schema -v 0.0`, `update-schema -d <versioned folder>`). Every step is a
 * no-op on a database that is already there and current, so it runs at every start; after a server upgrade it
 * applies the new versions' scripts.
 */
export async function ensureTemporalSchemas(databases: TemporalDatabases): Promise<void> {
  for (const [database, schemaDir] of [
    [databases.temporal, postgresSchemaDirs.temporal],
    [databases.visibility, postgresSchemaDirs.visibility],
  ] as const) {
    // The tool's create-database fails on an existing database; PostgreSQL has no CREATE DATABASE IF NOT EXISTS.
    if (!(await databaseExists(databases, database))) await sqlTool(databases, database, ['create-database']);
    await sqlTool(databases, database, ['setup-schema', '-v', '0.0']);
    await sqlTool(databases, database, ['update-schema', '-d', schemaDir]);
  }
}

async function databaseExists(databases: TemporalDatabases, name: string): Promise<boolean> {
  const client = new pg.Client({
    host: databases.host,
    port: databases.port,
    user: databases.user,
    password: databases.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return Boolean(rowCount);
  } finally {
    await client.end();
  }
}

async function sqlTool(databases: TemporalDatabases, database: string, args: string[]): Promise<void> {
  try {
    await run(clusterBinaries.sqlTool, args, {
      // Connection settings through the tool's environment variables: the password stays out of `ps`.
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: databases.host,
        SQL_PORT: String(databases.port),
        SQL_USER: databases.user,
        SQL_PASSWORD: databases.password,
        SQL_DATABASE: database,
      },
      timeout: 120_000,
    });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(
      `temporal-sql-tool ${args[0]} on ${database} failed: ${(stderr || stdout || String(error)).trim().slice(-2000)}`,
    );
  }
}
