import fs from 'node:fs';
import nodemailer from 'nodemailer';
import type { Browser, BrowserContext } from 'playwright-core';
import pino from 'pino';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createMailActivities, createOutboxDispatcher, type OutboxDispatcher } from '../../activities/mail';
import { startApiServer, type RunningApiServer } from '../../api/server';
import type { AppDeps } from '../../api/deps';
import { findFreePort } from '../../scripts/services/ports';
import { parseEnvironment, toRuntimeConfig, type RuntimeConfig } from '../../shared/config';
import { signalWorkflowId } from '../../shared/ids';
import { statusQuery, type LifecycleSnapshot } from '../../shared/lifecycle';
import { bundleWorkflows, createWorker } from '../../worker/create-worker';
import { hashPassword } from '../../api/dashboard/passwords';
import { addContact, createKey, createMinistry, createOrganisation } from '../../scripts/admin/commands';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { TEST_PROCESSING_LOG } from '../support/processing-log';
import { launchChromium, newContext } from './browser';
import { signInInBrowser } from './login';

/**
 * The product for real, in this process: PostgreSQL, the Temporal dev server, a worker with the product's
 * workflows and activities (mail through an in-process SMTP server, with the outbox dispatcher), and the whole
 * HTTP app (createApp) listening on a free port.
 */
export interface ProductHarness {
  db: TestDatabase;
  smtp: TestSmtpServer;
  temporal: DevTemporal;
  config: RuntimeConfig;
  deps: AppDeps;
  /** Set by startServer(). */
  baseUrl: string;
  startServer(options?: { temporalUiBaseUrl?: string }): Promise<string>;
  snapshot(signalId: string): Promise<LifecycleSnapshot>;
  /** Polls until `check` returns something truthy. */
  eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function workflowBundle(): Promise<{ codePath: string } | Awaited<ReturnType<typeof bundleWorkflows>>> {
  const prebuilt = process.env.TEST_WORKFLOW_BUNDLE;
  return prebuilt && fs.existsSync(prebuilt) ? Promise.resolve({ codePath: prebuilt }) : bundleWorkflows();
}

/**
 * The smallest desk to act on: RIEC-NH (mails to riec@nh.example), JenV with its contact Jan
 * (jan@jenv.example), and a coordinator who logs in with COORDINATOR_LOGIN.
 */
export const COORDINATOR_LOGIN = { email: 'coordinator@liec.example', password: 'een-lang-wachtwoord' };
export async function seedSmallDesk(prisma: TestDatabase['prisma']): Promise<void> {
  await createOrganisation(prisma, { code: 'RIEC-NH', name: 'RIEC Noord-Holland', email: 'riec@nh.example' });
  await createMinistry(prisma, { code: 'JenV', name: 'Ministerie van Justitie en Veiligheid' });
  await addContact(
    prisma,
    { ministry: 'JenV', name: 'Jan Contact', email: 'jan@jenv.example' },
    TEST_PROCESSING_LOG,
  );
  await prisma.user.create({
    data: {
      email: COORDINATOR_LOGIN.email,
      name: 'Coba Coördinator',
      role: 'coordinator',
      passwordHash: await hashPassword(COORDINATOR_LOGIN.password),
    },
  });
}

export async function createProductHarness(): Promise<ProductHarness> {
  const [db, smtp, temporal, port] = await Promise.all([
    createTestDatabase(),
    startTestSmtpServer(),
    connectDevTemporal(),
    findFreePort(),
  ]);
  const env = parseEnvironment({
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    NODE_ENV: 'test',
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
    TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
  });
  const config = toRuntimeConfig(
    env,
    { databaseUrl: db.url, temporalAddress: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), smtpUrl: smtp.url },
    temporal.taskQueue,
  );
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const transport = nodemailer.createTransport(smtp.url);
  const mailDeps = { prisma: db.prisma, transport, config, logger };
  const dispatcher: OutboxDispatcher = createOutboxDispatcher({ ...mailDeps, pollIntervalMs: 200 });
  const connection = await NativeConnection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
  const worker: Worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    activities: createActivities({ prisma: db.prisma, mail: createMailActivities(mailDeps) }),
    workflowBundle: await workflowBundle(),
  });
  const running = worker.run();
  dispatcher.start();
  const deps: AppDeps = { config, prisma: db.prisma, temporal: temporal.client, logger };
  let server: RunningApiServer | undefined;

  const harness: ProductHarness = {
    db,
    smtp,
    temporal,
    config,
    deps,
    baseUrl: config.publicBaseUrl,
    async startServer(options = {}) {
      server = await startApiServer({
        ...deps,
        port,
        host: '127.0.0.1',
        reconcileIntervalMs: 0,
        app: { dashboard: { loginRateLimit: 1000, ...options } },
      });
      return config.publicBaseUrl;
    },
    snapshot: (signalId) => temporal.client.workflow.getHandle(signalWorkflowId(signalId)).query(statusQuery),
    async eventually(check, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const result = await check();
        if (result) return result;
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async close() {
      await server?.close();
      await dispatcher.stop();
      worker.shutdown();
      await running;
      await connection.close();
      transport.close();
      await temporal.close();
      await smtp.stop();
      await db.drop();
    },
  };
  return harness;
}

/**
 * The small desk's product, listening, with Chromium: the ministry contact's browser context (1000 px wide) and
 * the loket's, with the coordinator signed in; and RIEC-NH's API key to submit with.
 */
export interface DeskInBrowsers extends ProductHarness {
  browser: Browser;
  ministry: BrowserContext;
  loket: BrowserContext;
  riecKey: string;
}

/**
 * Makes the desk before a file's tests and closes it after them. The desk is empty until `beforeAll` has run, so
 * tests read its parts only when they run.
 */
export function useDeskInBrowsers(): DeskInBrowsers {
  const desk = {} as DeskInBrowsers;
  beforeAll(async () => {
    Object.assign(desk, await createProductHarness());
    await seedSmallDesk(desk.db.prisma);
    desk.riecKey = (await createKey(desk.db.prisma, { org: 'RIEC-NH' })).key;
    [, desk.browser] = await Promise.all([desk.startServer(), launchChromium()]);
    desk.ministry = await newContext(desk.browser, 1000);
    desk.loket = await newContext(desk.browser);
    await signInInBrowser(desk.loket, desk.baseUrl, COORDINATOR_LOGIN);
  });
  afterAll(async () => {
    await desk.browser?.close();
    await desk.close?.();
  });
  return desk;
}
