import { condition, patched } from '@temporalio/workflow';
import { clockStepKey } from '../shared/business-keys';
import { SYSTEM_ACTOR, type TimelineEventType } from '../shared/lifecycle';
import type { Audience, NotificationTemplate } from '../shared/notifications';
import { readModel } from './activity-stubs';
import { nowIso, type LifecycleContext } from './lifecycle-context';
import { notify } from './lifecycle-records';
import { publishSearchAttributes } from './lifecycle-search-attributes';
import { isTerminal } from './lifecycle-state';
import { CLOCK_SUSPENSION } from './patches';

/**
 * The clocks the signal's own workflow runs: the loket's review and the submitter's amendment, each a reminder
 * and one escalation at the deadline. (Ministry clocks run in their own child workflows.)
 */
interface ClockStep {
  key: string;
  at: string;
  clock: 'review' | 'amendment';
  kind: 'reminder' | 'escalation';
  dueAt: string;
}

/**
 * Waits for each step in turn until the signal ends; every decision makes it re-plan. Runs after start-up, so an
 * imported signal's missed escalation is decided once, from the state it was imported in.
 */
export async function runReviewClocks(ctx: LifecycleContext): Promise<void> {
  const fired = new Set<string>();
  const catchUpKey = missedEscalationKey(ctx);
  while (!isTerminal(ctx.state.status)) {
    const step = nextClockStep(ctx, fired, catchUpKey);
    const seen = ctx.changes;
    if (!step) {
      await condition(() => ctx.changes !== seen);
      continue;
    }
    const waitMs = Date.parse(step.at) - Date.now();
    if (waitMs > 0 && (await condition(() => ctx.changes !== seen, waitMs))) continue;
    await ctx.lock.run(async () => {
      // A decision queued before this step may have stopped or replaced the clock.
      if (nextClockStep(ctx, fired, catchUpKey)?.key !== step.key) return;
      fired.add(step.key);
      await fireClockStep(ctx, step);
    });
  }
}

/**
 * An imported signal whose review deadline passed before its workflow existed: that escalation goes out once, at
 * once, instead of never. Reminders stay unsent.
 */
function missedEscalationKey(ctx: LifecycleContext): string | null {
  const missed = currentClockSteps(ctx).find(
    (step) => step.kind === 'escalation' && Date.parse(step.at) < Date.parse(ctx.startedAt),
  );
  return missed?.key ?? null;
}

function nextClockStep(
  ctx: LifecycleContext,
  fired: Set<string>,
  catchUpKey: string | null,
): ClockStep | null {
  // Imported signals do not get reminders (nor, but for the one catch-up, escalations) for moments before the
  // workflow existed.
  return (
    currentClockSteps(ctx).find(
      (s) => !fired.has(s.key) && (s.key === catchUpKey || Date.parse(s.at) >= Date.parse(ctx.startedAt)),
    ) ?? null
  );
}

function currentClockSteps(ctx: LifecycleContext): ClockStep[] {
  const { state } = ctx;
  const clock =
    state.status === 'in_review'
      ? state.review
      : state.status === 'changes_requested'
        ? state.amendment
        : null;
  if (!clock || (clock.kind !== 'review' && clock.kind !== 'amendment')) return [];
  // A suspended clock sends nothing until it resumes, with its plan moved (and the same step keys, so what went
  // out before the suspension is not sent again).
  if (clock.suspension && patched(CLOCK_SUSPENSION)) return [];
  const steps: ClockStep[] = [];
  const base = `${clock.kind}-r${clock.revision}`;
  if (clock.reminderAt) {
    steps.push({
      key: `${base}-reminder`,
      at: clock.reminderAt,
      clock: clock.kind,
      kind: 'reminder',
      dueAt: clock.dueAt,
    });
  }
  steps.push({
    key: `${base}-escalation`,
    at: clock.dueAt,
    clock: clock.kind,
    kind: 'escalation',
    dueAt: clock.dueAt,
  });
  return steps;
}

async function fireClockStep(ctx: LifecycleContext, step: ClockStep): Promise<void> {
  const reminder = step.kind === 'reminder';
  const type: TimelineEventType = `${step.clock}_${reminder ? 'reminder' : 'escalated'}`;
  if (!reminder) {
    ctx.state.clockOverdue = true;
    publishSearchAttributes(ctx.state);
  }
  await readModel.recordClockEvent({
    signalId: ctx.state.signalId,
    event: {
      businessKey: clockStepKey(ctx.workflowId, step.key),
      type,
      actor: SYSTEM_ACTOR,
      at: nowIso(),
      data: {
        dueAt: step.dueAt,
        ...(Date.parse(step.at) < Date.parse(ctx.startedAt) ? { catchUp: true } : {}),
      },
    },
  });
  // Review waits on the loket (coordinators, then the lead); amendment on the submitter (then the coordinators).
  const audiences: Audience[] =
    step.clock === 'review'
      ? reminder
        ? ['coordinators']
        : ['lead']
      : reminder
        ? ['submitter']
        : ['coordinators'];
  const template: NotificationTemplate = `${step.clock}_${reminder ? 'reminder' : 'escalation'}`;
  await notify(ctx, template, audiences, { step: step.key, data: { dueAt: step.dueAt } });
}
