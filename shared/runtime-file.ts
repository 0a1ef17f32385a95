import fs from 'node:fs';
import path from 'node:path';
import type { Environment, ResolvedServices } from './config';

/**
 * `npm start` records where its services run (DATA_DIR/runtime.json, readable by its user only), so the admin
 * CLI, the import and a separately started API find the embedded database and Temporal without configuration.
 * It lives in shared/ because product entry points (api/main.ts) read it too, and they may not import scripts/.
 * Node-only: workflow code must not import it (the lint fence says so).
 */
const FILE_NAME = 'runtime.json';

/** Git-ignored folder for the product's persistent local state (Temporal database, PostgreSQL cluster). */
export const defaultDataDir = path.resolve(__dirname, '..', '.data');

export function dataDirOf(env: Pick<Environment, 'DATA_DIR'>): string {
  return env.DATA_DIR ? path.resolve(env.DATA_DIR) : defaultDataDir;
}

export function writeRuntimeFile(dataDir: string, services: ResolvedServices): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const { databaseUrl, temporalAddress, smtpUrl } = services;
  fs.writeFileSync(
    path.join(dataDir, FILE_NAME),
    JSON.stringify({ databaseUrl, temporalAddress, smtpUrl }, null, 2),
    { mode: 0o600 },
  );
}

/** What the last `npm start` with this data folder recorded; empty when it never ran. */
export function readRuntimeFile(dataDir: string): Partial<ResolvedServices> {
  const file = path.join(dataDir, FILE_NAME);
  if (!fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ResolvedServices>;
}
