import crypto from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from './config-error';
import { resolveSignIn, signInSettings, type SignInConfig } from './config-sign-in';
import {
  createProcessingRegister,
  processingRegisterSettings,
  type ProcessingRegister,
} from './processing-register';
import { eventSettings, resolveEvents, type EventsConfig } from './events/config';

export { ConfigError } from './config-error';

/**
 * Configuration from the environment, parsed once at start. Unset service addresses mean "use the embedded
 * default" (started by `npm start` / the test setup); the running app always gets resolved addresses.
 */
const port = z.coerce.number().int().min(1).max(65535);
// An empty variable counts as unset, as shells and .env files tend to produce them.
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));
const optionalUrl = optionalText.pipe(z.url().optional());

export const DEFAULT_RESPONSE_LINK_VALID_DAYS = 180;
export const DEFAULT_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_DOCUMENT_MAX_PER_SIGNAL = 20;

export const environmentSchema = z.object({
  // How people sign in to the dashboard (DASHBOARD_SIGN_IN, OIDC_*, TOTP_ENCRYPTION_KEY): shared/config-sign-in.ts.
  ...signInSettings,
  // The processing log (PROCESSING_REGISTER_BASE_URL, PROCESSING_ACTIVITIES, PROCESSING_LOG_KEY):
  // shared/processing-register.ts.
  ...processingRegisterSettings,
  // Events to subscribers (EVENTS_*): shared/events/config.ts.
  ...eventSettings,
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
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  // A remote Temporal (self-hosted behind TLS, or Temporal Cloud): mTLS with a client certificate and key, a CA for
  // a private server certificate, TLS alone (TEMPORAL_TLS=true: a publicly signed server), or an API key (over TLS).
  TEMPORAL_TLS: z.stringbool().optional(),
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_TLS_CA_PATH: optionalText,
  // The name in the frontend's certificate, when the address is not that name (an IP, a proxy, an internal alias).
  TEMPORAL_TLS_SERVER_NAME: optionalText,
  TEMPORAL_API_KEY: optionalText,
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
    .default(DEFAULT_DOCUMENT_MAX_BYTES),
  DOCUMENT_MAX_PER_SIGNAL: z.coerce.number().int().min(1).max(500).default(DEFAULT_DOCUMENT_MAX_PER_SIGNAL),
  // The worker's workflow code, bundled beforehand (`npm run build:workflow-bundle`, done when the image is built);
  // unset, the worker bundles workflows/ itself when it starts (seconds of webpack and a core).
  WORKFLOW_BUNDLE_PATH: optionalText,
  // Worker Versioning (Temporal Worker Deployments): the deployment this worker belongs to and the build of the
  // workflow code it runs, both or neither. Set, the worker polls as that deployment version and takes workflow tasks
  // only once an operator has made the version current (docs/production.md, Upgrades).
  WORKER_DEPLOYMENT_NAME: optionalText,
  WORKER_BUILD_ID: optionalText,
  // On SIGTERM (a rolling upgrade, a scale-down): how long in-flight requests and activity tasks may take to finish
  // before they are cut. Below the platform's own limit (Kubernetes kills after 30 s by default).
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
  // On SIGTERM the API first reports itself not ready (/readyz 503) and keeps serving this long, so a load balancer
  // takes it out of rotation before it stops accepting connections (its health-check interval times its fall count).
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).max(120).default(0),
});

export type Environment = z.infer<typeof environmentSchema>;

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

export interface TemporalTls {
  /** Client certificate and key (both or neither): mutual TLS, as a self-hosted frontend or Temporal Cloud asks. */
  certPath?: string;
  keyPath?: string;
  /** The CA that signed the server's certificate, when the system does not trust it. */
  caPath?: string;
  serverName?: string;
}

/** What the worker and the API need once every service address is known. */
export interface RuntimeConfig {
  env: Environment;
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** Present when the connection uses TLS; without files, the system's CAs check the server and no client cert. */
    tls?: TemporalTls;
    apiKey?: string;
    /** The worker's Worker Deployment version; absent means an unversioned worker. */
    workerDeployment?: WorkerDeploymentVersion;
  };
  smtpUrl: string;
  publicBaseUrl: string;
  mailFrom: string;
  /** Which dashboard sign-in methods are on, and the identity provider's settings. */
  signIn: SignInConfig;
  /** RESPONSE_LINK_SECRET; outside production a random one per process when unset (links then change on restart). */
  responseLinkSecret: string;
  /** The register of processing activities and the pseudonym key of the processing log. */
  processingRegister: ProcessingRegister;
  /** Events to subscribers: the CloudEvents `source`, the tokens' key, the delivery retries. */
  events: EventsConfig;
}

