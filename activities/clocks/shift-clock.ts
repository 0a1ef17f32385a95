import type { ClockSchedule, ShiftClockInput, ShiftedClock } from '../../shared/lifecycle';
import { deadlineDay } from '../../shared/deadline-day';
import {
  addCalendarDays,
  addWorkingDays,
  amsterdamDate,
  endOfAmsterdamDay,
  isWorkingDay,
  officeMorning,
  type CalendarDate,
} from '../../shared/working-days';
import { InvalidDeadlineError } from './plan-clock';

/**
 * A suspended clock resumes with every date of its plan moved by the Dutch working days it stood still (the same
 * calendar as planClock: weekends and public holidays do not count). Pure, like planClock; the activity wrapper
 * adds the error type, and the workflow keeps the result in its history, so a replay never recomputes it.
 *
 * The days it stood still are the working days after the day it was suspended, up to and including the day it
 * resumed: the day of the suspension had counted already (the clock ran that day), and the day of the resumption
 * counts as the clock's new start, which — as for any clock — is not itself one of its days. Suspended and resumed
 * on the same day gives nothing back. Suspended on Good Friday (a working day here) and resumed on the Wednesday
 * after Easter gives back two: the Tuesday and the Wednesday (Easter Monday and the weekend were never working
 * days).
 *
 * Each date moves by that many working days: the deadline's last day, each escalation's day, the reminder's
 * morning (09:00). The revision stays, so what went out before the suspension is not sent again.
 */
export function shiftClock(input: ShiftClockInput): ShiftedClock {
  const suspendedAt = instant(input.suspendedAt);
  const resumedAt = instant(input.resumedAt);
  if (resumedAt.getTime() < suspendedAt.getTime()) {
    throw new InvalidDeadlineError(
      `resumed (${input.resumedAt}) before it was suspended (${input.suspendedAt})`,
    );
  }
  const given = workingDaysAfterUpTo(amsterdamDate(suspendedAt), amsterdamDate(resumedAt));
  const { suspension: _suspension, ...plan } = input.schedule;
  return { schedule: moved(plan, given), workingDaysGivenBack: given };
}

function instant(value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new InvalidDeadlineError(`not an instant: ${value}`);
  return at;
}

/** The working days d with from < d ≤ to. */
export function workingDaysAfterUpTo(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWorkingDay(day)) count += 1;
  }
  return count;
}

function moved(plan: ClockSchedule, days: number): ClockSchedule {
  if (days === 0) return plan;
  const endOfShiftedDay = (at: string) =>
    endOfAmsterdamDay(addWorkingDays(deadlineDay(at), days)).toISOString();
  const dueDate = addWorkingDays(plan.dueDate, days);
  return {
    ...plan,
    reminderAt: plan.reminderAt
      ? officeMorning(addWorkingDays(amsterdamDate(new Date(plan.reminderAt)), days)).toISOString()
      : null,
    dueDate,
    dueAt: endOfAmsterdamDay(dueDate).toISOString(),
    escalationsAt: plan.escalationsAt.map(endOfShiftedDay),
  };
}
