import type { PrismaClient } from '../../generated/prisma/client';
import type {
  ClockSchedule,
  DeadlinePolicy,
  PlanClockInput,
  ShiftClockInput,
  ShiftedClock,
} from '../../shared/lifecycle';
import { InvalidPolicyError, resolveDeadlinePolicy } from '../../shared/deadline-policy';
import { InvalidDeadlineError, planClock as plan } from '../clocks/plan-clock';
import { shiftClock as shift } from '../clocks/shift-clock';
import { planFollowUp as planFollowUpOf } from '../clocks/plan-follow-up';
import type { FollowUpSchedule, PlanFollowUpInput } from '../../shared/follow-up';
import { businessError, BusinessErrorType } from './errors';

export const DEFAULT_POLICY_NAME = 'default';

/** Deadline policy and clock plans: the only place where dates are computed, so replays reuse the results. */
export function createClockActivities(prisma: PrismaClient) {
  async function loadPolicy({ policyName }: { policyName?: string }): Promise<DeadlinePolicy> {
    const name = policyName ?? DEFAULT_POLICY_NAME;
    // A signal naming a policy that was removed falls back to "default", then to the built-in defaults.
    const row =
      (await prisma.deadlinePolicy.findUnique({ where: { name } })) ??
      (name === DEFAULT_POLICY_NAME
        ? null
        : await prisma.deadlinePolicy.findUnique({ where: { name: DEFAULT_POLICY_NAME } }));
    try {
      return resolveDeadlinePolicy(row?.settings ?? {});
    } catch (error) {
      if (error instanceof InvalidPolicyError)
        throw businessError(BusinessErrorType.invalidPolicy, 'invalid_policy', { detail: error.message });
      throw error;
    }
  }

  // async so that a refusal is a rejected promise, like every other activity's failure.
  // eslint-disable-next-line @typescript-eslint/require-await
  async function planClock(input: PlanClockInput): Promise<ClockSchedule> {
    return asDeadlineRefusal(() => plan(input));
  }

  /** A resumed clock's plan, moved by the working days it stood still (activities/clocks/shift-clock.ts). */
  // eslint-disable-next-line @typescript-eslint/require-await
  async function shiftClock(input: ShiftClockInput): Promise<ShiftedClock> {
    return asDeadlineRefusal(() => shift(input));
  }

  /** The follow-up of adopted recommendations, from the ministry's reply (activities/clocks/plan-follow-up.ts). */
  // eslint-disable-next-line @typescript-eslint/require-await
  async function planFollowUp(input: PlanFollowUpInput): Promise<FollowUpSchedule> {
    return asDeadlineRefusal(() => planFollowUpOf(input));
  }

  return { loadPolicy, planClock, shiftClock, planFollowUp };
}

/** An impossible date is the caller's problem (a refusal of the decision), not a failure to retry. */
function asDeadlineRefusal<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof InvalidDeadlineError || error instanceof RangeError) {
      throw businessError(BusinessErrorType.invalidDeadline, 'invalid_deadline', { detail: error.message });
    }
    throw error;
  }
}
