import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { before, calendarDaysBetween, monthOf, within } from './annual-calendar';
import type { ReportedSignal } from './reported-signal';
import { inPopulation, inYear, ministryRowsOfYear, type YearBounds } from './annual-sql';

/**
 * The signals the paragraph tells one by one: those sent during the year, and those sent earlier that received a
 * reply during it. Both are bounded by the year, so these are loaded row by row (each with its ministry rows);
 * the counts over every open signal are annual-counts.ts's.
 */

interface SignalColumns {
  id: string;
  reference: string;
  title: string;
  organisation_code: string;
  organisation_name: string;
  /** The current co-submitters, by code. */
  co_submitters: { code: string; name: string }[];
  submitted_at: Date;
  sent_at: Date;
}

interface MinistryColumns {
  ministry_code: string;
  ministry_name: string;
  replied_at: Date | null;
  reply_key: string;
  awaiting: boolean;
}

type WithoutMinistry = { [K in keyof MinistryColumns]: null };

/** A signal sent without any ministry row comes back once, with the ministry columns null. */
export type YearSignalRow = SignalColumns & (MinistryColumns | WithoutMinistry);

const hasMinistry = (row: YearSignalRow): row is SignalColumns & MinistryColumns =>
  row.ministry_code !== null;

/** In order of sending; a signal's ministry rows follow each other. */
export function loadYearSignals(prisma: PrismaClient, bounds: YearBounds): Promise<YearSignalRow[]> {
  // A ministry row's reply moment is its reply's, or its own without one (as in ministryRowsOfYear), spelled as
  // plain column ranges: PostgreSQL has statistics for those, none for a COALESCE of two tables' columns.
  return prisma.$queryRaw<YearSignalRow[]>`
    WITH listed AS (
      SELECT s.id FROM "Signal" s WHERE ${inYear(Prisma.sql`s."sentAt"`, bounds)}
      UNION
      SELECT c."signalId" FROM "MinistryCase" c
       WHERE c."replyId" IN (SELECT r.id FROM "Reply" r WHERE ${inYear(Prisma.sql`r."receivedAt"`, bounds)})
      UNION
      SELECT c."signalId" FROM "MinistryCase" c
       WHERE c."replyId" IS NULL AND ${inYear(Prisma.sql`c."repliedAt"`, bounds)}
    )
    SELECT s.id, s.reference, s.title, o.code AS organisation_code, o.name AS organisation_name,
           (SELECT COALESCE(json_agg(json_build_object('code', co.code, 'name', co.name) ORDER BY co.code), '[]')
              FROM "SignalCoSubmitter" sc JOIN "Organisation" co ON co.id = sc."organisationId"
             WHERE sc."signalId" = s.id AND sc."removedAt" IS NULL) AS co_submitters,
           s."submittedAt" AS submitted_at, s."sentAt" AS sent_at, m.code AS ministry_code, m.name AS ministry_name,
           y.replied_at, y.reply_key, y.awaiting
      FROM listed
      JOIN "Signal" s ON s.id = listed.id
      JOIN "Organisation" o ON o.id = s."organisationId"
      LEFT JOIN (${ministryRowsOfYear(bounds)}) y ON y.signal_id = s.id
      LEFT JOIN "Ministry" m ON m.id = y.ministry_id
     WHERE s."sentAt" < ${bounds.end}::timestamptz AND ${inPopulation(bounds)}
     ORDER BY s."sentAt", s."submittedAt", s.id, m.code`;
}

/** One listed signal: what the paragraph tells, plus what the year's counts take from it. */
export interface YearSignal {
  organisation: { code: string; name: string };
  /** The current co-submitters: the figures per organisation count the signal under each of them too. */
  coSubmitters: { code: string; name: string }[];
  sentAt: Date;
  sentInYear: boolean;
  /** Each reply received during the year (a joint reply once): its month and days since sending. */
  repliesInYear: { month: number; days: number }[];
  reported: ReportedSignal;
}

type Ministry = { code: string; name: string };

export async function yearSignals(prisma: PrismaClient, bounds: YearBounds): Promise<YearSignal[]> {
  const bySignal = new Map<string, YearSignalRow[]>();
  for (const row of await loadYearSignals(prisma, bounds)) {
    const rows = bySignal.get(row.id);
    if (rows) rows.push(row);
    else bySignal.set(row.id, [row]);
  }
  return [...bySignal.values()].map((rows) => toYearSignal(rows, bounds));
}

const byCode = (a: Ministry, b: Ministry) => a.code.localeCompare(b.code);

function toYearSignal(rows: YearSignalRow[], bounds: YearBounds): YearSignal {
  const signal = rows[0]!;
  const ministryRows = rows.filter(hasMinistry);
  // Replies up to the end of the year, grouped so that a joint reply counts once.
  const repliesByKey = new Map<string, { receivedAt: Date; ministries: Ministry[] }>();
  for (const row of ministryRows) {
    if (!before(row.replied_at, bounds.end)) continue;
    const entry = repliesByKey.get(row.reply_key) ?? { receivedAt: row.replied_at, ministries: [] };
    entry.ministries.push({ code: row.ministry_code, name: row.ministry_name });
    repliesByKey.set(row.reply_key, entry);
  }
  const replies = [...repliesByKey.values()]
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
    .map((reply) => ({ ...reply, days: calendarDaysBetween(signal.sent_at, reply.receivedAt) }));
  const awaitingAtYearEnd = ministryRows.some((row) => row.awaiting);
  return {
    organisation: { code: signal.organisation_code, name: signal.organisation_name },
    coSubmitters: signal.co_submitters,
    sentAt: signal.sent_at,
    sentInYear: within(signal.sent_at, bounds),
    repliesInYear: replies
      .filter((reply) => within(reply.receivedAt, bounds))
      .map((reply) => ({ month: monthOf(reply.receivedAt), days: reply.days })),
    reported: {
      id: signal.id,
      reference: signal.reference,
      title: signal.title,
      organisation: signal.organisation_name,
      submittedAt: signal.submitted_at.toISOString(),
      sentAt: signal.sent_at.toISOString(),
      ministries: ministryRows
        .map((row) => ({ code: row.ministry_code, name: row.ministry_name }))
        .sort(byCode),
      replies: replies.map((reply) => ({
        receivedAt: reply.receivedAt.toISOString(),
        ministries: reply.ministries.sort(byCode),
        days: reply.days,
      })),
      awaitingAtYearEnd,
    },
  };
}
