import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { generateApiKey } from '../../api/auth/api-keys';
import { hashPassword } from '../../api/dashboard/passwords';
import type { RuntimeConfig } from '../../shared/config';
import type { ProcessingLog } from '../../activities/processing-log/record';
import { amsterdamDate } from '../../shared/working-days';
import { importSignals, type ImportResult } from '../import/import-signals';
import type { ImportRecordInput } from '../import/records';
import { letterPdf } from './letter-pdf';
import {
  ANNUAL_REPORT_2022_CASES,
  CURRENT_SIGNALS,
  DEMO_COORDINATOR,
  DEMO_LEAD,
  DEMO_MINISTRIES,
  DEMO_ORGANISATIONS,
  DEMO_SUBMITTER_ORGANISATION,
  FORWARDED_JOINT_REPLY,
  demoContacts,
  type CurrentSignalTemplate,
} from './data';

export interface SeedDeps {
  prisma: PrismaClient;
  temporal: Client;
  config?: Pick<RuntimeConfig, 'temporal'>;
  taskQueue?: string;
  logger?: Pick<Logger, 'info' | 'warn'>;
  clock?: () => Date;
  /** The processing log's writer API and worker have: the demo's concerned persons are recorded with it. */
  processingLog: ProcessingLog;
}

export interface SeedResult {
  /** False when the demo data was there already (a second start adds nothing). */
  seeded: boolean;
  /** Printed once by the start command; absent when the coordinator existed already. */
  coordinatorLogin?: { email: string; password: string };
  /** A submitter API key of the demo RIEC, printed once. */
  submitterApiKey?: string;
  imports?: ImportResult;
}

/** The marker of a seeded database: the first case of the 2022 annual report. */
const SEED_MARKER_REFERENCE = ANNUAL_REPORT_2022_CASES[0]!.reference!;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Current signals get dates relative to today, so the demo always shows something running and something late. */
export function currentSignalRecords(
  now: Date,
  templates: CurrentSignalTemplate[] = CURRENT_SIGNALS,
): ImportRecordInput[] {
  const daysAgo = (days: number | undefined) =>
    days === undefined ? undefined : amsterdamDate(new Date(now.getTime() - days * DAY_MS));
  return templates
    .map((t): ImportRecordInput => ({
      organisation: t.organisation,
      ...(t.coSubmitters ? { coSubmitters: t.coSubmitters } : {}),
      title: t.title,
      summary: t.summary,
      content: `${t.summary}\n\nDit is een demonstratiesignaal: de casus is verzonnen voor het uitproberen van signaalloket.`,
      recommendations: t.recommendations,
      submittedAt: daysAgo(t.submittedDaysAgo)!,
      ...(t.sentDaysAgo !== undefined ? { sentAt: daysAgo(t.sentDaysAgo) } : {}),
      ...(t.closedDaysAgo !== undefined ? { closedAt: daysAgo(t.closedDaysAgo) } : {}),
      ...(t.concernedPersons ? { concernedPersons: t.concernedPersons } : {}),
      ministries: (t.ministries ?? []).map((m) => ({
        code: m.code,
        ...(m.acknowledgedDaysAgo !== undefined ? { acknowledgedAt: daysAgo(m.acknowledgedDaysAgo) } : {}),
        ...(m.repliedDaysAgo !== undefined ? { repliedAt: daysAgo(m.repliedDaysAgo) } : {}),
      })),
    }))
    .sort((a, b) => String(a.submittedAt).localeCompare(String(b.submittedAt)));
}

/** The visa case's joint reply with its letter, forwarded to the submitter (FORWARDED_JOINT_REPLY). */
function withForwardedJointReply(record: ImportRecordInput): ImportRecordInput {
  if (record.reference !== FORWARDED_JOINT_REPLY.reference) return record;
  return {
    ...record,
    replies: (record.replies ?? []).map((reply) => ({
      ...reply,
      documents: [FORWARDED_JOINT_REPLY.filename],
      forwardedAt: FORWARDED_JOINT_REPLY.forwardedAt,
    })),
  };
}

