import { Prisma, type PrismaClient } from '../generated/prisma/client';
import {
  amsterdamDaysBetween,
  amsterdamMonth,
  inPopulation,
  inYear,
  ministryRowsOfYear,
  submittersOfSignal,
  type YearBounds,
} from './annual-sql';

/**
 * The annual report's counts that span every signal still open, not only the year's own: counted in PostgreSQL,
 * so their cost does not grow with the rows a report would otherwise load (issue 7: 100,000 read-model rows).
 */

export interface MinistryCounts {
  code: string;
  name: string;
  sent: number;
  acknowledged: number;
  awaitingAtYearEnd: number;
  /** Calendar days from sending to each reply received during the year (one per ministry row). */
  replyDays: number[];
}

export interface OrganisationCount {
  code: string;
  name: string;
  count: number;
}

/** A count under one submitter: `lead` false means the signals it co-submitted (not in the totals). */
export interface SubmitterCount extends OrganisationCount {
  lead: boolean;
}

export interface SubmittedCount extends SubmitterCount {
  month: number;
}

export function countPerMinistry(prisma: PrismaClient, bounds: YearBounds): Promise<MinistryCounts[]> {
  const y = (column: 'sent_at' | 'acknowledged_at' | 'replied_at') => Prisma.raw(`y.${column}`);
  return prisma.$queryRaw<MinistryCounts[]>`
    SELECT m.code, m.name,
           count(*) FILTER (WHERE ${inYear(y('sent_at'), bounds)})::int AS sent,
           count(*) FILTER (WHERE ${inYear(y('acknowledged_at'), bounds)})::int AS acknowledged,
           count(*) FILTER (WHERE y.awaiting)::int AS "awaitingAtYearEnd",
           COALESCE(array_agg(${amsterdamDaysBetween(y('sent_at'), y('replied_at'))})
                      FILTER (WHERE ${inYear(y('replied_at'), bounds)}), '{}') AS "replyDays"
      FROM (${ministryRowsOfYear(bounds)}) y
      JOIN "Ministry" m ON m.id = y.ministry_id
     GROUP BY m.id, m.code, m.name`;
}

/** Signals with at least one ministry still awaited at the year's end, per submitter (lead or co-submitter). */
export function countAwaitingPerOrganisation(
  prisma: PrismaClient,
  bounds: YearBounds,
): Promise<SubmitterCount[]> {
  return prisma.$queryRaw<SubmitterCount[]>`
    SELECT o.code, o.name, sub.lead, count(DISTINCT y.signal_id)::int AS count
      FROM (${ministryRowsOfYear(bounds)}) y
     CROSS JOIN LATERAL (${submittersOfSignal(Prisma.sql`y.signal_id`, Prisma.sql`y.organisation_id`)}) sub
      JOIN "Organisation" o ON o.id = sub.organisation_id
     WHERE y.awaiting
     GROUP BY o.id, o.code, o.name, sub.lead`;
}

/**
 * Replies the loket forwarded to the submitters during the year (a joint reply once: it is one Reply row), of the
 * year's population.
 */
export async function countForwardedReplies(prisma: PrismaClient, bounds: YearBounds): Promise<number> {
  const [row] = await prisma.$queryRaw<[{ count: number }]>`
    SELECT count(*)::int AS count
      FROM "Reply" r
      JOIN "Signal" s ON s.id = r."signalId"
     WHERE ${inYear(Prisma.sql`r."forwardedAt"`, bounds)} AND ${inPopulation(bounds)}`;
  return row.count;
}

/** Signals received during the year, per submitter (lead or co-submitter) and month. */
export function countSubmitted(prisma: PrismaClient, bounds: YearBounds): Promise<SubmittedCount[]> {
  const submittedAt = Prisma.sql`s."submittedAt"`;
  return prisma.$queryRaw<SubmittedCount[]>`
    SELECT o.code, o.name, sub.lead, ${amsterdamMonth(submittedAt)} AS month, count(*)::int AS count
      FROM "Signal" s
     CROSS JOIN LATERAL (${submittersOfSignal(Prisma.sql`s.id`, Prisma.sql`s."organisationId"`)}) sub
      JOIN "Organisation" o ON o.id = sub.organisation_id
     WHERE ${inYear(submittedAt, bounds)} AND ${inPopulation(bounds)}
     GROUP BY o.id, o.code, o.name, sub.lead, month`;
}
