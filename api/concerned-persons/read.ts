import type { PrismaClient } from '../../generated/prisma/client';
import type { ProcessingLog } from '../../activities/processing-log/record';

export interface ConcernedPersonView {
  id: string;
  position: number;
  name: string;
  /** YYYY-MM-DD */
  birthDate: string | null;
  role: string | null;
}

/**
 * The persons a signal concerns, read for someone allowed to (the caller has checked that): the read and its
 * records in the processing log, one per person, in one transaction, so no one sees a person unrecorded. Used by
 * the API and the dashboard alike; nothing else reads the table.
 */
export async function readConcernedPersons(
  prisma: PrismaClient,
  log: ProcessingLog,
  signalId: string,
  reader: { organisationCode: string; channel: 'api' | 'dashboard' },
  now: Date,
): Promise<ConcernedPersonView[]> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.concernedPerson.findMany({ where: { signalId }, orderBy: { position: 'asc' } });
    await log.recordAll(
      tx,
      rows.map((row) => ({
        name: `read concerned persons of a signal (${reader.channel})`,
        activity: 'concerned-person-access' as const,
        subject: { kind: 'person' as const, id: row.id },
        actorOrganisation: reader.organisationCode,
        startTime: now,
      })),
    );
    return rows.map((row) => ({
      id: row.id,
      position: row.position,
      name: row.name,
      birthDate: row.birthDate ? row.birthDate.toISOString().slice(0, 10) : null,
      role: row.role,
    }));
  });
}
