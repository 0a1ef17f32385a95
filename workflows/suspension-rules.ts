import type {
  ClockRef,
  DecideSuspensionInput,
  RequestSuspensionInput,
  ResumeClockInput,
  SuspendClockInput,
} from '../shared/lifecycle';
import type { RefusalAction } from '../shared/refusal-catalogue';
import { checkActor, checkReason, notClosed, refuse, sentMinistry, type Refusal } from './lifecycle-rules';
import { isOpenMinistry, type LifecycleState } from './lifecycle-state';
import { locateClock, MINISTRY_CLOCKS, SIGNAL_CLOCKS, type LocatedClock } from './running-clocks';

/**
 * When a clock may be suspended, resumed, asked to stand still, and the request decided (shared/lifecycle.ts
 * lists the rules). Pure, like workflows/lifecycle-rules.ts, and used the same way: in the validator and again in
 * the handler.
 */

type Found = { clock: LocatedClock; refusal?: undefined } | { refusal: Refusal; clock?: undefined };

/** The running clock a reference names, or why it cannot be acted on. */
function runningClock(state: LifecycleState, ref: ClockRef, action: RefusalAction): Found {
  const clock = ref?.clock;
  const forMinistry = MINISTRY_CLOCKS.includes(clock);
  if (!forMinistry && !SIGNAL_CLOCKS.includes(clock)) return { refusal: refuse('clock_unknown', {}) };
  if (forMinistry === (ref.ministryCode === undefined)) {
    return { refusal: refuse('clock_ministry_code', { clock }) };
  }
  if (forMinistry) {
    const found = sentMinistry(state, ref.ministryCode, action);
    if (found.refusal) return found;
  } else {
    const ended = notClosed(state, action);
    if (ended) return { refusal: ended };
  }
  const located = locateClock(state, ref);
  if (!located?.running) {
    const ministryCode = located?.ministry?.code;
    return {
      refusal: refuse('clock_not_running', { action, clock, ...(ministryCode ? { ministryCode } : {}) }),
    };
  }
  return { clock: located };
}

const named = (located: LocatedClock) => ({
  clock: located.clock,
  ...(located.ministry ? { ministryCode: located.ministry.code } : {}),
});

export function checkSuspendClock(state: LifecycleState, input: SuspendClockInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'suspend_clock');
  if (actor) return actor;
  const found = runningClock(state, input, 'suspend_clock');
  if (found.refusal) return found.refusal;
  const { clock } = found;
  const since = clock.schedule?.suspension?.since;
  if (since) return refuse('clock_already_suspended', { ...named(clock), since });
  const ministry = clock.ministry;
  if (ministry && clock.clock === 'reply') {
    if (ministry.pendingExtension) {
      return refuse('extension_pending_suspension', {
        ministryCode: ministry.code,
        requestedAt: ministry.pendingExtension.requestedAt,
      });
    }
    if (ministry.pendingSuspension) {
      return refuse('suspension_pending', {
        action: 'suspend_clock',
        ministryCode: ministry.code,
        requestedAt: ministry.pendingSuspension.requestedAt,
      });
    }
  }
  return checkReason(input.reason, 'suspension', true);
}

export function checkResumeClock(state: LifecycleState, input: ResumeClockInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'resume_clock');
  if (actor) return actor;
  const found = runningClock(state, input, 'resume_clock');
  if (found.refusal) return found.refusal;
  if (!found.clock.schedule?.suspension) return refuse('clock_not_suspended', named(found.clock));
  return checkReason(input.note, 'note', false);
}

export function checkRequestSuspension(state: LifecycleState, input: RequestSuspensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['ministry_contact', 'coordinator'], 'request_suspension');
  if (actor) return actor;
  const found = runningClock(
    state,
    { clock: 'reply', ministryCode: input.ministryCode },
    'request_suspension',
  );
  if (found.refusal) return found.refusal;
  const ministry = found.clock.ministry!;
  const since = found.clock.schedule?.suspension?.since;
  if (since) return refuse('clock_already_suspended', { ...named(found.clock), since });
  if (ministry.pendingSuspension) {
    return refuse('suspension_pending', {
      action: 'request_suspension',
      ministryCode: ministry.code,
      requestedAt: ministry.pendingSuspension.requestedAt,
    });
  }
  if (ministry.pendingExtension) {
    return refuse('extension_pending_suspension', {
      ministryCode: ministry.code,
      requestedAt: ministry.pendingExtension.requestedAt,
    });
  }
  return checkReason(input.reason, 'suspension_request', true);
}

export function checkDecideSuspension(state: LifecycleState, input: DecideSuspensionInput): Refusal | null {
  const actor = checkActor(input?.actor, ['coordinator'], 'decide_suspension');
  if (actor) return actor;
  const found = sentMinistry(state, input.ministryCode, 'decide_suspension');
  if (found.refusal) return found.refusal;
  if (!found.ministry.pendingSuspension || !isOpenMinistry(found.ministry)) {
    return refuse('no_pending_suspension', { ministryCode: found.ministry.code });
  }
  if (input.decision !== 'grant' && input.decision !== 'refuse')
    return refuse('suspension_decision_unknown', {});
  return checkReason(input.reason, 'suspension_decision', input.decision === 'refuse');
}
