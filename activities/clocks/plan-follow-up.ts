import { DEFAULT_FOLLOW_UP_POLICY } from '../../shared/lifecycle';
import type { FollowUpSchedule, PlanFollowUpInput } from '../../shared/follow-up';
import {
  addWorkingDays,
  amsterdamDate,
  endOfAmsterdamDay,
  nextWorkingDayOnOrAfter,
  officeMorning,
  type CalendarDate,
} from '../../shared/working-days';
import { InvalidDeadlineError } from './plan-clock';

/**
 * The follow-up's whole plan, from the ministry's reply (docs/architecture.md#follow-up). Pure, like planClock:
 * - the request: 09:00 (Amsterdam) on the first working day on or after the reply's day plus the policy's months
 *   (the 31st of a month without one becomes its last day);
 * - the deadline: the end of the Nth working day after the request's day, the reminder at 09:00 on working day M;
 * - escalations from the deadline on, every K working days, up to the policy's maximum.
 */
export function planFollowUp(input: PlanFollowUpInput): FollowUpSchedule {
  const policy = input.policy.followUp ?? DEFAULT_FOLLOW_UP_POLICY;
  const repliedAt = new Date(input.repliedAt);
  if (Number.isNaN(repliedAt.getTime())) throw new InvalidDeadlineError(`not an instant: ${input.repliedAt}`);
  const requestDate = nextWorkingDayOnOrAfter(addMonths(amsterdamDate(repliedAt), policy.afterMonths));
  const dueDate = addWorkingDays(requestDate, policy.deadlineWorkingDays);
  const reminderDate =
    policy.reminderWorkingDay < policy.deadlineWorkingDays
      ? addWorkingDays(requestDate, policy.reminderWorkingDay)
      : null;
  const escalationsAt = [endOfAmsterdamDay(dueDate)];
  let escalationDate = dueDate;
  for (let level = 2; level <= policy.maxEscalations; level += 1) {
    escalationDate = addWorkingDays(escalationDate, policy.repeatEscalationWorkingDays);
    escalationsAt.push(endOfAmsterdamDay(escalationDate));
  }
  return {
    requestAt: officeMorning(requestDate).toISOString(),
    reminderAt: reminderDate ? officeMorning(reminderDate).toISOString() : null,
    dueDate,
    dueAt: endOfAmsterdamDay(dueDate).toISOString(),
    escalationsAt: escalationsAt.map((at) => at.toISOString()),
  };
}

/** The same day of the month `months` later, or that month's last day when it has no such day. */
function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}
