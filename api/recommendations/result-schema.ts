import { z } from 'zod';
import { transitionResultSchema } from '../signals/schemas';
import { recommendationSchema } from './schemas';
import { instantOut } from '../http/text';
import { FOLLOW_UP_PROGRESS } from '../../shared/follow-up';

/**
 * The answer to a recorded outcome: the signal as a transition result, and the recommendation as it stands. Apart
 * from schemas.ts, which the signal's detail schema imports (one module each way would be a cycle).
 */
export const outcomeResultSchema = transitionResultSchema.extend({
  recommendation: recommendationSchema,
  changed: z.boolean().meta({
    description: 'False when the request repeated what was recorded already (no new timeline event).',
  }),
});

export const followUpResultSchema = transitionResultSchema.extend({
  ministryCode: z.string(),
  followUp: z.object({
    requestAt: z.iso
      .datetime({ offset: true })
      .meta({ description: 'When the contact was (or is) asked to report.' }),
    dueAt: instantOut('The report’s deadline.'),
    progress: z.enum(FOLLOW_UP_PROGRESS),
    note: z.string(),
    reportedAt: instantOut('When the progress was reported.'),
  }),
});
