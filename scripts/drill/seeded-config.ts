import { createProcessingLog, type ProcessingLog } from '../../activities/processing-log/record';
import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createPrismaClient, type Database } from '../../prisma/client';
import { parseEnvironment, toRuntimeConfig, type RuntimeConfig } from '../../shared/config';
import { TASK_QUEUE } from '../../shared/ids';
import { addContact, createKey, createMinistry, createOrganisation, createUser } from '../admin/commands';
import { findFreePort } from '../services/ports';
import { startDrillSmtpServer, type DrillSmtpServer } from './smtp';
import type { Stack } from './stack';

export const MINISTRIES = [
  ['JenV', 'Ministerie van Justitie en Veiligheid'],
  ['BZ', 'Ministerie van Buitenlandse Zaken'],
] as const;
export const contactEmail = (code: string): string => `contact@${code.toLowerCase()}.example`;
export const ORGANISATION_CODE = 'RIEC-NH';

/** The API keys of the drill's world: the RIEC's and the coordinator's. */
export interface WorldKeys {
  submitter: string;
  coordinator: string;
}

/** Where the product's processes find Temporal, and what their topology adds to the product's environment. */
export interface ProductServices {
  temporalAddress: string;
  /** The task queue the API starts workflows on and the workers poll (default the product's). */
  taskQueue?: string | undefined;
  /** Settings of the topology (the namespace, request budgets), added to the product's own. */
  env?: Record<string, string>;
}

/**
 * What driving and judging signals needs of a running product, however it runs (one API and one worker on the dev
 * server, or the cluster behind its load balancer): its public address, its database, its Temporal namespace, the
 * SMTP server its mail goes to, and the keys of the drill's world.
 */
export interface ProductAccess {
  /** Where clients send their requests (the API itself, or the load balancer in front of the replicas). */
  apiUrl: string;
  /** The product's configuration as its processes see it (mail sender, namespace, task queue). */
  config: RuntimeConfig;
  prisma: Database;
  temporal: Client;
  smtp: DrillSmtpServer;
  keys: WorldKeys;
}

/**
 * The product's configuration on a stack, with its world seeded, before any of its processes starts (however it
 * runs: one API and one worker on the dev server, or the cluster behind its load balancer).
 */
export interface SeededConfig extends ProductAccess {
  /** The public port (the API's own, or the load balancer's); apiUrl is its address. */
  port: number;
  /** The environment every process of the product starts with: the product's settings and the stack's addresses. */
  processEnv: Record<string, string>;
  /** Closes what seededConfig opened: the Temporal connection, the database client and the SMTP server. */
  close(): Promise<void>;
}

/** An SMTP server in this process, the product's configuration on the stack, and the drill's world in its database. */
export async function seededConfig(stack: Stack, services: ProductServices): Promise<SeededConfig> {
  const smtp = await startDrillSmtpServer();
  const port = await findFreePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PUBLIC_BASE_URL: apiUrl,
    PORT: String(port),
    RESPONSE_LINK_SECRET: crypto.randomBytes(32).toString('base64url'),
    ...services.env,
  };
  const config = toRuntimeConfig(
    parseEnvironment(env),
    { databaseUrl: stack.databaseUrl, temporalAddress: services.temporalAddress, smtpUrl: smtp.url },
    services.taskQueue ?? TASK_QUEUE,
  );
  const prisma = createPrismaClient(stack.databaseUrl);
  let keys: WorldKeys;
  try {
    keys = await seedWorld(prisma, createProcessingLog(config.processingRegister));
  } catch (error) {
    await prisma.$disconnect();
    await smtp.stop();
    throw error;
  }
  const connection = Connection.lazy({ address: services.temporalAddress });
  return {
    port,
    apiUrl,
    processEnv: {
      ...env,
      DATABASE_URL: stack.databaseUrl,
      TEMPORAL_ADDRESS: services.temporalAddress,
      SMTP_URL: smtp.url,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
    },
    config,
    prisma,
    temporal: new Client({ connection, namespace: config.temporal.namespace }),
    smtp,
    keys,
    async close() {
      await connection.close().catch(() => undefined);
      await prisma.$disconnect();
      await smtp.stop();
    },
  };
}

/** One RIEC, two ministries each with a contact and an escalation contact, a coordinator; their API keys. */
export async function seedWorld(prisma: Database, log: ProcessingLog): Promise<WorldKeys> {
  await createOrganisation(prisma, {
    code: ORGANISATION_CODE,
    name: 'RIEC Noord-Holland',
    email: 'signalen@riec-nh.example',
  });
  for (const [code, name] of MINISTRIES) {
    await createMinistry(prisma, { code, name });
    await addContact(prisma, { ministry: code, name: `Contact ${code}`, email: contactEmail(code) }, log);
    await addContact(
      prisma,
      {
        ministry: code,
        name: `Escalatie ${code}`,
        email: `escalatie@${code.toLowerCase()}.example`,
        role: 'escalation',
      },
      log,
    );
  }
  await createUser(
    prisma,
    { email: 'coordinator@liec.example', name: 'Co Ordinator', role: 'coordinator' },
    log,
  );
  return {
    submitter: (await createKey(prisma, { org: ORGANISATION_CODE })).key,
    coordinator: (await createKey(prisma, { user: 'coordinator@liec.example' })).key,
  };
}
