import type { PrismaClient } from '../generated/prisma/client';
import { median, monthOf, yearBounds } from './annual-calendar';
import {
  countAwaitingPerOrganisation,
  countForwardedReplies,
  countPerMinistry,
  countSubmitted,
} from './annual-counts';
import { yearSignals } from './annual-signals';
import {
  countRecommendations,
  type MinistryRecommendationFigures,
  type RecommendationFigures,
} from './annual-recommendations';
import type { ReportedSignal } from './reported-signal';

export { calendarDaysBetween, median, yearBounds } from './annual-calendar';

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
 * - repliesForwarded: replies the loket forwarded to the submitters during the year (a joint reply once);
 * - reply time: calendar days from sending to a reply, over the replies received during the year (median in
 *   whole days);
 * - per organisation: a signal counts under each of its submitters (the lead and every current co-submitter), so
 *   the organisations' figures may add up to more than the totals, where each signal counts once.
 * What spans every open signal (submitted, acknowledged, awaiting, per ministry) is counted in PostgreSQL
 * (annual-counts.ts); what only the year's own signals decide (sent, replied, reply times) is counted from the
 * list the paragraph tells (annual-signals.ts), which the year bounds.
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
  /** The recommendations of the signals sent to it during the year, their outcomes and follow-ups reported. */
  recommendations: RecommendationFigures;
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

export interface AnnualReportFigures {
  year: number;
  submitted: number;
  sent: number;
  acknowledged: number;
  replied: number;
  repliesReceived: number;
  repliesForwarded: number;
  awaitingAtYearEnd: number;
  medianReplyDays: number | null;
  longestReplyDays: number | null;
  perMinistry: MinistryFigures[];
  /** Recommendations made (each once), outcomes and follow-ups reported over all ministries. */
  recommendations: RecommendationFigures;
  /** A signal counts under each of its submitters here (lead and co-submitters); see countsCoSubmitters. */
  perOrganisation: OrganisationFigures[];
  /** Whether a signal with co-submitters is among those counted (the paragraph then says how they count). */
  countsCoSubmitters: boolean;
  monthly: MonthFigures[];
  /** Signals sent during the year, in order of sending. */
  sentSignals: ReportedSignal[];
  /** Signals sent in an earlier year that received a reply during this year. */
  earlierSignalsReplied: ReportedSignal[];
}

function withoutName(figures: MinistryRecommendationFigures | undefined): RecommendationFigures | undefined {
  if (!figures) return undefined;
  const { code: _code, name: _name, ...rest } = figures;
  return rest;
}

function emptyRecommendations(): RecommendationFigures {
  return {
    made: 0,
    outcomes: { open: 0, under_consideration: 0, adopted: 0, partly_adopted: 0, not_adopted: 0 },
    followUpsReported: { total: 0, implemented: 0, in_progress: 0, dropped: 0 },
  };
}

const largest = (values: number[]) => (values.length > 0 ? Math.max(...values) : null);

export async function computeAnnualReport(prisma: PrismaClient, year: number): Promise<AnnualReportFigures> {
  if (!Number.isInteger(year) || year < 1990 || year > 2999)
    throw new RangeError(`not a report year: ${year}`);
  const bounds = yearBounds(year);
  const [ministryCounts, submittedCounts, awaitingCounts, signals, repliesForwarded, recommendations] =
    await Promise.all([
      countPerMinistry(prisma, bounds),
      countSubmitted(prisma, bounds),
      countAwaitingPerOrganisation(prisma, bounds),
      yearSignals(prisma, bounds),
      countForwardedReplies(prisma, bounds),
      countRecommendations(prisma, bounds),
    ]);
  const recommendationsOf = new Map<string, MinistryRecommendationFigures>(
    recommendations.perMinistry.map((m) => [m.code, m]),
  );

  const organisations = new Map<string, OrganisationFigures>();
  const organisationOf = ({ code, name }: { code: string; name: string }) => {
    let figures = organisations.get(code);
    if (!figures) {
      figures = { code, name, submitted: 0, sent: 0, replied: 0, awaitingAtYearEnd: 0 };
      organisations.set(code, figures);
    }
    return figures;
  };
  const monthly: MonthFigures[] = Array.from({ length: 12 }, (_, i) => ({
    month: i + 1,
    submitted: 0,
    sent: 0,
    replies: 0,
  }));
  // Per organisation every submitter's rows; in the totals the lead's only, so each signal counts once.
  let countsCoSubmitters = false;
  let submitted = 0;
  for (const row of submittedCounts) {
    organisationOf(row).submitted += row.count;
    if (!row.lead) {
      countsCoSubmitters = true;
      continue;
    }
    submitted += row.count;
    monthly[row.month - 1]!.submitted += row.count;
  }
  let awaitingAtYearEnd = 0;
  for (const row of awaitingCounts) {
    organisationOf(row).awaitingAtYearEnd += row.count;
    if (row.lead) awaitingAtYearEnd += row.count;
    else countsCoSubmitters = true;
  }

  let sent = 0;
  let replied = 0;
  const replyDays: number[] = [];
  const sentSignals: ReportedSignal[] = [];
  const earlierSignalsReplied: ReportedSignal[] = [];
  for (const signal of signals) {
    const submitters = [signal.organisation, ...signal.coSubmitters].map(organisationOf);
    if (signal.coSubmitters.length > 0) countsCoSubmitters = true;
    if (signal.sentInYear) {
      sent += 1;
      submitters.forEach((organisation) => (organisation.sent += 1));
      monthly[monthOf(signal.sentAt) - 1]!.sent += 1;
      sentSignals.push(signal.reported);
    } else if (signal.repliesInYear.length > 0) {
      earlierSignalsReplied.push(signal.reported);
    }
    for (const reply of signal.repliesInYear) {
      replyDays.push(reply.days);
      monthly[reply.month - 1]!.replies += 1;
    }
    if (signal.repliesInYear.length > 0) {
      replied += 1;
      submitters.forEach((organisation) => (organisation.replied += 1));
    }
  }

  const perMinistry = ministryCounts
    .map((m) => ({
      code: m.code,
      name: m.name,
      sent: m.sent,
      acknowledged: m.acknowledged,
      replied: m.replyDays.length,
      awaitingAtYearEnd: m.awaitingAtYearEnd,
      medianReplyDays: median(m.replyDays),
      longestReplyDays: largest(m.replyDays),
      recommendations: withoutName(recommendationsOf.get(m.code)) ?? emptyRecommendations(),
    }))
    .filter(
      (m) =>
        m.sent +
          m.acknowledged +
          m.replied +
          m.awaitingAtYearEnd +
          m.recommendations.followUpsReported.total >
        0,
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  const perOrganisation = [...organisations.values()]
    .filter((o) => o.submitted + o.sent + o.replied + o.awaitingAtYearEnd > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'nl'));

  return {
    year,
    submitted,
    sent,
    acknowledged: ministryCounts.reduce((sum, m) => sum + m.acknowledged, 0),
    replied,
    repliesReceived: replyDays.length,
    repliesForwarded,
    awaitingAtYearEnd,
    medianReplyDays: median(replyDays),
    longestReplyDays: largest(replyDays),
    perMinistry,
    recommendations: recommendations.totals,
    perOrganisation,
    countsCoSubmitters,
    monthly,
    sentSignals,
    earlierSignalsReplied,
  };
}