/** A build of the worker within its Worker Deployment (Temporal's `deploymentName` and `buildId`). */
export interface WorkerDeploymentVersion {
  deploymentName: string;
  buildId: string;
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
  const tls = temporalTls(env);
  const workerDeployment = workerDeploymentVersion(env);
  const responseLinkSecret = env.RESPONSE_LINK_SECRET ?? crypto.randomBytes(32).toString('base64url');
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
  return {
    env,
    databaseUrl: services.databaseUrl,
    temporal: {
      address: services.temporalAddress,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? taskQueue,
      ...(tls ? { tls } : {}),
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
      ...(workerDeployment ? { workerDeployment } : {}),
    },
    smtpUrl: services.smtpUrl,
    publicBaseUrl,
    signIn: resolveSignIn(env, publicBaseUrl),
    mailFrom: env.MAIL_FROM,
    responseLinkSecret,
    processingRegister: createProcessingRegister(env, responseLinkSecret),
    events: resolveEvents(env, responseLinkSecret),
  };
}

/**
 * Whether and how the Temporal connection uses TLS. Any TLS setting or an API key turns it on; TEMPORAL_TLS=false
 * beside one of them is a contradiction, and an API key is never sent in the clear. A certificate without its key
 * (or the reverse) is refused rather than quietly connecting without the client certificate the server asks for.
 */
function temporalTls(env: Environment): TemporalTls | undefined {
  const files = {
    certPath: env.TEMPORAL_TLS_CERT_PATH,
    keyPath: env.TEMPORAL_TLS_KEY_PATH,
    caPath: env.TEMPORAL_TLS_CA_PATH,
    serverName: env.TEMPORAL_TLS_SERVER_NAME,
  };
  if (Boolean(files.certPath) !== Boolean(files.keyPath)) {
    throw new ConfigError(
      'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together: the client certificate and its private key',
    );
  }
  const set = Object.entries(files).filter(([, value]) => value !== undefined);
  const wanted = env.TEMPORAL_TLS ?? (set.length > 0 || env.TEMPORAL_API_KEY !== undefined);
  if (!wanted) {
    if (env.TEMPORAL_API_KEY) {
      throw new ConfigError('TEMPORAL_API_KEY is only sent over TLS: remove TEMPORAL_TLS=false');
    }
    if (set.length > 0) {
      throw new ConfigError('TEMPORAL_TLS=false contradicts the TEMPORAL_TLS_* settings beside it');
    }
    return undefined;
  }
  return Object.fromEntries(set);
}

/**
 * The worker's deployment version, when Worker Versioning is on. Name and build id go together: a build id alone
 * would silently leave the worker unversioned. Temporal's own rules are checked here so a bad value stops the
 * worker at start with the variable's name, not at its first poll: a name holds no `.` or `:` (Temporal joins name
 * and build id with them), and neither starts with `__` (Temporal's own names, such as `__unversioned__`).
 */
function workerDeploymentVersion(env: Environment): WorkerDeploymentVersion | undefined {
  const deploymentName = env.WORKER_DEPLOYMENT_NAME;
  const buildId = env.WORKER_BUILD_ID;
  if (!deploymentName && !buildId) return undefined;
  if (!deploymentName || !buildId) {
    throw new ConfigError(
      'WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID go together: the Worker Deployment and the build of this worker',
    );
  }
  if (/[.:]/.test(deploymentName)) {
    throw new ConfigError(`WORKER_DEPLOYMENT_NAME must not contain "." or ":" (got "${deploymentName}")`);
  }
  for (const [name, value] of [
    ['WORKER_DEPLOYMENT_NAME', deploymentName],
    ['WORKER_BUILD_ID', buildId],
  ] as const) {
    if (value.startsWith('__'))
      throw new ConfigError(`${name} must not start with "__" (Temporal's own names do)`);
    // Temporal's limit with its default id length (1,000): (1,000 - 39 for the version workflow's id prefix) / 2.
    if (value.length > 480) throw new ConfigError(`${name} is longer than 480 characters`);
  }
  return { deploymentName, buildId };
}
