import type { PrismaClient } from '../../generated/prisma/client';

type Transaction = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export function formatReference(year: number, number: number): string {
  return `BS-${year}-${String(number).padStart(4, '0')}`;
}

/**
 * The next reference of a year, inside the caller's transaction: the counter row is locked until it commits, so
 * references are gapless and never duplicated. The GREATEST(...) guard skips numbers already taken by rows that
 * did not come through the counter (imported history).
 */
export async function allocateReference(tx: Transaction, year: number): Promise<string> {
  const pattern = `BS-${year}-%`;
  const rows = await tx.$queryRaw<Array<{ last: number }>>`
    INSERT INTO "ReferenceCounter" ("year", "last")
    VALUES (${year}, (SELECT COALESCE(MAX(CAST(SUBSTRING("reference" FROM 9) AS INTEGER)), 0) + 1
                      FROM "Signal" WHERE "reference" LIKE ${pattern}))
    ON CONFLICT ("year") DO UPDATE SET "last" = GREATEST(
      "ReferenceCounter"."last",
      (SELECT COALESCE(MAX(CAST(SUBSTRING("reference" FROM 9) AS INTEGER)), 0) FROM "Signal" WHERE "reference" LIKE ${pattern})
    ) + 1
    RETURNING "last"`;
  return formatReference(year, Number(rows[0]!.last));
}
