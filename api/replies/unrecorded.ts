import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import { statusQuery } from '../../shared/lifecycle';
import { removeBlobs } from '../documents/storage';

/**
 * A reply is stored (text and documents, one statement) before the workflow is asked to record it, because the
 * workflow checks that it exists. Until a ministry case refers to it, it is unrecorded: when the workflow did not
 * take it, it must not stay behind. The request removes it at once when the outcome is certain (refused, or
 * Temporal not reached); after a timeout the outcome is unknown, so the sweep below decides later, asking the
 * workflow itself.
 */

/** Removes the reply and its documents if no ministry case refers to it; false if one does (or it is gone). */
export async function discardUnrecordedReply(prisma: PrismaClient, replyId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    // The row lock conflicts with the key-share lock PostgreSQL takes when a ministry case is linked to the reply,
    // so a case cannot be linked between the check and the delete.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Reply" WHERE "id" = ${replyId}::uuid FOR UPDATE`;
    if (locked.length === 0) return false;
    if ((await tx.ministryCase.count({ where: { replyId } })) > 0) return false;
    const documents = await tx.replyDocument.findMany({ where: { replyId }, select: { blobId: true } });
    await tx.replyDocument.deleteMany({ where: { replyId } });
    await removeBlobs(
      tx,
      documents.map((document) => document.blobId),
    );
    await tx.reply.delete({ where: { id: replyId } });
    return true;
  });
}

// Far beyond the API's 30-second wait for an update: an update still undecided after this had its worker stalled.
export const UNRECORDED_REPLY_GRACE_MS = 15 * 60_000;

export interface SweepDeps {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  now?: () => Date;
}

/**
 * Removes replies stored through the API or a response link that no ministry case refers to, once the grace
 * period has passed and the workflow's own state does not name them either (it may be a step ahead of the read
 * model). Imported replies are left alone: their cases are written when the imported lifecycle starts.
 */
export async function sweepUnrecordedReplies(
  deps: SweepDeps,
  graceMs = UNRECORDED_REPLY_GRACE_MS,
  batchSize = 100,
): Promise<{ removed: number }> {
  const now = deps.now ?? (() => new Date());
  const stale = await deps.prisma.reply.findMany({
    where: {
      cases: { none: {} },
      createdAt: { lt: new Date(now().getTime() - graceMs) },
      NOT: { businessKey: { startsWith: 'import:' } },
    },
    orderBy: { createdAt: 'asc' },
    take: batchSize,
    select: { id: true, signal: { select: { workflowId: true } } },
  });
  let removed = 0;
  for (const reply of stale) {
    let named: boolean;
    try {
      const snapshot = await deps.temporal.workflow.getHandle(reply.signal.workflowId).query(statusQuery);
      named = snapshot.ministries.some((ministry) => ministry.replyId === reply.id);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) continue;
      // Temporal is most likely down: the next round asks again.
      deps.logger.warn(
        { err: error, replyId: reply.id },
        'could not ask the workflow about an unrecorded reply',
      );
      break;
    }
    if (!named && (await discardUnrecordedReply(deps.prisma, reply.id))) removed++;
  }
  if (removed > 0) deps.logger.info({ removed }, 'removed replies the workflow never recorded');
  return { removed };
}
