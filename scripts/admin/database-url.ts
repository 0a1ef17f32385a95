import { parseEnvironment } from '../../shared/config';
import { dataDirOf, readRuntimeFile } from '../../shared/runtime-file';

/**
 * Which database the admin CLI works on: DATABASE_URL when set; otherwise the embedded PostgreSQL of a running
 * (or earlier) `npm start`, as recorded in .data/runtime.json; otherwise the embedded default address.
 */
export function resolveAdminDatabaseUrl(env: NodeJS.ProcessEnv = process.env, dataDir?: string): string {
  const parsed = parseEnvironment(env);
  if (parsed.DATABASE_URL) return parsed.DATABASE_URL;
  const recorded = readRuntimeFile(dataDir ?? dataDirOf(parsed)).databaseUrl;
  if (recorded) return recorded;
  return `postgresql://postgres:signaalloket@127.0.0.1:${parsed.PG_PORT}/signaalloket`;
}
