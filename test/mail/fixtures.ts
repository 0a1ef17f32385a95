import crypto from 'node:crypto';
import { createMailTransport } from '../../activities/mail';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { PrismaClient } from '../../generated/prisma/client';
import { signalWorkflowId } from '../../shared/ids';
import type { NotificationTemplate, NotifyInput } from '../../shared/notifications';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { TEST_RESPONSE_LINK_SECRET } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';
import { createProcessingRegister } from '../../shared/processing-register';

/** Words that must never reach a mailbox or a response page: they stand for the signal's sensitive content. */
export const SECRET_TITLE = 'Misbruik visumprocedure door netwerk Zwaluw';
export const SECRET_CONTENT = 'Onderzoek Zwaluw: verdachte J. de Vries gebruikt stromannen bij RVO-subsidies';

export interface World {
  organisationId: string;
  ministries: Record<
    'JenV' | 'BZ',
    { id: string; contactId: string; escalationId: string; contactEmail: string; escalationEmail: string }
  >;
  coordinatorEmail: string;
  leadEmail: string;
  submitterEmail: string;
}

/** Organisation, two ministries with a contact and an escalation contact each, a coordinator and a lead. */
export async function seedWorld(prisma: PrismaClient): Promise<World> {
  const organisation = await prisma.organisation.create({
    data: { code: 'RIEC-ON', name: 'RIEC Oost-Nederland', notifyEmail: 'signalen@riec-on.example' },
  });
  const ministries = {} as World['ministries'];
  for (const [code, name, nameEn] of [
    ['JenV', 'Ministerie van Justitie en Veiligheid', 'Ministry of Justice and Security'],
    ['BZ', 'Ministerie van Buitenlandse Zaken', 'Ministry of Foreign Affairs'],
  ] as const) {
    const ministry = await prisma.ministry.create({ data: { code, name, nameEn } });
    const contactEmail = `contact@${code.toLowerCase()}.example`;
    const escalationEmail = `escalatie@${code.toLowerCase()}.example`;
    const contact = await prisma.ministryContact.create({
      data: { ministryId: ministry.id, role: 'contact', name: `Contact ${code}`, email: contactEmail },
    });
    const escalation = await prisma.ministryContact.create({
      data: {
        ministryId: ministry.id,
        role: 'escalation',
        name: `Escalatie ${code}`,
        email: escalationEmail,
      },
    });
    ministries[code] = {
      id: ministry.id,
      contactId: contact.id,
      escalationId: escalation.id,
      contactEmail,
      escalationEmail,
    };
  }
  await prisma.user.createMany({
    data: [
      { email: 'coordinator@liec.example', name: 'Co Ordinator', role: 'coordinator' },
      { email: 'lead@liec.example', name: 'Lea Lead', role: 'lead' },
      { email: 'admin@liec.example', name: 'Ad Min', role: 'admin' },
    ],
  });
  return {
    organisationId: organisation.id,
    ministries,
    coordinatorEmail: 'coordinator@liec.example',
    leadEmail: 'lead@liec.example',
    submitterEmail: 'signalen@riec-on.example',
  };
}

// References of one file's signals: sequential from a random start, so they never collide within the file (a random
// number per signal did, now and then) and differ between files.
const FIRST_REFERENCE_NUMBER = 1 + Math.floor(Math.random() * 4000);
let counter = 0;

export async function seedSignal(
  prisma: PrismaClient,
  world: World,
  options: { submittedAt?: Date } = {},
): Promise<{ id: string; reference: string }> {
  const id = crypto.randomUUID();
  counter += 1;
  const reference = `BS-2026-${String(FIRST_REFERENCE_NUMBER + counter).padStart(4, '0')}`;
  await prisma.signal.create({
    data: {
      id,
      reference,
      organisationId: world.organisationId,
      title: SECRET_TITLE,
      summary: SECRET_CONTENT,
      content: SECRET_CONTENT,
      workflowId: signalWorkflowId(id),
      submittedAt: options.submittedAt ?? new Date(),
      submitterEmail: world.submitterEmail,
    },
  });
  return { id, reference };
}

export function testMailConfig(publicBaseUrl = 'https://signaalloket.example') {
  return {
    publicBaseUrl,
    responseLinkSecret: TEST_RESPONSE_LINK_SECRET,
    mailFrom: 'Landelijk loket Bestuurlijke Signalen <loket@signaalloket.example>',
    env: { RESPONSE_LINK_VALID_DAYS: 30 },
    processingRegister: createProcessingRegister({}, TEST_RESPONSE_LINK_SECRET),
  };
}

/** The personal link in a mail's plain-text part. */
export function responseLinkIn(text: string | undefined): string {
  const match = /https?:\/\/\S+\/respond\/[A-Za-z0-9_-]+/.exec(text ?? '');
  if (!match) throw new Error(`no response link in:\n${text}`);
  return match[0];
}

/** The token of the personal link in a mail's plain-text part. */
export const responseTokenIn = (text: string | undefined): string =>
  responseLinkIn(text).split('/respond/')[1]!;

/** The end of Friday 4 December 2026 in Amsterdam: the date the mail tests ask a ministry to answer by. */
export const REPLY_DUE_AT = '2026-12-04T22:59:59.999Z';

/** What a workflow step asks of notify to mail a ministry's contact about a signal; `dueAt` is the date it names. */
export function contactNotice(
  businessKey: string,
  signalId: string,
  ministryCode: 'JenV' | 'BZ',
  template: NotificationTemplate,
  dueAt?: string,
): NotifyInput {
  return {
    businessKey,
    signalId,
    ministryCode,
    template,
    audiences: ['ministry_contact'],
    ...(dueAt ? { data: { dueAt } } : {}),
  };
}

/** What a mail test file runs against: its own database with the seeded world, and a real SMTP server. */
export interface MailTestBed {
  db: TestDatabase;
  smtp: TestSmtpServer;
  world: World;
}

export async function startMailTestBed(): Promise<MailTestBed> {
  const [db, smtp] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
  return { db, smtp, world: await seedWorld(db.prisma) };
}

export async function stopMailTestBed(bed: Partial<MailTestBed>): Promise<void> {
  await bed.smtp?.stop();
  await bed.db?.drop();
}

/**
 * Starts a test bed before a file's tests and stops it after them. The bed is empty until `beforeAll` has run, so
 * tests read its parts (`bed.db`, `bed.smtp`, `bed.world`) only when they run.
 */
export function useMailTestBed(): MailTestBed {
  const bed = {} as MailTestBed;
  beforeAll(async () => {
    Object.assign(bed, await startMailTestBed());
  });
  afterAll(() => stopMailTestBed(bed));
  return bed;
}

/** What the mail activities, the outbox dispatcher and the link service need, on the bed's database and relay. */
export function mailDependencies<T extends object = object>(bed: MailTestBed, extra?: T) {
  return {
    prisma: bed.db.prisma,
    transport: createMailTransport(bed.smtp.url),
    config: testMailConfig(),
    ...extra,
  };
}

export const recipientsOf = (mail: ParsedMail): string =>
  [mail.to]
    .flat()
    .map((a) => (a as AddressObject).text)
    .join(',');

/** The mails one address received about one signal, in order of arrival. */
export const mailsTo = (smtp: TestSmtpServer, address: string, reference: string): ParsedMail[] =>
  smtp.messages.filter((m) => recipientsOf(m).includes(address) && m.subject?.includes(reference));
