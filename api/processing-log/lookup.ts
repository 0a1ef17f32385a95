import type { PrismaClient } from '../../generated/prisma/client';
import { LOKET_ORGANISATION, type ProcessingLog } from '../../activities/processing-log/record';
import type { DataSubject, ProcessingRegister } from '../../shared/processing-register';
import { PROCESSING_ACTIVITY_NAMES } from './labels';

/**
 * Whose records the lead asks for: a person by e-mail address (contacts and users), a dashboard user by id, or a
 * person a signal concerns by their id in the signal or by name (and date of birth, to tell namesakes apart).
 */
export type SubjectQuery =
  { email: string } | { userId: string } | { personId: string } | { personName: string; birthDate?: string };

export interface ProcessingRecordView {
  startTime: Date;
  endTime: Date;
  name: string;
  activity: { id: string; nl: string; en: string };
  status: string;
  traceId: string;
  spanId: string;
  actorOrganisation: string | null;
  subjectKind: DataSubject['kind'];
}

export interface ProcessingLogListing {
  /** How many known persons the query named (a contact at two ministries is two). */
  subjects: number;
  records: ProcessingRecordView[];
  /** True when there were more than `limit` records; the newest are shown. */
  truncated: boolean;
}

export const LISTING_LIMIT = 500;

/**
 * What was done with one person's data. The log holds pseudonyms only, so the address (or id, or name) is turned
 * into the persons it names here, and each person into their pseudonym with the same key the writers use; the
 * address never reaches the log. A contact or user removed from the database can no longer be named this way.
 *
 * The look-up is itself a processing of each person it finds: it writes a record per person (the lead, on behalf
 * of the loket) in the transaction of the read, after the read, so the next listing shows who looked.
 */
export async function listProcessingRecords(
  prisma: PrismaClient,
  register: ProcessingRegister,
  log: ProcessingLog,
  query: SubjectQuery,
  now = new Date(),
): Promise<ProcessingLogListing> {
  const subjects = await subjectsOf(prisma, query);
  if (subjects.length === 0) return { subjects: 0, records: [], truncated: false };
  const kindOf = new Map(subjects.map((subject) => [register.pseudonymOf(subject), subject.kind]));
  const rows = await prisma.$transaction(async (tx) => {
    const found = await tx.processingLogRecord.findMany({
      where: { dataSubjectId: { in: [...kindOf.keys()] } },
      orderBy: [{ startTime: 'desc' }, { createdAt: 'desc' }],
      take: LISTING_LIMIT + 1,
    });
    await log.recordAll(
      tx,
      subjects.map((subject) => ({
        name: 'list processing records of the person',
        activity: 'processing-log-inspection' as const,
        subject,
        actorOrganisation: LOKET_ORGANISATION,
        startTime: now,
      })),
      now,
    );
    return found;
  });
  return {
    subjects: subjects.length,
    truncated: rows.length > LISTING_LIMIT,
    records: rows.slice(0, LISTING_LIMIT).map((row) => {
      const activity = register.activityOf(row.processingActivityId);
      const names = activity
        ? PROCESSING_ACTIVITY_NAMES[activity]
        : { nl: 'Onbekende verwerkingsactiviteit', en: 'Unknown processing activity' };
      return {
        startTime: row.startTime,
        endTime: row.endTime,
        name: row.name,
        activity: { id: row.processingActivityId, ...names },
        status: row.status,
        traceId: row.traceId,
        spanId: row.spanId,
        actorOrganisation: row.actorOrganisation,
        subjectKind: kindOf.get(row.dataSubjectId)!,
      };
    }),
  };
}

async function subjectsOf(prisma: PrismaClient, query: SubjectQuery): Promise<DataSubject[]> {
  if ('personId' in query) {
    const person = await prisma.concernedPerson.findUnique({
      where: { id: query.personId },
      select: { id: true },
    });
    return person ? [{ kind: 'person', id: person.id }] : [];
  }
  if ('personName' in query) {
    const persons = await prisma.concernedPerson.findMany({
      where: {
        name: { equals: query.personName.trim(), mode: 'insensitive' },
        ...(query.birthDate ? { birthDate: new Date(`${query.birthDate}T00:00:00Z`) } : {}),
      },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    return persons.map((person) => ({ kind: 'person' as const, id: person.id }));
  }
  if ('userId' in query) {
    const user = await prisma.user.findUnique({ where: { id: query.userId }, select: { id: true } });
    return user ? [{ kind: 'user', id: user.id }] : [];
  }
  const email = { equals: query.email.trim(), mode: 'insensitive' as const };
  const [contacts, users] = await Promise.all([
    prisma.ministryContact.findMany({ where: { email }, select: { id: true } }),
    prisma.user.findMany({ where: { email }, select: { id: true } }),
  ]);
  return [
    ...contacts.map((contact) => ({ kind: 'contact' as const, id: contact.id })),
    ...users.map((user) => ({ kind: 'user' as const, id: user.id })),
  ];
}
