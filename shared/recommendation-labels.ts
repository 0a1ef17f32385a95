import type { RecommendationOutcome } from './recommendation-outcomes';
import type { FollowUpProgress } from './lifecycle';

/** How people read an outcome, Dutch first (dashboard, ministry pages, the annual report). */
export const OUTCOME_LABELS: Record<RecommendationOutcome, { nl: string; en: string }> = {
  open: { nl: 'Open', en: 'Open' },
  under_consideration: { nl: 'In behandeling', en: 'Under consideration' },
  adopted: { nl: 'Overgenomen', en: 'Adopted' },
  partly_adopted: { nl: 'Deels overgenomen', en: 'Partly adopted' },
  not_adopted: { nl: 'Niet overgenomen', en: 'Not adopted' },
};

/** How people read a follow-up's progress, Dutch first (dashboard, ministry pages). */
export const FOLLOW_UP_PROGRESS_LABELS: Record<FollowUpProgress, { nl: string; en: string }> = {
  implemented: { nl: 'Uitgevoerd', en: 'Implemented' },
  in_progress: { nl: 'In uitvoering', en: 'In progress' },
  dropped: { nl: 'Afgezien', en: 'Dropped' },
};
