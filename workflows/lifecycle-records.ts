import type {
  Actor,
  ClockSchedule,
  PlanClockInput,
  TimelineEvent,
  TimelineEventType,
} from '../shared/lifecycle';
import { notificationKey, timelineEventKey } from '../shared/business-keys';
import type { Audience, NotificationData, NotificationTemplate } from '../shared/notifications';
import { checks, mail, readModel } from './activity-stubs';
import { nowIso, requirePolicy, snapshotOf, type LifecycleContext } from './lifecycle-context';
import { publishSearchAttributes } from './lifecycle-search-attributes';
import { asRefusal } from './refusals';

/**
 * What a decision leaves behind: the read model and timeline (idempotent by version and business key), the search
 * attributes, and its mails (by business key); plus the clock planning a decision depends on.
 */

export interface PendingEvent {
  step: string;
  type: TimelineEventType;
  actor: Actor;
  ministryCode?: string;
  data?: Record<string, unknown>;
}

/** Records the transition just applied to the state: version, read model, timeline, search attributes. */
export async function commit(ctx: LifecycleContext, events: PendingEvent[]): Promise<void> {
  const { state } = ctx;
  state.version += 1;
  ctx.changes += 1;
  const at = nowIso();
  const timeline: TimelineEvent[] = events.map((event) => ({
    businessKey: timelineEventKey(ctx.workflowId, state.version, event.step),
    type: event.type,
    actor: event.actor,
    at,
    ...(event.ministryCode ? { ministryCode: event.ministryCode } : {}),
    ...(event.data ? { data: event.data } : {}),
  }));
  publishSearchAttributes(state);
  await readModel.recordSignalState({ snapshot: snapshotOf(ctx), events: timeline });
}

export async function notify(
  ctx: LifecycleContext,
  template: NotificationTemplate,
  audiences: Audience[],
  options: { ministryCode?: string; data?: NotificationData; step?: string } = {},
): Promise<void> {
  await mail.notify({
    businessKey: notificationKey(
      ctx.workflowId,
      options.step ?? `v${ctx.state.version}`,
      template,
      options.ministryCode,
    ),
    signalId: ctx.state.signalId,
    template,
    audiences,
    ...(options.ministryCode ? { ministryCode: options.ministryCode } : {}),
    ...(options.data ? { data: options.data } : {}),
  });
}

/** Plans a clock; an impossible date becomes a refusal of the decision, with the activity's own reason. */
export async function plan(
  ctx: LifecycleContext,
  request: Omit<PlanClockInput, 'policy'>,
): Promise<ClockSchedule> {
  try {
    return await checks.planClock({ ...request, policy: requirePolicy(ctx) });
  } catch (error) {
    throw asRefusal(error);
  }
}
