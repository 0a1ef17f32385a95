import type { ClockKind, ClockRef, ClockSchedule } from '../shared/lifecycle';
import {
  findMinistry,
  isOpenMinistry,
  isTerminal,
  type LifecycleState,
  type MinistryState,
} from './lifecycle-state';

/** The two clocks each ministry has, and the two of the signal itself. */
export const MINISTRY_CLOCKS: readonly ClockKind[] = ['acknowledgement', 'reply'];
export const SIGNAL_CLOCKS: readonly ClockKind[] = ['review', 'amendment'];

/** One clock of the state, found by kind (and ministry): its plan, whether it runs now, and how to replace it. */
export interface LocatedClock {
  clock: ClockKind;
  ministry: MinistryState | null;
  schedule: ClockSchedule | null;
  /** Started and not yet ended: the review while in review, the amendment while changes are requested, a
   * ministry's acknowledgement until it acknowledged, its reply until it replied; none once the signal ended. */
  running: boolean;
  replace(next: ClockSchedule): void;
}

/** The clock a reference names; null when it names a ministry the signal was not sent to. */
export function locateClock(state: LifecycleState, ref: ClockRef): LocatedClock | null {
  const ended = isTerminal(state.status);
  switch (ref.clock) {
    case 'review':
      return {
        clock: 'review',
        ministry: null,
        schedule: state.review,
        running: (state.status === 'in_review' || state.status === 'submitted') && state.review !== null,
        replace: (next) => (state.review = next),
      };
    case 'amendment':
      return {
        clock: 'amendment',
        ministry: null,
        schedule: state.amendment,
        running: state.status === 'changes_requested' && state.amendment !== null,
        replace: (next) => (state.amendment = next),
      };
    case 'acknowledgement':
    case 'reply': {
      const ministry = ref.ministryCode === undefined ? undefined : findMinistry(state, ref.ministryCode);
      if (!ministry) return null;
      const ack = ref.clock === 'acknowledgement';
      const schedule = ack ? ministry.ack : ministry.reply;
      return {
        clock: ref.clock,
        ministry,
        schedule,
        running:
          !ended &&
          schedule !== null &&
          (ack ? ministry.status === 'awaiting_ack' : isOpenMinistry(ministry)),
        replace: (next) => {
          if (ack) ministry.ack = next;
          else ministry.reply = next;
        },
      };
    }
    default:
      return null;
  }
}
