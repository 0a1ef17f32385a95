import type { ClockSchedule, ClockSuspension, IsoInstant } from '../shared/lifecycle';

/**
 * A clock's suspension as the snapshot shows it. Pure, on the plan alone: a suspension lives on the plan it
 * stopped (ClockSchedule.suspension), so a new plan (an amendment's new review, an extension) starts running, and
 * a clock that ended (acknowledged, replied, signal ended) shows none, whatever its last plan says.
 */
export function suspensionOf(schedule: ClockSchedule | null | undefined): ClockSuspension | null {
  return schedule?.suspension ?? null;
}

export interface SuspensionView {
  since: IsoInstant | null;
  reason: string | null;
}

/** Since when and why a clock stands still; nulls while it runs, and for a clock that is not running at all. */
export function suspensionView(schedule: ClockSchedule | null | undefined, running: boolean): SuspensionView {
  const suspension = running ? suspensionOf(schedule) : null;
  return { since: suspension?.since ?? null, reason: suspension?.reason ?? null };
}
