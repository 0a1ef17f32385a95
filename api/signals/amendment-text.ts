import crypto from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { timelineEventKey } from '../../shared/business-keys';
import type { AmendmentBody } from './schemas';

/**
 * An amendment's text reaches the signal only after the workflow accepted the amendment, and only while that
 * amendment is the latest one the workflow recorded: a refused amendment, one that lost a race to another, or a
 * late write of an older round never replaces the text. The workflow's own "amended" timeline event (written
 * before its Update answers) is the proof of acceptance and its order, so no extra counter is needed.
 */
export async function writeAcceptedAmendment(
  prisma: PrismaClient,
  signal: { id: string; workflowId: string },
  acceptedVersion: number,
  body: AmendmentBody,
): Promise<boolean> {
  const eventKey = timelineEventKey(signal.workflowId, acceptedVersion, 'amended');
  const set = [
    ...(body.title !== undefined ? [Prisma.sql`"title" = ${body.title}`] : []),
    ...(body.summary !== undefined ? [Prisma.sql`"summary" = ${body.summary}`] : []),
    ...(body.content !== undefined ? [Prisma.sql`"content" = ${body.content}`] : []),
    Prisma.sql`"updatedAt" = now()`,
  ];
  return prisma.$transaction(async (tx) => {
    const written = await tx.$executeRaw`
    UPDATE "Signal" SET ${Prisma.join(set, ', ')}
    WHERE "id" = ${signal.id}::uuid
      AND EXISTS (SELECT 1 FROM "SignalEvent" WHERE "businessKey" = ${eventKey} AND "signalId" = ${signal.id}::uuid)
      AND NOT EXISTS (
        SELECT 1 FROM "SignalEvent" later
        WHERE later."signalId" = ${signal.id}::uuid AND later."type" = 'amended'
          AND later."id" > (SELECT "id" FROM "SignalEvent" WHERE "businessKey" = ${eventKey})
      )`;
    if (written !== 1) return false;
    // An amendment comes before the signal is sent, so its recommendations have no outcomes yet: the new list
    // replaces the old one whole.
    if (body.recommendations !== undefined) {
      await tx.recommendation.deleteMany({ where: { signalId: signal.id, outcomes: { none: {} } } });
      await tx.recommendation.createMany({
        data: body.recommendations.map((text, index) => ({
          signalId: signal.id,
          position: index + 1,
          text,
        })),
      });
    }
    return true;
  });
}

/**
 * The Temporal update id of an amendment sent without an Idempotency-Key: the same text in the same round of
 * requested changes is the same update, so a plain retry after a timeout gets the workflow's first answer (and
 * then stores the text) instead of a refusal. Only a digest of the text goes to Temporal, never the text.
 */
export async function amendmentUpdateId(
  prisma: PrismaClient,
  signalId: string,
  body: AmendmentBody,
): Promise<string> {
  const round = await prisma.signalEvent.findFirst({
    where: { signalId, type: 'changes_requested' },
    orderBy: { id: 'desc' },
    select: { id: true },
  });
  const digest = crypto
    .createHash('sha256')
    .update(JSON.stringify([body.title, body.summary, body.content, body.recommendations, body.note ?? null]))
    .digest('hex');
  return `amend:${signalId}:${round?.id.toString() ?? 'none'}:${digest}`;
}
