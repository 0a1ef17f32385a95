import { Prisma, type PrismaClient } from '../generated/prisma/client';
import { FOLLOW_UP_PROGRESS, type FollowUpProgress } from '../shared/follow-up';
import { RECOMMENDATION_OUTCOMES, type RecommendationOutcome } from '../shared/recommendation-outcomes';
import { inYear, type YearBounds } from './annual-sql';

/**
 * The annual report's recommendation figures (docs/architecture.md#recommendations):
 * - made: the recommendations of the signals sent to a ministry during the year; per ministry each (recommendation,
 *   ministry) pair, in the totals each recommendation once;
 * - outcomes: of those pairs, the outcome as recorded by the year's end (one recorded later counts as open);
 * - follow-ups reported: progress reports made during the year, by what they reported.
 */
export interface RecommendationFigures {
  made: number;
  outcomes: Record<RecommendationOutcome, number>;
  followUpsReported: Record<FollowUpProgress, number> & { total: number };
}

export interface MinistryRecommendationFigures extends RecommendationFigures {
  code: string;
  name: string;
}

const noOutcomes = (): Record<RecommendationOutcome, number> =>
  Object.fromEntries(RECOMMENDATION_OUTCOMES.map((o) => [o, 0])) as Record<RecommendationOutcome, number>;
const noReports = (): RecommendationFigures['followUpsReported'] => ({
  total: 0,
  ...(Object.fromEntries(FOLLOW_UP_PROGRESS.map((p) => [p, 0])) as Record<FollowUpProgress, number>),
});

export async function countRecommendations(
  prisma: PrismaClient,
  bounds: YearBounds,
): Promise<{ totals: RecommendationFigures; perMinistry: MinistryRecommendationFigures[] }> {
  const [pairs, distinct, reports] = await Promise.all([
    prisma.$queryRaw<Array<{ code: string; name: string; outcome: RecommendationOutcome; count: number }>>`
      SELECT m.code, m.name,
             CASE WHEN o."decidedAt" < ${bounds.end}::timestamptz THEN o.outcome ELSE 'open' END AS outcome,
             count(*)::int AS count
        FROM "RecommendationOutcome" o
        JOIN "Recommendation" r ON r.id = o."recommendationId"
        JOIN "MinistryCase" c ON c."signalId" = r."signalId" AND c."ministryId" = o."ministryId"
        JOIN "Ministry" m ON m.id = o."ministryId"
       WHERE ${inYear(Prisma.sql`c."sentAt"`, bounds)}
       GROUP BY 1, 2, 3`,
    prisma.$queryRaw<Array<{ count: number }>>`
      SELECT count(DISTINCT r.id)::int AS count
        FROM "Recommendation" r
        JOIN "MinistryCase" c ON c."signalId" = r."signalId"
       WHERE ${inYear(Prisma.sql`c."sentAt"`, bounds)}`,
    prisma.$queryRaw<Array<{ code: string; name: string; progress: FollowUpProgress; count: number }>>`
      SELECT m.code, m.name, c."followUpProgress" AS progress, count(*)::int AS count
        FROM "MinistryCase" c
        JOIN "Ministry" m ON m.id = c."ministryId"
       WHERE c."followUpProgress" IS NOT NULL AND ${inYear(Prisma.sql`c."followUpReportedAt"`, bounds)}
       GROUP BY 1, 2, 3`,
  ]);
  const ministries = new Map<string, MinistryRecommendationFigures>();
  const ministryOf = ({ code, name }: { code: string; name: string }) => {
    let figures = ministries.get(code);
    if (!figures) {
      figures = { code, name, made: 0, outcomes: noOutcomes(), followUpsReported: noReports() };
      ministries.set(code, figures);
    }
    return figures;
  };
  const totals: RecommendationFigures = {
    made: distinct[0]?.count ?? 0,
    outcomes: noOutcomes(),
    followUpsReported: noReports(),
  };
  for (const row of pairs) {
    const figures = ministryOf(row);
    figures.made += row.count;
    figures.outcomes[row.outcome] += row.count;
    totals.outcomes[row.outcome] += row.count;
  }
  for (const row of reports) {
    const figures = ministryOf(row);
    figures.followUpsReported[row.progress] += row.count;
    figures.followUpsReported.total += row.count;
    totals.followUpsReported[row.progress] += row.count;
    totals.followUpsReported.total += row.count;
  }
  return { totals, perMinistry: [...ministries.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}
