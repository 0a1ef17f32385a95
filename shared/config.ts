import crypto from 'node:crypto';
import { z } from 'zod';

/**
 * Configuration from the environment, parsed once at start. Unset service addresses mean "use the embedded
 * default" (started by `npm start` / the test setup); the running app always gets resolved addresses.
 */
const port = z.coerce.number().int().min(1).max(65535);
// An empty variable counts as unset, as shells and .env files tend to produce them.
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .pipe(z.url().optional());

export const DEFAULT_RESPONSE_LINK_VALID_DAYS = 180;

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  // The operations listener (/readyz, /metrics, /healthz): loopback by default, never the public PORT.
  OPS_PORT: port.default(9090),
  OPS_HOST: z.string().trim().min(1).default('127.0.0.1'),
  // How many reverse proxies in front of the API may set X-Forwarded-For (0: the socket's address is the client).
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  // /api/v1 request budgets per minute: per API key owner (RIEC or person), and per client address before that.
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  API_ADDRESS_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  PUBLIC_BASE_URL: optionalUrl,
  DATABASE_URL: optionalUrl,
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  // Where people open Temporal's web UI (the dashboard links each signal's workflow there); the embedded
  // dev server's UI when unset and TEMPORAL_ADDRESS is unset too.
  TEMPORAL_UI_URL: optionalUrl,
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).optional(),
  SMTP_URL: optionalUrl,
  MAIL_FROM: z.string().default('Landelijk loket Bestuurlijke Signalen <loket@signaalloket.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // Embedded defaults' ports (only used when the matching address above is unset).
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  PG_PORT: port.default(5433),
  SMTP_PORT: port.default(1025),
  MAIL_UI_PORT: port.default(1080),
  PG_DATA_DIR: z.string().optional(),
  // Where npm start keeps the embedded services' state (default: .data in the checkout, git-ignored).
  DATA_DIR: z.string().optional(),
  // Days a ministry contact's link stays valid after its case ends (replied, withdrawn, closed); open: no expiry.
  RESPONSE_LINK_VALID_DAYS: z.coerce.number().int().min(1).max(730).default(DEFAULT_RESPONSE_LINK_VALID_DAYS),
  // The key response-link tokens are derived from (at least 32 random bytes, e.g. `openssl rand -base64 32`);
  // required in production, where every process that mails or reissues links must share it and keep it.
  RESPONSE_LINK_SECRET: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(z.string().min(43, 'must be at least 43 characters (32 random bytes, base64)').optional()),
  // A dashboard session ends this long after the login, however busy, or after this long without a page view.
  DASHBOARD_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
  DASHBOARD_SESSION_IDLE_MINUTES: z.coerce.number().int().min(2).max(1440).default(30),
  // Documents attached to a signal (PDF, DOCX, ODT, plain text): the largest file, and how many one signal holds.
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(20 * 1024 * 1024),
  DOCUMENT_MAX_PER_SIGNAL: z.coerce.number().int().min(1).max(500).default(20),
  // On SIGTERM (a rolling upgrade, a scale-down): how long in-flight requests and activity tasks may take to finish
  // before they are cut. Below the platform's own limit (Kubernetes kills after 30 s by default).
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  // On SIGTERM the API first reports itself not ready (/readyz 503) and keeps serving this long, so a load balancer
  // takes it out of rotation before it stops accepting connections (its health-check interval times its fall count).
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
});

export type Environment = z.infer<typeof environmentSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const result = environmentSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  return result.data;
}

/** What the worker and the API need once every service address is known. */
export interface RuntimeConfig {
  env: Environment;
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls?: { certPath?: string; keyPath?: string; caPath?: string };
    apiKey?: string;
  };
  smtpUrl: string;
  publicBaseUrl: string;
  mailFrom: string;
  /** RESPONSE_LINK_SECRET; outside production a random one per process when unset (links then change on restart). */
  responseLinkSecret: string;
}

export interface ResolvedServices {
  databaseUrl: string;
  temporalAddress: string;
  smtpUrl: string;
}

export function toRuntimeConfig(
  env: Environment,
  services: ResolvedServices,
  taskQueue: string,
): RuntimeConfig {
  if (!env.RESPONSE_LINK_SECRET && env.NODE_ENV === 'production') {
    throw new ConfigError(
      'RESPONSE_LINK_SECRET is required in production: at least 32 random bytes (e.g. `openssl rand -base64 32`), ' +
        'the same for the worker and the API, kept across restarts',
    );
  }
  const tlsConfigured = env.TEMPORAL_TLS_CERT_PATH ?? env.TEMPORAL_TLS_KEY_PATH ?? env.TEMPORAL_TLS_CA_PATH;
  return {
    env,
    databaseUrl: services.databaseUrl,
    temporal: {
      address: services.temporalAddress,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? taskQueue,
      ...(tlsConfigured
        ? {
            tls: {
              certPath: env.TEMPORAL_TLS_CERT_PATH,
              keyPath: env.TEMPORAL_TLS_KEY_PATH,
              caPath: env.TEMPORAL_TLS_CA_PATH,
            },
          }
        : {}),
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
    },
    smtpUrl: services.smtpUrl,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    mailFrom: env.MAIL_FROM,
    responseLinkSecret: env.RESPONSE_LINK_SECRET ?? crypto.randomBytes(32).toString('base64url'),
  };
}
