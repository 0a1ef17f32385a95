import { z } from 'zod';
import { deadlineDayOut, instantOut, ministryCode, text } from '../http/text';
import { transitionResultSchema } from '../signals/schemas';

/** Suspending and resuming clocks: request and response schemas (validation, types and OpenAPI in one). */

const signalId = z.uuid().meta({ description: 'The signal’s id (UUID).' });

export const signalClockParams = z
  .object({
    signalId,
    clock: z
      .enum(['review', 'amendment'])
      .meta({ description: 'The signal’s own clock: the loket’s review, or the submitter’s amendment.' }),
  })
  .strict();

export const ministryClockParams = z
  .object({
    signalId,
    code: ministryCode,
    clock: z
      .enum(['acknowledgement', 'reply'])
      .meta({ description: 'The ministry’s clock: its acknowledgement of receipt, or its reply.' }),
  })
  .strict();

export const suspendBody = z
  .object({
    reason: text(2_000, 'Why the clock stands still (what the loket waits for); no personal data.'),
  })
  .strict();
export type SuspendBody = z.output<typeof suspendBody>;

export const resumeBody = z
  .object({ note: text(2_000, 'Optional note for the timeline.').optional() })
  .strict();
export type ResumeBody = z.output<typeof resumeBody>;

export const suspensionDecisionBody = z
  .object({
    decision: z.enum(['grant', 'refuse']).meta({
      description: 'Grant (the reply clock stands still from now) or refuse the ministry’s request.',
    }),
    reason: text(2_000, 'Why; required when refusing.').optional(),
  })
  .strict();
export type SuspensionDecisionBody = z.output<typeof suspensionDecisionBody>;

export const clockResultSchema = transitionResultSchema.extend({
  clock: z.enum(['review', 'amendment', 'acknowledgement', 'reply']),
  ministryCode: z
    .string()
    .nullable()
    .meta({ description: 'The ministry of an acknowledgement or reply clock.' }),
  dueAt: instantOut('The clock’s deadline now (while suspended: as it stood; it moves on resumption).'),
  dueOn: deadlineDayOut('The last day of that deadline (the day `dueAt` closes).'),
  suspendedSince: instantOut('Since when the clock stands still; null when it runs.').nullable(),
  workingDaysGivenBack: z.int().optional().meta({
    description:
      'On resumption: the Dutch working days the deadline moved by (those after the day of the suspension, up to and including the day of the resumption).',
  }),
});
