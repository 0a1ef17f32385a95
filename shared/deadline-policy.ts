import { z } from 'zod';
import { DEFAULT_DEADLINE_POLICY, DEFAULT_FOLLOW_UP_POLICY, type DeadlinePolicy } from './lifecycle';

/**
 * The JSON stored in DeadlinePolicy.settings: any subset of the defaults (docs/architecture.md#the-clocks). The
 * admin CLI has no policy command yet; whatever writes a row should validate it with this schema first, since a
 * signal whose policy the worker cannot read runs on the built-in defaults (with a warning in the worker's log).
 */
const days = z.number().int().min(1).max(365);

export const deadlinePolicySettingsSchema = z
  .object({
    review: z.object({ deadlineWorkingDays: days, reminderWorkingDay: days }).partial().strict(),
    amendment: z.object({ deadlineWorkingDays: days, reminderWorkingDay: days }).partial().strict(),
    acknowledgement: z
      .object({ deadlineWorkingDays: days, reminderWorkingDay: days, repeatEscalationWorkingDays: days })
      .partial()
      .strict(),
    reply: z
      .object({
        deadlineWeeks: z.number().int().min(1).max(104),
        reminderDaysBefore: z.number().int().min(0).max(90),
        repeatEscalationWeeks: z.number().int().min(1).max(52),
      })
      .partial()
      .strict(),
    followUp: z
      .object({
        afterMonths: z.number().int().min(1).max(60),
        deadlineWorkingDays: days,
        reminderWorkingDay: days,
        repeatEscalationWorkingDays: days,
        maxEscalations: z.number().int().min(1).max(24),
      })
      .partial()
      .strict(),
    leadFromEscalation: z.number().int().min(1).max(100),
    maxEscalations: z.number().int().min(1).max(100),
  })
  .partial()
  .strict();

export type DeadlinePolicySettings = z.infer<typeof deadlinePolicySettingsSchema>;

export class InvalidPolicyError extends Error {
  override name = 'InvalidPolicy';
}

/** Merges stored settings over the defaults; refuses a reminder that would not come before its deadline. */
export function resolveDeadlinePolicy(settings: unknown): DeadlinePolicy {
  const parsed = deadlinePolicySettingsSchema.safeParse(settings ?? {});
  if (!parsed.success) {
    throw new InvalidPolicyError(
      `invalid deadline policy: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const s = parsed.data;
  const policy: DeadlinePolicy = {
    review: { ...DEFAULT_DEADLINE_POLICY.review, ...s.review },
    amendment: { ...DEFAULT_DEADLINE_POLICY.amendment, ...s.amendment },
    acknowledgement: { ...DEFAULT_DEADLINE_POLICY.acknowledgement, ...s.acknowledgement },
    reply: { ...DEFAULT_DEADLINE_POLICY.reply, ...s.reply },
    leadFromEscalation: s.leadFromEscalation ?? DEFAULT_DEADLINE_POLICY.leadFromEscalation,
    maxEscalations: s.maxEscalations ?? DEFAULT_DEADLINE_POLICY.maxEscalations,
    followUp: { ...DEFAULT_FOLLOW_UP_POLICY, ...s.followUp },
  };
  for (const kind of ['review', 'amendment', 'acknowledgement'] as const) {
    if (policy[kind].reminderWorkingDay >= policy[kind].deadlineWorkingDays) {
      throw new InvalidPolicyError(
        `invalid deadline policy: ${kind}.reminderWorkingDay must come before the deadline`,
      );
    }
  }
  if (policy.reply.reminderDaysBefore >= policy.reply.deadlineWeeks * 7) {
    throw new InvalidPolicyError(
      'invalid deadline policy: reply.reminderDaysBefore must be shorter than the period',
    );
  }
  return policy;
}
