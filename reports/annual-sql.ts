import { Prisma } from '../generated/prisma/client';

/**
 * The SQL pieces the annual report's queries share, so "the year's population", "in the year" and "awaiting at
 * the year's end" are spelled once. A year is [start, end) as instants (yearBounds: Europe/Amsterdam midnights).
 */
export interface YearBounds {
  start: Date;
  end: Date;
}

const instant = (at: Date) => Prisma.sql`${at}::timestamptz`;

/** Calendar days between two instants, counted on Amsterdam dates (what calendarDaysBetween does in JS). */
export function amsterdamDaysBetween(from: Prisma.Sql, to: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((${to}) AT TIME ZONE 'Europe/Amsterdam')::date - ((${from}) AT TIME ZONE 'Europe/Amsterdam')::date`;
}

/** The month (1 = January) of an instant on the Amsterdam calendar. */
export function amsterdamMonth(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`extract(month FROM (${at}) AT TIME ZONE 'Europe/Amsterdam')::int`;
}

export function inYear(at: Prisma.Sql, { start, end }: YearBounds): Prisma.Sql {
  return Prisma.sql`(${at} >= ${instant(start)} AND ${at} < ${instant(end)})`;
}

/** The signals (alias `s`) a year's report looks at: submitted before its end and not closed before its start. */
export function inPopulation({ start, end }: YearBounds): Prisma.Sql {
  return Prisma.sql`(s."submittedAt" < ${instant(end)} AND (s."closedAt" IS NULL OR s."closedAt" >= ${instant(start)}))`;
}

/**
 * One row per ministry row of a signal in the population that was sent before the year's end: what the report
 * counts per ministry. `replied_at` is the (possibly joint) reply's moment and `reply_key` groups a joint reply;
 * `awaiting` means not answered by the year's end while the signal was neither withdrawn, rejected (the event's
 * moment) nor closed by then. The withdrawn/rejected set is an uncorrelated subquery, so PostgreSQL hashes it once
 * instead of probing the timeline per row.
 */
export function ministryRowsOfYear(bounds: YearBounds): Prisma.Sql {
  const end = instant(bounds.end);
  const repliedAt = Prisma.sql`COALESCE(r."receivedAt", c."repliedAt")`;
  return Prisma.sql`
    SELECT c.id AS case_id, c."signalId" AS signal_id, s."organisationId" AS organisation_id,
           c."ministryId" AS ministry_id, COALESCE(c."sentAt", s."sentAt") AS sent_at,
           c."acknowledgedAt" AS acknowledged_at, ${repliedAt} AS replied_at, COALESCE(c."replyId", c.id) AS reply_key,
           (${repliedAt} IS NULL OR ${repliedAt} >= ${end})
             AND NOT (s.status = 'closed' AND COALESCE(s."closedAt" < ${end}, false))
             AND c."signalId" NOT IN (SELECT e."signalId" FROM "SignalEvent" e
                                       WHERE e.type IN ('withdrawn', 'rejected') AND e.at < ${end}) AS awaiting
      FROM "MinistryCase" c
      JOIN "Signal" s ON s.id = c."signalId"
      LEFT JOIN "Reply" r ON r.id = c."replyId"
     WHERE s."sentAt" < ${end} AND ${inPopulation(bounds)}`;
}

/**
 * One row per submitter of a signal, for a LATERAL join: its lead (`lead` true) and each current co-submitter.
 * The figures per organisation count a signal under every one of them; the totals take the lead rows only, so a
 * signal still counts once there.
 */
export function submittersOfSignal(signalId: Prisma.Sql, leadOrganisationId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT ${leadOrganisationId} AS organisation_id, true AS lead
    UNION ALL
    SELECT sc."organisationId", false FROM "SignalCoSubmitter" sc
     WHERE sc."signalId" = ${signalId} AND sc."removedAt" IS NULL`;
}
