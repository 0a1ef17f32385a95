import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { migrationsDir } from '../../scripts/db/migrations';
import { requiredTestEnv } from './env';
import { withDatabase } from './global-setup';

/** Migration tests: a scratch database migrated up to a migration, data written as the code before it did, then the rest. */

export async function admin(sql: string): Promise<void> {
  const client = new pg.Client(requiredTestEnv('TEST_DATABASE_ADMIN_URL'));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new empty database on the run's cluster: its name and URL. */
export async function scratchDatabase(): Promise<{ name: string; url: string }> {
  const name = `migration_${crypto.randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  return { name, url: withDatabase(requiredTestEnv('TEST_DATABASE_ADMIN_URL'), name) };
}

/** Applies a migrations folder in a child process (the schema engine is an ES module jest's sandbox cannot load). */
export async function applyMigrationsFrom(url: string, dir: string): Promise<string[]> {
  const script = path.join(dir, '..', `apply-${crypto.randomBytes(4).toString('hex')}.ts`);
  const migrations = path.resolve(__dirname, '..', '..', 'scripts', 'db', 'migrations');
  fs.writeFileSync(
    script,
    `import { applyMigrationsFrom } from ${JSON.stringify(migrations)};\n` +
      `applyMigrationsFrom(${JSON.stringify(url)}, ${JSON.stringify(dir)}).then(` +
      `(names) => { console.log(JSON.stringify(names)); process.exit(0); }, ` +
      `(error) => { console.error(error); process.exit(1); });\n`,
  );
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      cwd: path.resolve(__dirname, '..', '..'),
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/** The migrations as they were before `name`: the same folders, without that one and later ones. */
export function migrationsBefore(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  fs.copyFileSync(path.join(migrationsDir, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  for (const folder of fs.readdirSync(migrationsDir).sort()) {
    if (folder >= name || !fs.statSync(path.join(migrationsDir, folder)).isDirectory()) continue;
    fs.cpSync(path.join(migrationsDir, folder), path.join(dir, folder), { recursive: true });
  }
  return dir;
}