/** Organisations, ministries and contacts: upserted by code, so running it again changes nothing. */
export async function seedReferenceData(prisma: PrismaClient): Promise<void> {
  for (const organisation of DEMO_ORGANISATIONS) {
    await prisma.organisation.upsert({
      where: { code: organisation.code },
      update: {},
      create: { ...organisation, notifyEmail: `signalen@${organisation.code.toLowerCase()}.example.org` },
    });
  }
  for (const ministry of DEMO_MINISTRIES) {
    const row = await prisma.ministry.upsert({
      where: { code: ministry.code },
      update: {},
      create: { code: ministry.code, name: ministry.name, nameEn: ministry.nameEn },
    });
    for (const contact of demoContacts(ministry)) {
      await prisma.ministryContact.upsert({
        where: { ministryId_email_role: { ministryId: row.id, email: contact.email, role: contact.role } },
        update: {},
        create: { ...contact, ministryId: row.id },
      });
    }
  }
}

/**
 * Demo data for a first start (idempotent: a second call adds nothing): reference data, a coordinator with a fresh
 * password (returned to be printed), the loket lead, a demo RIEC API key, the three cases of the 2022 annual
 * report (the visa case with its joint reply forwarded, and the letter as a PDF made here) and a handful of current
 * signals (two of them with invented concerned persons, recorded in the processing log), all through the import,
 * so their workflows run.
 */
export async function seedDemoData(deps: SeedDeps): Promise<SeedResult> {
  const { prisma } = deps;
  const now = deps.clock ? deps.clock() : new Date();
  await seedReferenceData(prisma);

  const result: SeedResult = { seeded: false };
  if (!(await prisma.user.findUnique({ where: { email: DEMO_COORDINATOR.email } }))) {
    const password = crypto.randomBytes(12).toString('base64url');
    await prisma.user.create({
      data: { ...DEMO_COORDINATOR, role: 'coordinator', passwordHash: await hashPassword(password) },
    });
    result.coordinatorLogin = { email: DEMO_COORDINATOR.email, password };
  }
  if (!(await prisma.user.findUnique({ where: { email: DEMO_LEAD.email } }))) {
    await prisma.user.create({ data: { ...DEMO_LEAD, role: 'lead' } });
  }

  if (await prisma.signal.findUnique({ where: { reference: SEED_MARKER_REFERENCE }, select: { id: true } }))
    return result;

  const submitter = await prisma.organisation.findUniqueOrThrow({
    where: { code: DEMO_SUBMITTER_ORGANISATION },
  });
  if ((await prisma.apiKey.count({ where: { organisationId: submitter.id } })) === 0) {
    const key = generateApiKey();
    await prisma.apiKey.create({
      data: {
        prefix: key.prefix,
        secretHash: key.secretHash,
        label: `Demo-sleutel ${submitter.name}`,
        organisationId: submitter.id,
      },
    });
    result.submitterApiKey = key.key;
  }

  // The forwarded joint reply's letter, written as a PDF for the import to take by path, and gone again after.
  const letters = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-seed-'));
  let imports: ImportResult;
  try {
    fs.writeFileSync(path.join(letters, FORWARDED_JOINT_REPLY.filename), letterPdf(FORWARDED_JOINT_REPLY));
    imports = await importSignals(
      {
        prisma,
        temporal: deps.temporal,
        config: deps.config,
        taskQueue: deps.taskQueue,
        clock: deps.clock,
        documents: { baseDir: letters },
        processingLog: deps.processingLog,
      },
      [...ANNUAL_REPORT_2022_CASES.map(withForwardedJointReply), ...currentSignalRecords(now)],
    );
  } finally {
    fs.rmSync(letters, { recursive: true, force: true });
  }
  if (imports.invalid > 0) {
    const problems = imports.outcomes.filter((o) => o.status === 'invalid');
    throw new Error(`demo data did not validate: ${JSON.stringify(problems)}`);
  }
  deps.logger?.info({ imported: imports.imported, skipped: imports.skipped }, 'demo data seeded');
  return { ...result, seeded: true, imports };
}
