import { z } from 'zod';
import { DECIDED_OUTCOMES, RECOMMENDATION_OUTCOMES } from '../../shared/recommendation-outcomes';
import { FOLLOW_UP_PROGRESS } from '../../shared/follow-up';
import { instantOut, ministryCode, text } from '../http/text';

/** Recommendations and their outcomes: request and response schemas (validation, types and OpenAPI in one). */

export const recommendationOutcomeSchema = z.enum(RECOMMENDATION_OUTCOMES).meta({
  description:
    '`open` until anything is known; `under_consideration`; then `adopted`, `partly_adopted` or `not_adopted` (with a reason).',
});

export const recommendationParams = z
  .object({
    signalId: z.uuid().meta({ description: 'The signal’s id (UUID).' }),
    recommendationId: z
      .uuid()
      .meta({ description: 'The recommendation’s id (UUID), from the signal’s detail.' }),
    code: ministryCode,
  })
  .strict();

export const recommendationListParams = z
  .object({ signalId: z.uuid().meta({ description: 'The signal’s id (UUID).' }) })
  .strict();

export const outcomeBody = z
  .object({
    outcome: z.enum(DECIDED_OUTCOMES).meta({
      description: 'What the ministry did with the recommendation (every outcome but `open`).',
    }),
    reason: text(2_000, 'Why not adopted (required then); a short note with any other outcome.').optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.outcome === 'not_adopted' && !body.reason?.trim()) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'not_adopted needs a reason: why the ministry does not take the recommendation up',
      });
    }
  });
export type OutcomeBody = z.output<typeof outcomeBody>;

export const ministryOutcomeSchema = z.object({
  ministryCode: z.string(),
  outcome: recommendationOutcomeSchema,
  reason: z
    .string()
    .nullable()
    .meta({ description: 'Why not adopted, or a note; null for submitters (it stays with the loket).' }),
  decidedAt: instantOut('When the outcome was recorded; null while open.').nullable(),
  decidedBy: z
    .string()
    .nullable()
    .meta({ description: 'Who recorded it (the person for the loket, "the loket" for submitters).' }),
  proposal: z
    .object({
      outcome: z.enum(DECIDED_OUTCOMES),
      reason: z.string().nullable(),
      proposedAt: instantOut('When the ministry proposed it.'),
    })
    .nullable()
    .meta({
      description:
        'The ministry’s proposal on its page, awaiting the coordinator’s confirmation; always null for submitters.',
    }),
});

export const recommendationSchema = z
  .object({
    id: z.uuid(),
    position: z.int().meta({ description: '1, 2, 3, … in the submitter’s order.' }),
    text: z.string(),
    outcomes: z
      .array(ministryOutcomeSchema)
      .meta({ description: 'One per ministry the signal was sent to (none before it is sent).' }),
  })
  .meta({ description: 'One recommendation of the signal with its outcome per addressed ministry.' });

export const recommendationListSchema = z.object({ items: z.array(recommendationSchema) });

export const followUpBody = z
  .object({
    progress: z.enum(FOLLOW_UP_PROGRESS).meta({
      description:
        'Where the implementation of what the ministry took up stands: implemented, in_progress or dropped.',
    }),
    note: text(1_000, 'A short text on the progress, as the ministry reported it; no personal data.'),
  })
  .strict();
export type FollowUpBody = z.output<typeof followUpBody>;
