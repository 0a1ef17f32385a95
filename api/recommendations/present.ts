import type { z } from 'zod';
import type { RecommendationOutcome } from '../../shared/recommendation-outcomes';
import type { recommendationSchema } from './schemas';

/** The Prisma include that reads a signal's recommendations with their outcomes, in the submitter's order. */
export const recommendationsInclude = {
  orderBy: { position: 'asc' },
  include: {
    outcomes: {
      include: { ministry: { select: { code: true, name: true } } },
      orderBy: { ministry: { code: 'asc' } },
    },
  },
} as const;

export interface RecommendationRow {
  id: string;
  position: number;
  text: string;
  outcomes: Array<{
    outcome: RecommendationOutcome;
    reason: string | null;
    decidedAt: Date | null;
    decidedBy: string | null;
    proposedOutcome: RecommendationOutcome | null;
    proposedReason: string | null;
    proposedAt: Date | null;
    ministry: { code: string; name: string };
  }>;
}

type Presented = z.output<typeof recommendationSchema>;

/** The loket's view: every outcome with its reason, who recorded it, and a proposal that waits. */
export function presentRecommendation(row: RecommendationRow): Presented {
  return {
    id: row.id,
    position: row.position,
    text: row.text,
    outcomes: row.outcomes.map((o) => ({
      ministryCode: o.ministry.code,
      outcome: o.outcome,
      reason: o.reason,
      decidedAt: o.decidedAt?.toISOString() ?? null,
      decidedBy: o.decidedBy,
      proposal:
        o.proposedOutcome && o.proposedOutcome !== 'open' && o.proposedAt
          ? { outcome: o.proposedOutcome, reason: o.proposedReason, proposedAt: o.proposedAt.toISOString() }
          : null,
    })),
  };
}

/**
 * The submitters' view (api/signals/submitter-view.ts): the outcome and when, recorded by "the loket"; the reason
 * (the ministry's, from its reply) and a proposal awaiting the loket stay with the loket.
 */
export function presentRecommendationForSubmitter(row: RecommendationRow, loketLabel: string): Presented {
  const full = presentRecommendation(row);
  return {
    ...full,
    outcomes: full.outcomes.map((o) => ({
      ...o,
      reason: null,
      decidedBy: o.decidedAt ? loketLabel : null,
      proposal: null,
    })),
  };
}
