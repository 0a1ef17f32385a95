import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { directSqlFor } from '../../prisma/direct-sql';
import { perDatabaseClient } from '../../prisma/per-database-client';

import { createGroupCommit } from '../../prisma/group-commit';

interface Mark {
  id: string;
  at: Date;
}

// Bounds one UPDATE (and the parameter arrays it carries).
const MAX_BATCH = 500;

/**
 * Records `workflowStartedAt` for started workflows with group commit (prisma/group-commit.ts): under load one
 * UPDATE for many submissions instead of one each; alone, a mark costs what a single UPDATE costs.
 */
export function createStartedMarks(prisma: PrismaClient) {
  const sql = directSqlFor(prisma);
  const marks = createGroupCommit<Mark, void>(
    async (batch) => {
      // Only a row still unmarked: the reconciler may have marked it meanwhile, and the first mark's time stays.
      await sql.query(Prisma.sql`
        UPDATE "Signal" AS s SET "workflowStartedAt" = m.at
          FROM unnest(${batch.map((m) => m.id)}::uuid[], ${batch.map((m) => m.at.toISOString())}::timestamptz[])
               AS m(id, at)
         WHERE s."id" = m.id AND s."workflowStartedAt" IS NULL`);
      return batch.map(() => undefined);
    },
    { maxBatch: MAX_BATCH, what: 'record the workflow start' },
  );
  return {
    /** Resolves once the row is marked (or was already); rejects when the write failed. */
    mark: (id: string, at: Date): Promise<void> => marks.submit({ id, at }),
  };
}

export type StartedMarks = ReturnType<typeof createStartedMarks>;

/** One group-commit queue per database client, so every request of a process shares it. */
export const startedMarksFor = perDatabaseClient(createStartedMarks);
