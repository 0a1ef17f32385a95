import type { Prisma } from '../../generated/prisma/client';
import type { ProcessingLog } from '../../activities/processing-log/record';
import type { ConcernedPersonInput } from '../../api/concerned-persons/schemas';
import { markedPersonRows, markingOf } from '../../api/concerned-persons/registration';

/**
 * The persons an imported signal concerns, written in the import's transaction with one processing-log record each
 * (on behalf of the signal's organisation, as the API records a submitter's marking), so neither exists without
 * the other. The rows and records are those of a submitted signal (api/concerned-persons/registration.ts).
 */
export async function writeImportedConcernedPersons(
  tx: Prisma.TransactionClient,
  log: ProcessingLog,
  signal: { id: string; organisationCode: string },
  persons: readonly ConcernedPersonInput[],
  now: Date,
): Promise<void> {
  const rows = markedPersonRows(persons).map((row) => ({
    ...row,
    signalId: signal.id,
    // A calendar date: midnight UTC is what PostgreSQL's date column keeps of it.
    birthDate: row.birthDate ? new Date(`${row.birthDate}T00:00:00Z`) : null,
    createdAt: now,
  }));
  await tx.concernedPerson.createMany({ data: rows });
  await log.recordAll(
    tx,
    rows.map((row) => markingOf(row.id, signal.organisationCode, 'imported', now)),
    now,
  );
}
