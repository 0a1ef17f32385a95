import type { ClockSchedule, DeadlinePolicy, PlanClockInput } from '../../shared/lifecycle';
import { deadlineDay } from '../../shared/deadline-day';
import {
  addCalendarDays,
  addWorkingDays,
  amsterdamDate,
  endOfAmsterdamDay,
  isValidCalendarDate,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  officeMorning,
  type CalendarDate,
} from '../../shared/working-days';

/**
 * Turns a policy into the concrete instants of one clock. Pure: the activity wrapper only adds the error type,
 * and the workflow tests call the same code through their mocked activities.
 *
 * - Working-day clocks (review, amendment, acknowledgement): the deadline is the end (24:00 Amsterdam) of the Nth
 *   working day after the day the clock starts; the reminder goes out at 09:00 on working day M.
 * - The reply clock counts calendar weeks; a deadline on a weekend or holiday moves to the next working day, and a
 *   reminder that would fall on a day off goes out on the working day before.
 * - Repeated escalations (acknowledgement every N working days, reply every N weeks) are planned up front, up to
 *   the policy's maximum, so the workflow never computes a date itself.
 */
export class InvalidDeadlineError extends Error {
  override name = 'InvalidDeadline';
}

export function planClock(input: PlanClockInput): ClockSchedule {
  const { kind, policy } = input;
  const startedAt = new Date(input.startAt);
  if (Number.isNaN(startedAt.getTime())) throw new InvalidDeadlineError(`not an instant: ${input.startAt}`);
  const startDate = amsterdamDate(startedAt);

  const dueDate = resolveDueDate(input, startDate);
  const dueAt = endOfAmsterdamDay(dueDate);
  if (dueAt.getTime() <= startedAt.getTime()) {
    throw new InvalidDeadlineError(`the deadline ${dueDate} is not after ${startDate}`);
  }

  let reminderDate: CalendarDate | null;
  if (kind === 'reply') {
    reminderDate = previousWorkingDayOnOrBefore(addCalendarDays(dueDate, -policy.reply.reminderDaysBefore));
  } else if (input.override) {
    // A moved working-day deadline keeps the same distance between reminder and deadline as the policy's.
    const clock = workingDayClock(policy, kind);
    const lead = clock.deadlineWorkingDays - clock.reminderWorkingDay;
    reminderDate = workingDaysBefore(dueDate, lead);
  } else {
    reminderDate = addWorkingDays(startDate, workingDayClock(policy, kind).reminderWorkingDay);
  }
  let reminderAt: Date | null = reminderDate ? officeMorning(reminderDate) : null;
  if (
    reminderAt &&
    (reminderAt.getTime() <= startedAt.getTime() || reminderAt.getTime() >= dueAt.getTime())
  ) {
    reminderAt = null;
  }

  const escalationsAt: Date[] = [dueAt];
  if (kind === 'acknowledgement' || kind === 'reply') {
    let escalationDate = dueDate;
    for (let level = 2; level <= policy.maxEscalations; level += 1) {
      escalationDate =
        kind === 'acknowledgement'
          ? addWorkingDays(escalationDate, policy.acknowledgement.repeatEscalationWorkingDays)
          : nextWorkingDayOnOrAfter(
              addCalendarDays(dueDate, 7 * policy.reply.repeatEscalationWeeks * (level - 1)),
            );
      escalationsAt.push(endOfAmsterdamDay(escalationDate));
    }
  }

  return {
    kind,
    startedAt: startedAt.toISOString(),
    reminderAt: reminderAt ? reminderAt.toISOString() : null,
    dueDate,
    dueAt: dueAt.toISOString(),
    escalationsAt: escalationsAt.map((instant) => instant.toISOString()),
    revision: input.revision ?? 0,
  };
}

function resolveDueDate(input: PlanClockInput, startDate: CalendarDate): CalendarDate {
  const { kind, policy, override } = input;
  if (override && 'dueDate' in override) {
    if (!isValidCalendarDate(override.dueDate))
      throw new InvalidDeadlineError(`no such calendar date: ${override.dueDate}`);
    return override.dueDate;
  }
  if (override && 'dueAt' in override) {
    const instant = new Date(override.dueAt);
    if (Number.isNaN(instant.getTime())) throw new InvalidDeadlineError(`not an instant: ${override.dueAt}`);
    return deadlineDay(instant);
  }
  if (override) {
    if (!Number.isInteger(override.extraWorkingDays) || override.extraWorkingDays < 1) {
      throw new InvalidDeadlineError('extra working days must be a whole number of at least 1');
    }
    const fromDate = deadlineDay(override.from);
    return addWorkingDays(fromDate, override.extraWorkingDays);
  }
  if (kind === 'reply')
    return nextWorkingDayOnOrAfter(addCalendarDays(startDate, 7 * policy.reply.deadlineWeeks));
  return addWorkingDays(startDate, workingDayClock(policy, kind).deadlineWorkingDays);
}

function workingDayClock(policy: DeadlinePolicy, kind: 'review' | 'amendment' | 'acknowledgement') {
  return policy[kind];
}

function previousWorkingDayOnOrBefore(date: CalendarDate): CalendarDate {
  let current = date;
  while (!isWorkingDay(current)) current = addCalendarDays(current, -1);
  return current;
}

function workingDaysBefore(date: CalendarDate, count: number): CalendarDate {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addCalendarDays(current, -1);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}
