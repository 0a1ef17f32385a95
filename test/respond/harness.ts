import crypto from 'node:crypto';
import express from 'express';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import {
  createMailActivities,
  createOutboxDispatcher,
  type OutboxDispatcher,
  type RetryPolicy,
} from '../../activities/mail';
import { createStylesheetRouter } from '../../api/design-system/assets';
import { createRespondRouter, type RespondOptions } from '../../api/respond/router';
import type { AppDeps } from '../../api/deps';
import { parseEnvironment, toRuntimeConfig, type RuntimeConfig } from '../../shared/config';
import { signalWorkflowId } from '../../shared/ids';
import {
  reviewUpdate,
  SIGNAL_LIFECYCLE_WORKFLOW,
  statusQuery,
  type LifecycleSnapshot,
} from '../../shared/lifecycle';
import { bundleWorkflows, createWorker } from '../../worker/create-worker';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { freshRateLimitStores } from '../support/rate-limits';
import { connectDevTemporal, type DevTemporal } from '../support/temporal';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { recipientsOf, responseLinkIn, seedSignal, seedWorld, type World } from '../mail/fixtures';

export const coordinator = { type: 'coordinator', id: 'user-1', label: 'LIEC loket' } as const;

/**
 * The whole response path for real: PostgreSQL, the Temporal dev server, a worker with the product's workflows
 * and activities (mail included), an SMTP server in this process, and the response router on an express app.
 */
export interface RespondHarness {
  db: TestDatabase;
  smtp: TestSmtpServer;
  temporal: DevTemporal;
  world: World;
  config: RuntimeConfig;
  app: express.Express;
  appDeps: AppDeps;
  /** The outbox dispatcher as the worker process runs it (not started). */
  dispatcher: OutboxDispatcher;
  /** Starts a signal's lifecycle and waits until the workflow is ready for decisions. */
  submittedSignal(): Promise<{ id: string; reference: string }>;
  /** Submits a signal, accepts it for JenV and BZ, and returns each contact's link (path only). */
  sentSignal(): Promise<{ id: string; reference: string; links: { JenV: string; BZ: string } }>;
  snapshot(signalId: string): Promise<LifecycleSnapshot>;
  close(): Promise<void>;
}

export async function createRespondHarness(
  options: {
    publicBaseUrl?: string;
    respond?: RespondOptions;
    clock?: () => Date;
    mailRetry?: Partial<RetryPolicy>;
  } = {},
): Promise<RespondHarness> {
  const [db, smtp, temporal] = await Promise.all([
    createTestDatabase(),
    startTestSmtpServer(),
    connectDevTemporal(),
  ]);
  const world = await seedWorld(db.prisma);
  const env = parseEnvironment({
    PUBLIC_BASE_URL: options.publicBaseUrl ?? 'http://127.0.0.1:3999',
    RESPONSE_LINK_VALID_DAYS: '30',
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
  });
  const config = toRuntimeConfig(
    env,
    { databaseUrl: db.url, temporalAddress: requiredTestEnv('TEST_TEMPORAL_ADDRESS'), smtpUrl: smtp.url },
    temporal.taskQueue,
  );
  const logger = pino({ level: 'silent' });

  const mailDeps = {
    prisma: db.prisma,
    transport: nodemailer.createTransport(smtp.url),
    config,
    logger,
    ...(options.mailRetry ? { retry: options.mailRetry } : {}),
  };
  const mail = createMailActivities(mailDeps);
  const connection = await NativeConnection.connect({ address: requiredTestEnv('TEST_TEMPORAL_ADDRESS') });
  const worker: Worker = await createWorker({
    connection,
    namespace: 'default',
    taskQueue: temporal.taskQueue,
    activities: createActivities({
      prisma: db.prisma,
      mail,
      responseLinkValidDays: config.env.RESPONSE_LINK_VALID_DAYS,
    }),
    workflowBundle: await bundleWorkflows(),
  });
  const running = worker.run();

  const appDeps: AppDeps = {
    config,
    prisma: db.prisma,
    temporal: temporal.client,
    logger,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  const app = express();
  app.use(createStylesheetRouter());
  // The harness's app counts in budgets of its own: routers a test builds on appDeps (default budgets, shared like
  // replicas') do not inherit its many requests.
  app.use(
    createRespondRouter(
      { ...appDeps, rateLimit: { store: freshRateLimitStores(db.prisma) } },
      { rateLimit: { limit: 10_000 }, ...options.respond },
    ),
  );

  const pathOf = (url: string): string => new URL(url).pathname;

  async function submittedSignal(): Promise<{ id: string; reference: string }> {
    const signal = await seedSignal(db.prisma, world);
    await temporal.client.workflow.start(SIGNAL_LIFECYCLE_WORKFLOW, {
      taskQueue: temporal.taskQueue,
      workflowId: signalWorkflowId(signal.id),
      args: [{ signalId: signal.id, organisationCode: 'RIEC-ON' }],
    });
    // The workflow takes decisions once its start-up (policy, review clock) is done: it then confirms receipt.
    await smtp.waitFor((m) => m.subject === `[${signal.reference}] Signaal ontvangen / Signal received`);
    return signal;
  }

  return {
    db,
    smtp,
    temporal,
    world,
    config,
    app,
    appDeps,
    dispatcher: createOutboxDispatcher({ ...mailDeps, pollIntervalMs: 100 }),
    submittedSignal,
    async sentSignal() {
      const signal = await submittedSignal();
      const handle = temporal.client.workflow.getHandle(signalWorkflowId(signal.id));
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV', 'BZ'], actor: coordinator }],
      });
      const requestTo = async (address: string): Promise<string> => {
        const mailed = await smtp.waitFor(
          (m) =>
            recipientsOf(m).includes(address) &&
            m.subject === `[${signal.reference}] Verzoek om reactie / Request for a response`,
        );
        return pathOf(responseLinkIn(mailed.text));
      };
      const [jenv, bz] = await Promise.all([
        requestTo(world.ministries.JenV.contactEmail),
        requestTo(world.ministries.BZ.contactEmail),
      ]);
      return { ...signal, links: { JenV: jenv, BZ: bz } };
    },
    snapshot: (signalId) => temporal.client.workflow.getHandle(signalWorkflowId(signalId)).query(statusQuery),
    async close() {
      worker.shutdown();
      await running;
      await connection.close();
      await temporal.close();
      await smtp.stop();
      await db.drop();
    },
  };
}

/** The CSRF field of the page's forms. */
export function csrfFieldIn(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page);
  if (!match) throw new Error('no csrf field on the page');
  return match[1]!;
}

export function submissionIdIn(page: string): string {
  return /name="submissionId" value="([^"]+)"/.exec(page)?.[1] ?? crypto.randomUUID();
}

/** A small but real PDF. */
export function samplePdf(text = 'Reactie van het ministerie'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 100]/Contents 4 0 R>>endobj\n` +
      `4 0 obj<</Length ${text.length + 30}>>stream\nBT /F1 12 Tf 10 50 Td (${text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}
