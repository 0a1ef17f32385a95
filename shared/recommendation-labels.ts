import type { RecommendationOutcome } from './recommendation-outcomes';

/** How people read an outcome, Dutch first (dashboard, ministry pages, the annual report). */
export const OUTCOME_LABELS: Record<RecommendationOutcome, { nl: string; en: string }> = {
  open: { nl: 'Open', en: 'Open' },
  under_consideration: { nl: 'In behandeling', en: 'Under consideration' },
  adopted: { nl: 'Overgenomen', en: 'Adopted' },
  partly_adopted: { nl: 'Deels overgenomen', en: 'Partly adopted' },
  not_adopted: { nl: 'Niet overgenomen', en: 'Not adopted' },
};
