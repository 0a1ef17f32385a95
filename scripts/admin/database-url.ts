import fs from 'node:fs';
import path from 'node:path';
import { parseEnvironment } from '../../shared/config';

/**
 * Which database the admin CLI works on: DATABASE_URL when set; otherwise the embedded PostgreSQL of a running
 * (or earlier) `npm start`, as recorded in .data/runtime.json; otherwise the embedded default address.
 */
export function resolveAdminDatabaseUrl(
  env: NodeJS.ProcessEnv = process.env,
  dataDir = path.resolve(__dirname, '..', '..', '.data'),
): string {
  const parsed = parseEnvironment(env);
  if (parsed.DATABASE_URL) return parsed.DATABASE_URL;
  const runtimeFile = path.join(dataDir, 'runtime.json');
  if (fs.existsSync(runtimeFile)) {
    const runtime = JSON.parse(fs.readFileSync(runtimeFile, 'utf8')) as { databaseUrl?: string };
    if (runtime.databaseUrl) return runtime.databaseUrl;
  }
  return `postgresql://postgres:signaalloket@127.0.0.1:${parsed.PG_PORT}/signaalloket`;
}
