import type { PrismaClient } from '../../generated/prisma/client';

// Far beyond the slowest upload of the largest document: a blob this old without a document was abandoned.
export const ABANDONED_BLOB_GRACE_MS = 6 * 60 * 60_000;

/**
 * Removes stored bytes no document refers to: an upload cut off half-way, or one whose request died between storing
 * the bytes and writing the document's row. Requests clean up after themselves; this is for the process that could
 * not (a crash, a restart).
 */
export async function sweepAbandonedBlobs(
  prisma: PrismaClient,
  now: Date,
  graceMs = ABANDONED_BLOB_GRACE_MS,
): Promise<{ removed: number }> {
  const { count } = await prisma.documentBlob.deleteMany({
    where: {
      createdAt: { lt: new Date(now.getTime() - graceMs) },
      replyDocument: { is: null },
      signalDocument: { is: null },
    },
  });
  return { removed: count };
}
