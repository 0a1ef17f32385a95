import fs from 'node:fs';
import path from 'node:path';
import type { Environment, ResolvedServices } from '../../shared/config';
import { ensureDatabase, withDatabase } from '../db/ensure-database';
import { applyMigrations } from '../db/migrations';
import { startMailCatcher } from './mailcatcher';
import { defaultDataDir, isRoot, stateDirOutsideCheckout, traversableByOthers } from './paths';
import { assertPortFree } from './ports';
import { startPostgres } from './postgres';
import { startTemporalDevServer } from './temporal';

export const PRODUCT_DATABASE = 'signaalloket';

export interface EmbeddedServices extends ResolvedServices {
  /** Human-facing addresses of what was started here (absent when an external service is configured). */
  temporalUiUrl?: string;
  mailUiUrl?: string;
  postgresDataDir?: string;
  stop(): Promise<void>;
}

/** A Temporal that the caller starts on the resolved PostgreSQL server (npm run cluster: the real server). */
export type TemporalStarter = (postgres: {
  /** The server's URL with the product's credentials, on its `postgres` database. */
  serverUrl: string;
}) => Promise<{ address: string; uiUrl?: string; stop(): Promise<void> }>;

export interface EmbeddedServicesOptions {
  dataDir?: string;
  log: (message: string) => void;
  /** Instead of the dev server (npm start), when TEMPORAL_ADDRESS is unset. */
  startTemporal?: TemporalStarter;
  /**
   * The name of PostgreSQL's folder outside the checkout, when the checkout is unreachable for the postgres user
   * (see postgresDataDirFor): each data folder needs its own (default `postgres`, npm start's).
   */
  postgresStateName?: string;
}

/**
 * Resolves every service address: the configured one when set, else starts the embedded default with its state
 * under `dataDir` (git-ignored), so a second start reuses the data. Stops what it started, in reverse order.
 */
export async function startEmbeddedServices(
  env: Environment,
  options: EmbeddedServicesOptions,
): Promise<EmbeddedServices> {
  const dataDir = options.dataDir ?? defaultDataDir;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // Ports first, all of them, so a busy port is reported before anything starts.
    if (!env.DATABASE_URL) await assertPortFree(env.PG_PORT, 'embedded PostgreSQL, PG_PORT');
    if (!env.TEMPORAL_ADDRESS) {
      await assertPortFree(env.TEMPORAL_PORT, 'Temporal dev server, TEMPORAL_PORT');
      await assertPortFree(env.TEMPORAL_UI_PORT, 'Temporal web UI, TEMPORAL_UI_PORT');
    }
    if (!env.SMTP_URL) {
      await assertPortFree(env.SMTP_PORT, 'MailDev SMTP, SMTP_PORT');
      await assertPortFree(env.MAIL_UI_PORT, 'MailDev web inbox, MAIL_UI_PORT');
    }

    let databaseUrl = env.DATABASE_URL;
    let postgresDataDir: string | undefined;
    if (!databaseUrl) {
      postgresDataDir =
        env.PG_DATA_DIR ?? postgresDataDirFor(dataDir, options.postgresStateName ?? 'postgres', options.log);
      const postgres = await startPostgres({ dataDir: postgresDataDir, port: env.PG_PORT });
      stops.push(() => postgres.stop());
      databaseUrl = await ensureDatabase(postgres.url, PRODUCT_DATABASE);
    }
    const applied = await applyMigrations(databaseUrl);
    if (applied.length) options.log(`database migrated: ${applied.join(', ')}`);

    let temporalAddress = env.TEMPORAL_ADDRESS;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      const temporal = options.startTemporal
        ? await options.startTemporal({ serverUrl: withDatabase(databaseUrl, 'postgres') })
        : await startTemporalDevServer({
            port: env.TEMPORAL_PORT,
            uiPort: env.TEMPORAL_UI_PORT,
            dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
          });
      stops.push(() => temporal.stop());
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }

    let smtpUrl = env.SMTP_URL;
    let mailUiUrl: string | undefined;
    if (!smtpUrl) {
      const catcher = await startMailCatcher({
        smtpPort: env.SMTP_PORT,
        webPort: env.MAIL_UI_PORT,
        mailDirectory: path.join(dataDir, 'mail'),
      });
      stops.push(() => catcher.stop());
      smtpUrl = catcher.smtpUrl;
      mailUiUrl = catcher.webUrl;
    }

    return {
      databaseUrl,
      temporalAddress,
      smtpUrl,
      ...(temporalUiUrl ? { temporalUiUrl } : {}),
      ...(mailUiUrl ? { mailUiUrl } : {}),
      ...(postgresDataDir ? { postgresDataDir } : {}),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which cannot enter a checkout under a private folder (what
 * `mktemp -d` makes); then the cluster lives in a per-checkout folder outside it, and we say where.
 */
function postgresDataDirFor(dataDir: string, stateName: string, log: (message: string) => void): string {
  const inside = path.join(dataDir, 'postgres');
  if (!isRoot() || traversableByOthers(dataDir)) {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    return inside;
  }
  const outside = stateDirOutsideCheckout(stateName);
  log(
    `PostgreSQL data lives in ${outside}: the postgres user cannot enter ${dataDir} (a private folder on the way)`,
  );
  return outside;
}
