import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { directSqlFor } from '../../prisma/direct-sql';
import { perDatabaseClient } from '../deps';

interface Mark {
  id: string;
  at: Date;
  settle(error?: unknown): void;
}

// Bounds one UPDATE (and the parameter arrays it carries).
const MAX_BATCH = 500;

/**
 * Records `workflowStartedAt` for started workflows with group commit: the first mark is written at once; marks
 * that arrive while a write is in flight wait for it and then go together in one UPDATE. Under load that is one
 * round trip for many submissions instead of one each; alone, a mark costs what a single UPDATE costs.
 */
export function createStartedMarks(prisma: PrismaClient) {
  const sql = directSqlFor(prisma);
  let queued: Mark[] = [];
  let writing = false;

  async function write(batch: Mark[]): Promise<void> {
    // Only a row still unmarked: the reconciler may have marked it meanwhile, and the first mark's time stays.
    await sql.query(Prisma.sql`
      UPDATE "Signal" AS s SET "workflowStartedAt" = m.at
        FROM unnest(${batch.map((m) => m.id)}::uuid[], ${batch.map((m) => m.at.toISOString())}::timestamptz[])
             AS m(id, at)
       WHERE s."id" = m.id AND s."workflowStartedAt" IS NULL`);
  }

  async function drain(): Promise<void> {
    writing = true;
    while (queued.length > 0) {
      const batch = queued.slice(0, MAX_BATCH);
      queued = queued.slice(batch.length);
      try {
        await write(batch);
        for (const mark of batch) mark.settle();
      } catch (error) {
        for (const mark of batch) mark.settle(error);
      }
    }
    writing = false;
  }

  return {
    /** Resolves once the row is marked (or was already); rejects when the write failed. */
    mark(id: string, at: Date): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queued.push({
          id,
          at,
          settle: (error) =>
            error === undefined
              ? resolve()
              : reject(
                  error instanceof Error
                    ? error
                    : new Error('could not record the workflow start', { cause: error }),
                ),
        });
        if (!writing) void drain();
      });
    },
  };
}

export type StartedMarks = ReturnType<typeof createStartedMarks>;

/** One group-commit queue per database client, so every request of a process shares it. */
export const startedMarksFor = perDatabaseClient(createStartedMarks);
