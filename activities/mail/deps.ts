import pino from 'pino';
import type { Transporter } from 'nodemailer';
import type { PrismaClient } from '../../generated/prisma/client';
import type { Environment, RuntimeConfig } from '../../shared/config';
import { createProcessingLog, type ProcessingLog } from '../processing-log/record';

export type Clock = (() => Date) | { now(): Date };

export type MailLogger = Pick<pino.Logger, 'debug' | 'info' | 'warn' | 'error'>;

/** How delivery is retried after an SMTP failure. */
export interface RetryPolicy {
  /** First retry after this long; each further attempt doubles it (with ±20 % jitter) up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** After this many attempts a mail is given up ("failed") and logged as an error. */
  maxAttempts: number;
  /** A claimed row is not taken by another sender for this long (covers a slow SMTP conversation). */
  leaseMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 10_000,
  maxDelayMs: 30 * 60_000,
  maxAttempts: 60,
  // Longer than one SMTP attempt can take (createMailTransport: 10 s connect + 10 s greeting + 20 s socket), short
  // enough that a delivery interrupted by a dying worker is retried soon after.
  leaseMs: 90_000,
};

export interface MailDeps {
  prisma: PrismaClient;
  transport: Transporter;
  config: Pick<RuntimeConfig, 'publicBaseUrl' | 'mailFrom' | 'responseLinkSecret' | 'processingRegister'> & {
    env: Pick<Environment, 'RESPONSE_LINK_VALID_DAYS'>;
  };
  clock?: Clock;
  logger?: MailLogger;
  retry?: Partial<RetryPolicy>;
}

export interface ResolvedMailDeps extends Omit<MailDeps, 'clock' | 'logger' | 'retry'> {
  now(): Date;
  logger: MailLogger;
  retry: RetryPolicy;
  /** Every mail to a ministry contact, and every link issued to one, is a processing of their data. */
  processingLog: ProcessingLog;
}

export function nowFrom(clock: Clock | undefined): () => Date {
  if (!clock) return () => new Date();
  return typeof clock === 'function' ? clock : () => clock.now();
}

export function resolveMailDeps(deps: MailDeps): ResolvedMailDeps {
  return {
    prisma: deps.prisma,
    transport: deps.transport,
    config: deps.config,
    now: nowFrom(deps.clock),
    logger: deps.logger ?? pino({ level: 'silent' }),
    retry: { ...DEFAULT_RETRY_POLICY, ...deps.retry },
    processingLog: createProcessingLog(deps.config.processingRegister),
  };
}
