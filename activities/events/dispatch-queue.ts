import { Prisma, type PrismaClient } from '../../generated/prisma/client';

/** How long a dispatcher holds a round's start before another may take it over (it died, Temporal was away). */
export const START_LEASE_MS = 30_000;

export interface RoundToStart {
  id: string;
  round: number;
}

/**
 * The two steps from the event outbox to Temporal, each a claim with FOR UPDATE SKIP LOCKED, so any number of
 * workers run them side by side and take different rows (as the mail outbox's dispatchers do).
 */
export function createEventDispatchQueue(prisma: PrismaClient, now: () => Date = () => new Date()) {
  /**
   * Fan-out: for each new outbox row, one delivery per subscription it reaches: active, of this event type,
   * made before the event, and either a coordinator's (every signal) or an organisation's that was a submitter of
   * the signal when the event happened. Rows another dispatcher is fanning out are skipped. Returns the events.
   */
  async function fanOut(limit = 200): Promise<number> {
    const rows = await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
      WITH claimed AS (
        SELECT e."id", e."eventName", e."organisationIds", e."createdAt"
          FROM "CloudEventOutbox" AS e
         WHERE e."fannedOutAt" IS NULL
         ORDER BY e."createdAt", e."id"
         LIMIT ${limit}
           FOR UPDATE SKIP LOCKED
      ),
      deliveries AS (
        INSERT INTO "EventDelivery" ("id", "eventId", "subscriptionId")
        SELECT gen_random_uuid(), c."id", s."id"
          FROM claimed AS c
          JOIN "EventSubscription" AS s
            ON s."status" = 'active'
           AND c."eventName" = ANY (s."eventTypes")
           AND s."createdAt" <= c."createdAt"
          LEFT JOIN "User" AS u ON u."id" = s."userId"
         WHERE s."organisationId" = ANY (c."organisationIds")
            OR (u."id" IS NOT NULL AND u."disabledAt" IS NULL AND u."role" IN ('coordinator', 'lead'))
        ON CONFLICT ("eventId", "subscriptionId") DO NOTHING
      )
      UPDATE "CloudEventOutbox" AS e SET "fannedOutAt" = ${now()}
        FROM claimed WHERE e."id" = claimed."id"
      RETURNING e."id"`);
    return rows.length;
  }

  /** Pending rounds whose workflow is not started yet, leased to this dispatcher for the start. */
  async function claimStarts(limit = 100): Promise<RoundToStart[]> {
    const at = now();
    return prisma.$queryRaw<RoundToStart[]>(Prisma.sql`
      UPDATE "EventDelivery" AS d SET "startLeaseUntil" = ${new Date(at.getTime() + START_LEASE_MS)}
       WHERE d."id" IN (
             SELECT p."id" FROM "EventDelivery" AS p
              WHERE p."status" = 'pending' AND p."startedRound" < p."round"
                AND (p."startLeaseUntil" IS NULL OR p."startLeaseUntil" <= ${at})
              ORDER BY p."createdAt", p."id"
              LIMIT ${limit}
                FOR UPDATE SKIP LOCKED)
      RETURNING d."id", d."round"`);
  }

  /** The round's workflow exists (started now, or earlier by another dispatcher). */
  async function markStarted(start: RoundToStart): Promise<void> {
    await prisma.eventDelivery.updateMany({
      where: { id: start.id, startedRound: { lt: start.round } },
      data: { startedRound: start.round, startLeaseUntil: null },
    });
  }

  return { fanOut, claimStarts, markStarted };
}

export type EventDispatchQueue = ReturnType<typeof createEventDispatchQueue>;
