import crypto from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client';
import type { ProcessingLog } from '../../activities/processing-log/record';
import type { ConcernedPersonInput } from '../../api/concerned-persons/schemas';

/**
 * The persons an imported signal concerns, written in the import's transaction with one processing-log record each
 * (on behalf of the signal's organisation, as the API records a submitter's marking), so neither exists without
 * the other. Each person gets its id here: the log pseudonymises that id, as it does for a submitted signal.
 */
export async function writeImportedConcernedPersons(
  tx: Prisma.TransactionClient,
  log: ProcessingLog,
  signal: { id: string; organisationCode: string },
  persons: readonly ConcernedPersonInput[],
  now: Date,
): Promise<void> {
  const rows = persons.map((person, index) => ({
    id: crypto.randomUUID(),
    signalId: signal.id,
    position: index + 1,
    name: person.name,
    // A calendar date: midnight UTC is what PostgreSQL's date column keeps of it.
    birthDate: person.birthDate ? new Date(`${person.birthDate}T00:00:00Z`) : null,
    role: person.role ?? null,
    createdAt: now,
  }));
  await tx.concernedPerson.createMany({ data: rows });
  await log.recordAll(
    tx,
    rows.map((row) => ({
      name: 'record concerned person of an imported signal',
      activity: 'concerned-person-registration' as const,
      subject: { kind: 'person' as const, id: row.id },
      actorOrganisation: signal.organisationCode,
      startTime: now,
    })),
    now,
  );
}
