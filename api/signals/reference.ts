import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { violatesConstraint } from '../../prisma/constraints';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Database = PrismaClient | Transaction;

const REFERENCE_PATTERN = /^BS-(\d{4})-(\d+)$/;

export function formatReference(year: number, number: number): string {
  return `BS-${year}-${String(number).padStart(4, '0')}`;
}

/** The highest number among a year's stored references (imported history included), as SQL. */
function highestStoredNumber(year: number): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(MAX(CAST(SUBSTRING("reference" FROM 9) AS INTEGER)), 0)
                       FROM "Signal" WHERE "reference" LIKE ${`BS-${year}-%`})`;
}

/**
 * CTEs that take the next number of a year; `reference_number` yields it as `number`. Meant for one statement that
 * also writes the row carrying the reference: the counter row stays locked only until that statement commits, and
 * a failure anywhere in it rolls the number back, so references are gapless and never duplicated.
 *
 * The common case is a plain increment. Only the year's first reference scans the year's references (the counter
 * row is missing, e.g. history was imported before it existed); later imports raise the counter themselves
 * (`raiseReferenceCounter`). Two concurrent first references meet at the primary key: one inserts, the other
 * increments. `onlyIf` is SQL that must hold for a number to be taken at all (otherwise none is, and no gap).
 */
export function referenceNumberCtes(year: number, onlyIf: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    counter_bumped AS (
      UPDATE "ReferenceCounter" SET "last" = "last" + 1 WHERE "year" = ${year}::int AND ${onlyIf} RETURNING "last"
    ),
    counter_created AS (
      INSERT INTO "ReferenceCounter" ("year", "last")
      SELECT ${year}::int, ${highestStoredNumber(year)} + 1
      WHERE NOT EXISTS (SELECT 1 FROM counter_bumped) AND ${onlyIf}
      ON CONFLICT ("year") DO UPDATE SET "last" = "ReferenceCounter"."last" + 1
      RETURNING "last"
    ),
    reference_number AS (
      SELECT "last" AS number FROM counter_bumped UNION ALL SELECT "last" FROM counter_created
    )`;
}

/** SQL that formats a number from `referenceNumberCtes` like `formatReference` (four digits at least). */
export function referenceSql(year: number, number: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`('BS-' || ${String(year)}::text || '-' || lpad(${number}::text, GREATEST(4, length(${number}::text)), '0'))`;
}

/** The next reference of a year, in a statement of its own (the import of records that have none). */
export async function allocateReference(db: Database, year: number): Promise<string> {
  const rows = await db.$queryRaw<Array<{ number: number }>>`
    WITH ${referenceNumberCtes(year)}
    SELECT number FROM reference_number`;
  return formatReference(year, Number(rows[0]!.number));
}

/**
 * Imported history brings references the counter did not hand out: raise the counter past them, in the import's
 * own transaction, so the API never hands out a number that is taken.
 */
export async function raiseReferenceCounter(db: Database, reference: string): Promise<void> {
  const match = REFERENCE_PATTERN.exec(reference);
  if (!match) return;
  const year = Number(match[1]);
  const number = Number(match[2]);
  await db.$executeRaw`
    INSERT INTO "ReferenceCounter" ("year", "last")
    VALUES (${year}::int, GREATEST(${number}::int, ${highestStoredNumber(year)}))
    ON CONFLICT ("year") DO UPDATE SET "last" = GREATEST("ReferenceCounter"."last", EXCLUDED."last")`;
}

/**
 * Repairs a counter that lags behind stored references (rows written without the counter: imports from before it
 * was raised on import, fixtures, copies). Called when a new reference turned out to be taken.
 */
export async function catchUpReferenceCounter(db: Database, year: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "ReferenceCounter" SET "last" = GREATEST("last", ${highestStoredNumber(year)})
    WHERE "year" = ${year}::int`;
}

/** Whether a write failed because its reference was taken (PostgreSQL 23505 on Signal_reference_key). */
export function isReferenceTaken(error: unknown): boolean {
  return violatesConstraint(error, 'Signal_reference_key');
}
