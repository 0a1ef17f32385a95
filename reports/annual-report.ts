import type { PrismaClient } from '../generated/prisma/client';
import { amsterdamDate, amsterdamInstant } from '../shared/working-days';

/**
 * Figures for the RIEC-LIEC annual report, read from the read model (PostgreSQL), for one calendar year in
 * Europe/Amsterdam. Definitions, so an editor knows what each number means:
 * - submitted: signals received by the loket during the year (submittedAt);
 * - sent: signals offered to the ministries during the year (sentAt), what the annual report calls
 *   "bij de verantwoordelijke ministeries ingediend";
 * - acknowledged: ministry acknowledgements of receipt during the year;
 * - replied: signals that received a ministry reply during the year (a joint reply counts once);
 * - awaitingAtYearEnd: signals sent by the end of the year with at least one addressed ministry that had not
 *   replied by then, and neither withdrawn nor closed by then;
 * - reply time: calendar days from sending to a reply, over the replies received during the year (median in
 *   whole days).
 */

export interface MinistryFigures {
  code: string;
  name: string;
  sent: number;
  acknowledged: number;
  replied: number;
  awaitingAtYearEnd: number;
  medianReplyDays: number | null;
  longestReplyDays: number | null;
}

export interface OrganisationFigures {
  code: string;
  name: string;
  submitted: number;
  sent: number;
  replied: number;
  awaitingAtYearEnd: number;
}

export interface MonthFigures {
  /** 1 = January. */
  month: number;
  submitted: number;
  sent: number;
  replies: number;
}

/** One signal as the paragraph tells it. */
export interface ReportedSignal {
  id: string;
  reference: string;
  title: string;
  organisation: string;
  submittedAt: string;
  sentAt: string | null;
  ministries: { code: string; name: string }[];
  /** Replies received up to the end of the year, oldest first; a joint reply lists each of its ministries. */
  replies: { receivedAt: string; ministries: { code: string; name: string }[]; days: number | null }[];
  awaitingAtYearEnd: boolean;
}

