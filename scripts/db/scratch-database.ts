import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../services/postgres';
import { findFreePort } from '../services/ports';

/**
 * Runs `work` against a throw-away PostgreSQL cluster (or DATABASE_URL's server when set), for tools that need a
 * database only briefly: writing migrations, checking drift.
 */
export async function withScratchDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  if (process.env.DATABASE_URL) return work(process.env.DATABASE_URL);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-scratch-pg-'));
  fs.chmodSync(dataDir, 0o755);
  const pg = await startPostgres({ dataDir: path.join(dataDir, 'data'), port: await findFreePort() });
  try {
    return await work(pg.url);
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
