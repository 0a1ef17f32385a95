import crypto from 'node:crypto';
import { Prisma } from '../../generated/prisma/client';
import type { Processing, ProcessingLog } from '../../activities/processing-log/record';
import type { ConcernedPersonInput } from './schemas';

/** The rows of newly marked persons, in the submitter's order; each gets its id here (the log's pseudonym is of it). */
export function markedPersonRows(persons: readonly ConcernedPersonInput[]) {
  return persons.map((person, index) => ({
    id: crypto.randomUUID(),
    position: index + 1,
    name: person.name,
    /** YYYY-MM-DD */
    birthDate: person.birthDate ?? null,
    role: person.role ?? null,
  }));
}

/** The processing-log entry of marking one person, on behalf of the organisation whose signal it is. */
export function markingOf(
  personId: string,
  organisationCode: string,
  how: 'submitted' | 'imported',
  now: Date,
): Processing {
  return {
    name: `record concerned person of ${how === 'submitted' ? 'a submitted' : 'an imported'} signal`,
    activity: 'concerned-person-registration',
    subject: { kind: 'person', id: personId },
    actorOrganisation: organisationCode,
    startTime: now,
  };
}

/**
 * The persons a submitter marks in a new signal, made ready for the submit statement (the log's record is written
 * in the same statement as the person, so neither exists without the other).
 */
export function concernedPersonsRegistration(
  log: ProcessingLog,
  persons: readonly ConcernedPersonInput[],
  submitter: { organisationCode: string },
  now: Date,
) {
  const rows = markedPersonRows(persons);
  const records = rows.map((row) =>
    log.start(markingOf(row.id, submitter.organisationCode, 'submitted', now), now),
  );
  return {
    /** The statement's CTEs (after its `signal` CTE), or nothing when the submitter marked no one. */
    ctes(signalId: string): Prisma.Sql {
      if (rows.length === 0) return Prisma.empty;
      return Prisma.sql`,
    concerned_persons AS (
      INSERT INTO "ConcernedPerson" ("id", "signalId", "position", "name", "birthDate", "role", "createdAt")
      SELECT p.id, ${signalId}::uuid, p.position, p.name, p."birthDate", p.role, ${now.toISOString()}::timestamptz
        FROM signal, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
             AS p(id uuid, position int, name text, "birthDate" date, role text)
    ),
    concerned_person_records AS (
      -- The processing log's records of these persons (activities/processing-log/record.ts, start()).
      INSERT INTO "ProcessingLogRecord" ("id", "traceId", "spanId", "name", "startTime", "endTime", "status",
                                         "processingActivityId", "dataSubjectId", "actorOrganisation")
      SELECT gen_random_uuid(), r."traceId", r."spanId", r.name, r."startTime", r."endTime", r.status,
             r."processingActivityId", r."dataSubjectId", r."actorOrganisation"
        FROM signal, jsonb_to_recordset(${JSON.stringify(records.map(({ row }) => row))}::jsonb)
             AS r("traceId" text, "spanId" text, name text, "startTime" timestamptz, "endTime" timestamptz,
                  status text, "processingActivityId" text, "dataSubjectId" text, "actorOrganisation" text)
    )`;
    },
    /** After the statement committed: ends the records' spans (exported over OTLP when tracing is on). */
    written(): void {
      for (const record of records) record.finish();
    },
  };
}
export type ConcernedPersonsRegistration = ReturnType<typeof concernedPersonsRegistration>;
