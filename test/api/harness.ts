import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import supertest from 'supertest';
import { createApp, type AppOptions } from '../../api/app';
import type { AppDeps } from '../../api/deps';
import { API_KEY_CACHE_MS } from '../../api/auth/key-cache';
import {
  createExampleMinistry,
  createKey,
  createOrganisation,
  createUser,
} from '../../scripts/admin/commands';
import { parseEnvironment, toRuntimeConfig, type RuntimeConfig } from '../../shared/config';
import { startWorkerRuntime, type RunningWorker } from '../../worker/runtime';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { freshRateLimitStores } from '../support/rate-limits';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { testWorkflowBundle } from '../support/workflow-bundle';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

export type Caller = 'riecA' | 'riecB' | 'coordinator' | 'lead' | 'admin';
export const CALLERS: readonly Caller[] = ['riecA', 'riecB', 'coordinator', 'lead', 'admin'];

export interface ApiHarness {
  app: Express;
  db: TestDatabase;
  temporal: DevTemporal;
  config: RuntimeConfig;
  deps: AppDeps;
  smtp?: TestSmtpServer;
  worker?: RunningWorker;
  keys: Record<Caller, string>;
  organisations: { riecA: { id: string; code: string }; riecB: { id: string; code: string } };
  request(): supertest.Agent;
  /** Authorization header value for a caller. */
  auth(caller: Caller): { Authorization: string };
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Run the real worker (workflows, activities, mail) on this suite's task queue. */
  worker?: boolean;
  rateLimit?: AppDeps['rateLimit'];
  clock?: () => Date;
  /** Default http://signaalloket.test; an https address turns on the dashboard's secure cookie policy. */
  publicBaseUrl?: string;
  /** More environment (e.g. the dashboard's session lifetimes). */
  env?: Record<string, string>;
  app?: AppOptions;
  /** The logger of app and worker (default: silent). */
  logger?: Logger;
}

/** The app wired to a fresh PostgreSQL database and the shared Temporal dev server, with callers of every role. */
export async function createApiHarness(options: HarnessOptions = {}): Promise<ApiHarness> {
  const db = await createTestDatabase();
  const temporal = await connectDevTemporal();
  const smtp = options.worker ? await startTestSmtpServer() : undefined;
  const env = parseEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
    PUBLIC_BASE_URL: options.publicBaseUrl ?? 'http://signaalloket.test',
    ...options.env,
  });
  const config = toRuntimeConfig(
    env,
    {
      databaseUrl: db.url,
      temporalAddress: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
      smtpUrl: smtp?.url ?? 'smtp://127.0.0.1:9',
    },
    temporal.taskQueue,
  );
  const logger = options.logger ?? pino({ level: 'silent' });
  const worker = options.worker
    ? await startWorkerRuntime(config, {
        logger,
        workflowBundle: testWorkflowBundle(),
        dispatcherPollMs: 100,
      })
    : undefined;

  const prisma = db.prisma;
  const riecA = await createOrganisation(prisma, {
    code: 'RIEC-NH',
    name: 'RIEC Noord-Holland',
    email: 'signalen@riec-nh.example',
  });
  const riecB = await createOrganisation(prisma, { code: 'RIEC-ZWB', name: 'RIEC Zeeland-West-Brabant' });
  for (const [code, name] of [
    ['JenV', 'Ministerie van Justitie en Veiligheid'],
    ['BZ', 'Ministerie van Buitenlandse Zaken'],
    ['EZK', 'Ministerie van Economische Zaken en Klimaat'],
  ] as const) {
    await createExampleMinistry(prisma, code, name, TEST_PROCESSING_LOG);
  }
  await createUser(
    prisma,
    { email: 'coordinator@liec.example', name: 'Co Ordinator', role: 'coordinator' },
    TEST_PROCESSING_LOG,
  );
  await createUser(
    prisma,
    { email: 'lead@liec.example', name: 'Lea Lead', role: 'lead' },
    TEST_PROCESSING_LOG,
  );
  await createUser(
    prisma,
    { email: 'admin@liec.example', name: 'Ad Min', role: 'admin' },
    TEST_PROCESSING_LOG,
  );
  const keys: Record<Caller, string> = {
    riecA: (await createKey(prisma, { org: 'RIEC-NH' })).key,
    riecB: (await createKey(prisma, { org: 'RIEC-ZWB' })).key,
    coordinator: (await createKey(prisma, { user: 'coordinator@liec.example' })).key,
    lead: (await createKey(prisma, { user: 'lead@liec.example' })).key,
    admin: (await createKey(prisma, { user: 'admin@liec.example' })).key,
  };

  const deps: AppDeps = {
    config,
    prisma,
    temporal: temporal.client,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
    // Generous by default: the matrix alone makes hundreds of requests with one key. Budgets of the suite's own.
    rateLimit: { store: freshRateLimitStores(prisma), ...(options.rateLimit ?? { limit: 100_000 }) },
  };
  const app = createApp(deps, options.app);
  return {
    app,
    db,
    temporal,
    config,
    deps,
    ...(smtp ? { smtp } : {}),
    ...(worker ? { worker } : {}),
    keys,
    organisations: { riecA: { id: riecA.id, code: riecA.code }, riecB: { id: riecB.id, code: riecB.code } },
    request: () => supertest.agent(app),
    auth: (caller) => ({ Authorization: `Bearer ${keys[caller]}` }),
    async close() {
      await worker?.stop();
      await smtp?.stop();
      await temporal.close();
      await db.drop();
    },
  };
}

