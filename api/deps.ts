import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import { createProcessingLog, type ProcessingLog } from '../activities/processing-log/record';
import type { RuntimeConfig } from '../shared/config';
import type { RateLimitStores } from './http/rate-limit-store';

/** Everything the HTTP app needs, injected by the caller (server, tests); nothing is created at import time. */
export interface AppDeps {
  config: RuntimeConfig;
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  clock?: () => Date;
  /**
   * Request budgets of /api: per principal (default 300 a minute) and per client address (default twice that); the
   * store of every budget (also the ministry pages' and the login's) is PostgreSQL unless another is given.
   */
  rateLimit?: { windowMs?: number; limit?: number; addressLimit?: number; store?: RateLimitStores };
  /**
   * SMTP for what the API itself mails (a reissued response link). Without it, reissuing answers 503; every other
   * mail is the worker's.
   */
  mail?: { transport: Transporter };
}

export const now = (deps: Pick<AppDeps, 'clock'>): Date => (deps.clock ? deps.clock() : new Date());

const processingLogs = new WeakMap<RuntimeConfig, ProcessingLog>();

/**
 * The processing log's writer for this app's configuration (its register and pseudonym key): the one writer the
 * worker's activities use as well, made once per configuration.
 */
export function processingLogOf(deps: Pick<AppDeps, 'config'>): ProcessingLog {
  let log = processingLogs.get(deps.config);
  if (!log) {
    log = createProcessingLog(deps.config.processingRegister);
    processingLogs.set(deps.config, log);
  }
  return log;
}
