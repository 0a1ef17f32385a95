import { deadlineDay } from '../../shared/deadline-day';
import {
  decideSuspensionUpdate,
  resumeClockUpdate,
  suspendClockUpdate,
  type ClockRef,
  type ClockResult,
} from '../../shared/lifecycle';
import type { RouteResult } from '../http/route';
import { decideOn, ok, prepare, type ActionContext, type VisibleSignal } from '../signals/actions';
import { decidedOrThrow } from '../workflow/updates';
import type { ResumeBody, SuspendBody, SuspensionDecisionBody } from './schemas';

/** The clock's answer: the signal as a transition result, plus the clock's deadline and suspension now. */
function clockAnswer(context: ActionContext, signal: VisibleSignal, result: ClockResult): RouteResult {
  return ok(context, signal, result.snapshot, {
    clock: result.clock,
    ministryCode: result.ministryCode,
    dueAt: result.dueAt,
    dueOn: deadlineDay(result.dueAt),
    suspendedSince: result.suspendedSince,
    ...(result.workingDaysGivenBack !== undefined
      ? { workingDaysGivenBack: result.workingDaysGivenBack }
      : {}),
  });
}

export async function suspendClock(
  context: ActionContext,
  clock: ClockRef,
  body: SuspendBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  const result = decidedOrThrow(
    await decideOn(context, signal, suspendClockUpdate, { ...clock, reason: body.reason }),
  );
  return clockAnswer(context, signal, result);
}

export async function resumeClock(
  context: ActionContext,
  clock: ClockRef,
  body: ResumeBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  const result = decidedOrThrow(
    await decideOn(context, signal, resumeClockUpdate, {
      ...clock,
      ...(body.note ? { note: body.note } : {}),
    }),
  );
  return clockAnswer(context, signal, result);
}

export async function decideSuspension(
  context: ActionContext,
  ministryCode: string,
  body: SuspensionDecisionBody,
): Promise<RouteResult> {
  const signal = await prepare(context);
  const result = decidedOrThrow(
    await decideOn(context, signal, decideSuspensionUpdate, {
      ministryCode,
      decision: body.decision,
      ...(body.reason ? { reason: body.reason } : {}),
    }),
  );
  return clockAnswer(context, signal, result);
}