/**
 * Starts a harness before a file's tests and closes it after them. The object is empty until `beforeAll` has run,
 * so tests use it only when they run.
 */
export function useApiHarness(options: HarnessOptions = {}): ApiHarness {
  const h = {} as ApiHarness;
  beforeAll(async () => {
    Object.assign(h, await createApiHarness(options));
  });
  afterAll(() => h.close?.());
  return h;
}

export const validSignal = (overrides: Record<string, unknown> = {}) => ({
  title: 'Misbruik van de visumprocedure',
  summary: 'Personen van Iraanse nationaliteit misbruiken de visum- en asielprocedure.',
  content: 'Volledige tekst van het signaal, met bevindingen uit het onderzoek.',
  recommendations: ['Verscherp de controle bij de visumaanvraag.', 'Deel gegevens tussen IND en BZ.'],
  ...overrides,
});

/** Polls until `check` returns a value (not undefined), or fails after the timeout. */
/**
 * The timeline of the path the lifecycle and submitter-view tests both drive: changes requested and made, sent, a
 * reply deadline extended, a reply received.
 */
export const EVENTS_OF_THE_REPLIED_PATH = [
  'submitted',
  'changes_requested',
  'amended',
  'sent',
  'deadline_extended',
  'reply_received',
] as const;

export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the signal's workflow has started the review (the read model says in_review). */
export async function inReview(h: ApiHarness, id: string): Promise<void> {
  await eventually(
    async () =>
      (await h.db.prisma.signal.findUniqueOrThrow({ where: { id } })).status === 'in_review'
        ? true
        : undefined,
    20_000,
    'the workflow to start the review',
  );
}

/** A signal of riecA, submitted and in review. */
export async function submittedInReview(h: ApiHarness): Promise<string> {
  const created = await h.request().post('/api/v1/signals').set(h.auth('riecA')).send(validSignal());
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  await inReview(h, id);
  return id;
}

/** The loket's review decision on a signal, by the coordinator unless told otherwise; it must be taken. */
export async function decideReview(
  h: ApiHarness,
  id: string,
  decision: object,
  caller: Caller = 'coordinator',
): Promise<supertest.Response> {
  const res = await h.request().post(`/api/v1/signals/${id}/review`).set(h.auth(caller)).send(decision);
  expect(res.status).toBe(200);
  return res;
}

/**
 * API keys are cached for API_KEY_CACHE_MS per process: a revocation (or a disabled account) takes effect within
 * that window. Waits for the 401 and checks it came within the window, not merely eventually.
 */
export async function refusedWithinKeyCacheWindow(h: ApiHarness, authorization: string) {
  const since = Date.now();
  const refused = await eventually(
    async () => {
      const res = await h.request().get('/api/v1/signals').set('Authorization', authorization);
      return res.status === 401 ? res : undefined;
    },
    API_KEY_CACHE_MS + 5_000,
    'the key to be refused',
  );
  expect(Date.now() - since).toBeLessThan(API_KEY_CACHE_MS + 2_000);
  return refused;
}
