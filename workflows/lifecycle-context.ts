import { ApplicationFailure } from '@temporalio/workflow';
import {
  type ClockSchedule,
  type DeadlinePolicy,
  type LifecycleSnapshot,
  type TransitionResult,
} from '../shared/lifecycle';
import { findMinistry, toSnapshot, type LifecycleState, type MinistryState } from './lifecycle-state';
import { refuse } from './lifecycle-rules';
import { Mutex } from './mutex';
import { refusalFailure } from './refusals';

/**
 * What every part of one signal's workflow shares: the state the updates are checked against, the deadline
 * policy once loaded, and the lock that serialises decisions and clock steps.
 */
export interface LifecycleContext {
  readonly workflowId: string;
  /** When this workflow started; clock steps planned for before it are not sent after the fact. */
  readonly startedAt: string;
  readonly state: LifecycleState;
  policy: DeadlinePolicy | undefined;
  /**
   * Start-up is done: the policy is loaded and the state is the signal's own (in review, or an imported signal at
   * its stage). Until then no rule can be checked against the state.
   */
  started: boolean;
  readonly lock: Mutex;
  /** Bumped on every decision so the clock loop re-plans its next wait. */
  changes: number;
}

export function createContext(
  workflowId: string,
  startedAt: string,
  state: LifecycleState,
): LifecycleContext {
  return {
    workflowId,
    startedAt,
    state,
    policy: undefined,
    started: false,
    lock: new Mutex(),
    changes: 0,
  };
}

export const nowIso = (): string => new Date(Date.now()).toISOString();

export function snapshotOf(ctx: LifecycleContext): LifecycleSnapshot {
  return toSnapshot(ctx.state);
}

export function transitionResult(ctx: LifecycleContext): TransitionResult {
  return { status: ctx.state.status, snapshot: snapshotOf(ctx) };
}

export function requirePolicy(ctx: LifecycleContext): DeadlinePolicy {
  if (!ctx.policy) throw ApplicationFailure.nonRetryable('the deadline policy is not loaded yet');
  return ctx.policy;
}

export function requireMinistry(ctx: LifecycleContext, code: string): MinistryState {
  const ministry = findMinistry(ctx.state, code);
  if (!ministry) throw refusalFailure(refuse('ministry_not_addressed', { ministryCode: code }));
  return ministry;
}

export function newMinistry(
  code: string,
  sentAt: string,
  ack: ClockSchedule,
  reply: ClockSchedule,
): MinistryState {
  return {
    code,
    status: 'awaiting_ack',
    sentAt,
    ack,
    reply,
    acknowledgedAt: null,
    repliedAt: null,
    replyId: null,
    extensionCount: 0,
    escalationCount: 0,
    ackOverdue: false,
    replyOverdue: false,
    pendingExtension: null,
    replyForwardedAt: null,
  };
}
