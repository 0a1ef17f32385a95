import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import {
  createMailActivities,
  createMailTransport,
  createOutboxDispatcher,
  hashResponseToken,
  lookupResponseToken,
} from '../../activities/mail';
import { deriveResponseToken } from '../../shared/response-links/tokens';
import { RESPONSE_TOKEN_PLACEHOLDER } from '../../shared/response-links/urls';
import { createPrismaClient, type Database } from '../../prisma/client';
import { migrationsDir } from '../../scripts/db/migrations';
import { requiredTestEnv, TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { withDatabase } from '../support/global-setup';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import {
  contactNotice,
  mailsTo,
  REPLY_DUE_AT,
  responseTokenIn,
  seedSignal,
  seedWorld,
  testMailConfig,
  type World,
} from './fixtures';

/**
 * The migration to one link per contact and case, on a database that holds links of the old kind: random tokens,
 * several per contact and case (a resent copy's extra row), one waiting in the outbox. No link in a mailbox breaks.
 */
jest.setTimeout(120_000);

const MIGRATION = 'response_links_one_per_case';
const DAY_MS = 24 * 60 * 60 * 1000;
const name = `migrate_links_${crypto.randomBytes(5).toString('hex')}`;
const adminUrl = () => requiredTestEnv('TEST_DATABASE_ADMIN_URL');
let url: string;
let prisma: Database;
let smtp: TestSmtpServer;
let world: World;

/** The migrations of a folder that are not applied yet, applied as `npm run db:migrate` would; their names. */
async function applyMigrationsFrom(databaseUrl: string, dir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'apply-migrations.ts'), databaseUrl, dir],
    { cwd: path.resolve(__dirname, '..', '..') },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as string[];
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(adminUrl());
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The migrations as they were before this one. */
function migrationsBefore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
  for (const entry of fs.readdirSync(migrationsDir)) {
    if (entry.endsWith(MIGRATION)) continue;
    fs.cpSync(path.join(migrationsDir, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${name}`);
  url = withDatabase(adminUrl(), name);
  const before = migrationsBefore();
  try {
    await applyMigrationsFrom(url, before);
  } finally {
    fs.rmSync(before, { recursive: true, force: true });
  }
  prisma = createPrismaClient(url, { poolSize: 3 });
  smtp = await startTestSmtpServer();
  world = await seedWorld(prisma);
});
afterAll(async () => {
  await smtp?.stop();
  await prisma?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

it('keeps every old link working, binds a waiting mail to its link, and lets the next mail make the live one', async () => {
  const signal = await seedSignal(prisma, world);
  await prisma.signal.update({ where: { id: signal.id }, data: { status: 'sent', sentAt: new Date() } });
  for (const [code, status] of [
    ['JenV', 'awaiting_ack'],
    ['BZ', 'replied'],
  ] as const) {
    await prisma.ministryCase.create({
      data: {
        signalId: signal.id,
        ministryId: world.ministries[code].id,
        workflowId: `case-${signal.id}-${code}`,
        sentAt: new Date(),
        status,
        ...(status === 'replied' ? { repliedAt: new Date() } : {}),
      },
    });
  }
  // Old links: minted with a fixed lifetime (ten days left), random tokens, written with the old table's columns.
  const soon = new Date(Date.now() + 10 * DAY_MS);
  const token = () => crypto.randomBytes(32).toString('base64url');
  const [request, resent, replied] = [token(), token(), token()];
  const jenv = world.ministries.JenV;
  const requestKey = `signal-${signal.id}:sent:ministry_request:JenV|${jenv.contactEmail}`;
  const reminderKey = `signal-${signal.id}:ack:reminder:JenV|${jenv.contactEmail}`;
  const waitingLink = crypto.randomUUID();
  // The tables as they were: written in SQL, since the client knows only today's columns.
  const link = (id: string, hash: string, businessKey: string, code: 'JenV' | 'BZ' = 'JenV') =>
    prisma.$executeRaw`
      INSERT INTO "ResponseToken" ("id", "tokenHash", "signalId", "ministryCode", "contactId", "businessKey", "expiresAt")
      VALUES (${id}::uuid, ${hash}, ${signal.id}::uuid, ${code}, ${world.ministries[code].contactId}::uuid,
              ${businessKey}, ${soon})`;
  await link(crypto.randomUUID(), hashResponseToken(request), requestKey);
  await link(crypto.randomUUID(), hashResponseToken(resent), `${requestKey}#resent-attempt:2`);
  await link(waitingLink, `undelivered:${crypto.randomUUID()}`, reminderKey);
  await link(
    crypto.randomUUID(),
    hashResponseToken(replied),
    `signal-${signal.id}:sent:ministry_request:BZ|${world.ministries.BZ.contactEmail}`,
    'BZ',
  );
  const body = `Herinnering. https://signaalloket.example/respond/${RESPONSE_TOKEN_PLACEHOLDER}`;
  const subject = `[${signal.reference}] Herinnering: ontvangst bevestigen / Reminder: acknowledge receipt`;
  for (const [businessKey, status] of [
    [requestKey, 'sent'],
    [reminderKey, 'pending'],
  ] as const) {
    await prisma.$executeRaw`
      INSERT INTO "MailOutbox" ("id", "businessKey", "signalId", "template", "toAddress", "subject", "textBody",
                                "htmlBody", "status", "sentAt")
      VALUES (${crypto.randomUUID()}::uuid, ${businessKey}, ${signal.id}::uuid, 'ack_reminder', ${jenv.contactEmail},
              ${subject}, ${body}, ${`<p>${body}</p>`}, ${status}::"MailStatus",
              ${status === 'sent' ? new Date() : null})`;
  }

  expect(await applyMigrationsFrom(url, migrationsDir)).toEqual([expect.stringMatching(MIGRATION)]);

  // Links in mailboxes still open the case, also after their old lifetime: the case is open, so no expiry. The
  // replied ministry's link keeps its date.
  const later = new Date(Date.now() + 30 * DAY_MS);
  for (const old of [request, resent]) {
    await expect(lookupResponseToken(prisma, old, later)).resolves.toMatchObject({
      kind: 'valid',
      token: { contactId: jenv.contactId, expiresAt: null },
    });
  }
  await expect(lookupResponseToken(prisma, replied, later)).resolves.toMatchObject({ kind: 'expired' });
  const rows = await prisma.responseToken.findMany({ where: { signalId: signal.id } });
  expect(rows.every((r) => r.legacy)).toBe(true);
  const waiting = await prisma.mailOutbox.findUniqueOrThrow({ where: { businessKey: reminderKey } });
  expect(waiting.responseLinkId).toBe(waitingLink);

  // The waiting reminder leaves with its own link, now derived.
  const deps = { prisma, transport: createMailTransport(smtp.url), config: testMailConfig() };
  await createOutboxDispatcher(deps).runOnce();
  const [reminder] = mailsTo(smtp, jenv.contactEmail, signal.reference);
  const reminderToken = responseTokenIn(reminder!.text);
  expect(reminderToken).toBe(deriveResponseToken(TEST_RESPONSE_LINK_SECRET, waitingLink));
  await expect(lookupResponseToken(prisma, reminderToken, later)).resolves.toMatchObject({ kind: 'valid' });

  // The next mail makes the contact's one live link of the new kind; the old ones keep working beside it.
  for (const step of ['first', 'second']) {
    await createMailActivities(deps).notify(
      contactNotice(
        `signal-${signal.id}:ack:escalation:${step}:JenV`,
        signal.id,
        'JenV',
        'ack_escalation',
        REPLY_DUE_AT,
      ),
    );
  }
  const escalations = mailsTo(smtp, jenv.contactEmail, signal.reference).slice(1);
  const tokens = escalations.map((m) => responseTokenIn(m.text));
  expect(tokens).toHaveLength(2);
  expect(tokens[1]).toBe(tokens[0]);
  await expect(lookupResponseToken(prisma, tokens[0]!, later)).resolves.toMatchObject({ kind: 'valid' });
  expect(
    await prisma.responseToken.count({ where: { signalId: signal.id, legacy: false, revokedAt: null } }),
  ).toBe(1);
  await expect(lookupResponseToken(prisma, request, later)).resolves.toMatchObject({ kind: 'valid' });
});
