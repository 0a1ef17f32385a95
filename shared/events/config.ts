import crypto from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../config-error';

/**
 * Events to subscribers (CloudEvents, NL GOV profile): the settings, part of the one environment schema
 * (shared/config.ts), and what they resolve to.
 */
const text = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

// urn:nld:oin:<the organisation's OIN, 20 digits>[:systeem:<name>], as the NL GOV profile asks of `source`.
const OIN_URN = /^urn:nld:oin:\d{20}(:[A-Za-z0-9][A-Za-z0-9._~:-]*)?$/;
export const DEFAULT_EVENTS_SOURCE = 'urn:nld:oin:00000000000000000000:systeem:signaalloket';

export const eventSettings = {
  // The `source` of every event: the LIEC's OIN as a URN (urn:nld:oin:<20 digits>:systeem:<name>).
  EVENTS_SOURCE: text.pipe(
    z.string().regex(OIN_URN, 'must be urn:nld:oin:<20 digits>[:systeem:<name>]').optional(),
  ),
  // Encrypts subscribers' Bearer tokens at rest (≥ 32 random bytes); API, worker and admin CLI share it.
  EVENTS_TOKEN_KEY: text.pipe(
    z.string().min(43, 'must be at least 43 characters (32 random bytes, base64)').optional(),
  ),
  // Tests and local trials: an http:// endpoint on the loopback address (never in production).
  EVENTS_ALLOW_LOOPBACK_HTTP: z.stringbool().default(false),
  // Retries of a delivery (5xx, no answer): the first wait, the longest wait, and how many attempts in all.
  EVENTS_RETRY_INITIAL_SECONDS: z.coerce.number().min(0.05).max(3600).default(10),
  EVENTS_RETRY_MAX_INTERVAL_SECONDS: z.coerce.number().min(0.05).max(86_400).default(3600),
  EVENTS_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  // How long one attempt waits for the subscriber's answer.
  EVENTS_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(10),
};

type EventEnvironment = z.infer<ReturnType<typeof z.object<typeof eventSettings>>> & {
  NODE_ENV: 'development' | 'test' | 'production';
};

export interface DeliveryRetry {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  maximumAttempts: number;
}

export interface EventsConfig {
  source: string;
  /** AES-256 key of the subscribers' tokens. */
  tokenKey: Buffer;
  allowLoopbackHttp: boolean;
  retry: DeliveryRetry;
  requestTimeoutMs: number;
}

/**
 * The events' settings once the response-link secret is known: without EVENTS_TOKEN_KEY the token key is derived
 * from that secret (HKDF), which the API, the worker and the admin CLI already share and keep.
 */
export function resolveEvents(env: EventEnvironment, responseLinkSecret: string): EventsConfig {
  if (env.NODE_ENV === 'production' && env.EVENTS_ALLOW_LOOPBACK_HTTP) {
    throw new ConfigError(
      'EVENTS_ALLOW_LOOPBACK_HTTP is for tests and local trials; production sends https only',
    );
  }
  const keyMaterial = env.EVENTS_TOKEN_KEY ?? responseLinkSecret;
  return {
    source: env.EVENTS_SOURCE ?? DEFAULT_EVENTS_SOURCE,
    tokenKey: Buffer.from(
      crypto.hkdfSync('sha256', keyMaterial, '', 'signaalloket event subscription token', 32),
    ),
    allowLoopbackHttp: env.EVENTS_ALLOW_LOOPBACK_HTTP,
    retry: {
      initialIntervalMs: Math.round(env.EVENTS_RETRY_INITIAL_SECONDS * 1000),
      maximumIntervalMs: Math.round(
        Math.max(env.EVENTS_RETRY_MAX_INTERVAL_SECONDS, env.EVENTS_RETRY_INITIAL_SECONDS) * 1000,
      ),
      maximumAttempts: env.EVENTS_RETRY_MAX_ATTEMPTS,
    },
    requestTimeoutMs: Math.round(env.EVENTS_REQUEST_TIMEOUT_SECONDS * 1000),
  };
}