export interface AnnualReportFigures {
  year: number;
  submitted: number;
  sent: number;
  acknowledged: number;
  replied: number;
  repliesReceived: number;
  awaitingAtYearEnd: number;
  medianReplyDays: number | null;
  longestReplyDays: number | null;
  perMinistry: MinistryFigures[];
  perOrganisation: OrganisationFigures[];
  monthly: MonthFigures[];
  /** Signals sent during the year, in order of sending. */
  sentSignals: ReportedSignal[];
  /** Signals sent in an earlier year that received a reply during this year. */
  earlierSignalsReplied: ReportedSignal[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function yearBounds(year: number): { start: Date; end: Date } {
  return { start: amsterdamInstant(`${year}-01-01`), end: amsterdamInstant(`${year + 1}-01-01`) };
}

function within(at: Date | null | undefined, start: Date, end: Date): at is Date {
  return !!at && at >= start && at < end;
}

function before(at: Date | null | undefined, end: Date): at is Date {
  return !!at && at < end;
}

/** Whole calendar days between two instants, counted on Amsterdam dates. */
export function calendarDaysBetween(from: Date, to: Date): number {
  const a = Date.parse(`${amsterdamDate(from)}T00:00:00Z`);
  const b = Date.parse(`${amsterdamDate(to)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

/** The median in whole days (an even count's middle pair averaged, half a day rounded up). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

function monthOf(at: Date): number {
  return Number(amsterdamDate(at).slice(5, 7));
}

export async function computeAnnualReport(prisma: PrismaClient, year: number): Promise<AnnualReportFigures> {
  if (!Number.isInteger(year) || year < 1990 || year > 2999)
    throw new RangeError(`not a report year: ${year}`);
  const { start, end } = yearBounds(year);

  const signals = await prisma.signal.findMany({
    where: {
      submittedAt: { lt: end },
      OR: [{ closedAt: null }, { closedAt: { gte: start } }],
    },
    // Only what the figures read: the population includes every signal still open from earlier years, and their
    // text columns (content, summary) would dominate the transfer.
    select: {
      id: true,
      reference: true,
      title: true,
      status: true,
      submittedAt: true,
      sentAt: true,
      closedAt: true,
      organisation: { select: { code: true, name: true } },
      cases: {
        select: {
          id: true,
          sentAt: true,
          acknowledgedAt: true,
          repliedAt: true,
          replyId: true,
          ministry: { select: { code: true, name: true } },
          reply: { select: { id: true, receivedAt: true } },
        },
      },
      events: { where: { type: { in: ['withdrawn', 'rejected'] } }, select: { type: true, at: true } },
    },
    orderBy: [{ sentAt: 'asc' }, { submittedAt: 'asc' }],
  });

  const ministries = new Map<string, MinistryFigures & { replyDays: number[] }>();
  const organisations = new Map<string, OrganisationFigures>();
  const monthly: MonthFigures[] = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    submitted: 0,
    sent: 0,
    replies: 0,
  }));
  const replyDays: number[] = [];
  let submitted = 0;
  let sent = 0;
  let acknowledged = 0;
  let replied = 0;
  let awaitingAtYearEnd = 0;
  const sentSignals: ReportedSignal[] = [];
  const earlierSignalsReplied: ReportedSignal[] = [];

  const ministryOf = (code: string, name: string) => {
    let figures = ministries.get(code);
    if (!figures) {
      figures = {
        code,
        name,
        sent: 0,
        acknowledged: 0,
        replied: 0,
        awaitingAtYearEnd: 0,
        medianReplyDays: null,
        longestReplyDays: null,
        replyDays: [],
      };
      ministries.set(code, figures);
    }
    return figures;
  };
  const organisationOf = (code: string, name: string) => {
    let figures = organisations.get(code);
    if (!figures) {
      figures = { code, name, submitted: 0, sent: 0, replied: 0, awaitingAtYearEnd: 0 };
      organisations.set(code, figures);
    }
    return figures;
  };

  for (const signal of signals) {
    const organisation = organisationOf(signal.organisation.code, signal.organisation.name);
    const endedAt = signal.events.map((e) => e.at).sort((a, b) => a.getTime() - b.getTime())[0];
    // Withdrawn or rejected (the event's moment) or closed, before `at`: nobody awaits a reply any more.
    const stoppedBy = (at: Date) =>
      before(endedAt, at) || before(signal.status === 'closed' ? signal.closedAt : null, at);

    if (within(signal.submittedAt, start, end)) {
      submitted += 1;
      organisation.submitted += 1;
      monthly[monthOf(signal.submittedAt) - 1]!.submitted += 1;
    }
    if (!signal.sentAt || signal.sentAt >= end) continue;
    const sentThisYear = within(signal.sentAt, start, end);
    if (sentThisYear) {
      sent += 1;
      organisation.sent += 1;
      monthly[monthOf(signal.sentAt) - 1]!.sent += 1;
    }

    // Replies up to the end of the year, grouped so that a joint reply counts once.
    const repliesByKey = new Map<
      string,
      { receivedAt: Date; ministries: { code: string; name: string }[] }
    >();
    let awaitingHere = false;
    for (const ministryCase of signal.cases) {
      const ministry = ministryOf(ministryCase.ministry.code, ministryCase.ministry.name);
      const caseSentAt = ministryCase.sentAt ?? signal.sentAt;
      if (within(caseSentAt, start, end)) ministry.sent += 1;
      if (within(ministryCase.acknowledgedAt, start, end)) {
        acknowledged += 1;
        ministry.acknowledged += 1;
      }
      const repliedAt = ministryCase.reply?.receivedAt ?? ministryCase.repliedAt;
      if (before(repliedAt, end)) {
        const key = ministryCase.replyId ?? ministryCase.id;
        const entry = repliesByKey.get(key) ?? { receivedAt: repliedAt, ministries: [] };
        entry.ministries.push({ code: ministryCase.ministry.code, name: ministryCase.ministry.name });
        repliesByKey.set(key, entry);
        if (within(repliedAt, start, end)) {
          ministry.replied += 1;
          ministry.replyDays.push(calendarDaysBetween(caseSentAt, repliedAt));
        }
      } else if (!stoppedBy(end)) {
        ministry.awaitingAtYearEnd += 1;
        awaitingHere = true;
      }
    }

    const replies = [...repliesByKey.values()]
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())
      .map((reply) => ({
        receivedAt: reply.receivedAt.toISOString(),
        ministries: reply.ministries.sort((a, b) => a.code.localeCompare(b.code)),
        days: calendarDaysBetween(signal.sentAt!, reply.receivedAt),
        inYear: within(reply.receivedAt, start, end),
      }));
    const repliesThisYear = replies.filter((reply) => reply.inYear);
    for (const reply of repliesThisYear) {
      replyDays.push(reply.days);
      monthly[monthOf(new Date(reply.receivedAt)) - 1]!.replies += 1;
    }
    if (repliesThisYear.length > 0) {
      replied += 1;
      organisation.replied += 1;
    }
    if (awaitingHere) {
      awaitingAtYearEnd += 1;
      organisation.awaitingAtYearEnd += 1;
    }

    const reported: ReportedSignal = {
      id: signal.id,
      reference: signal.reference,
      title: signal.title,
      organisation: signal.organisation.name,
      submittedAt: signal.submittedAt.toISOString(),
      sentAt: signal.sentAt.toISOString(),
      ministries: signal.cases
        .map((c) => ({ code: c.ministry.code, name: c.ministry.name }))
        .sort((a, b) => a.code.localeCompare(b.code)),
      replies: replies.map(({ inYear: _inYear, ...reply }) => reply),
      awaitingAtYearEnd: awaitingHere,
    };
    if (sentThisYear) sentSignals.push(reported);
    else if (repliesThisYear.length > 0) earlierSignalsReplied.push(reported);
  }

  const perMinistry = [...ministries.values()]
    .filter((m) => m.sent + m.acknowledged + m.replied + m.awaitingAtYearEnd > 0)
    .map(({ replyDays: days, ...m }) => ({
      ...m,
      medianReplyDays: median(days),
      longestReplyDays: days.length > 0 ? Math.max(...days) : null,
    }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const perOrganisation = [...organisations.values()]
    .filter((o) => o.submitted + o.sent + o.replied + o.awaitingAtYearEnd > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));

  return {
    year,
    submitted,
    sent,
    acknowledged,
    replied,
    repliesReceived: replyDays.length,
    awaitingAtYearEnd,
    medianReplyDays: median(replyDays),
    longestReplyDays: replyDays.length > 0 ? Math.max(...replyDays) : null,
    perMinistry,
    perOrganisation,
    monthly,
    sentSignals,
    earlierSignalsReplied,
  };
}
