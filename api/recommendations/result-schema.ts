import { z } from 'zod';
import { transitionResultSchema } from '../signals/schemas';
import { recommendationSchema } from './schemas';

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
