import { condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { clockStepKey } from '../shared/business-keys';
import type { FollowUpSchedule } from '../shared/follow-up';
import {
  syncMinistryCaseSignal,
  SYSTEM_ACTOR,
  type MinistryCaseInput,
  type TimelineEventType,
} from '../shared/lifecycle';
import type { Audience, NotificationTemplate } from '../shared/notifications';
import { mail, readModel } from './activity-stubs';

interface FollowUpStep {
  key: string;
  at: string;
  kind: 'request' | 'reminder' | 'escalation';
  level: number;
}

function stepsOf(schedule: FollowUpSchedule): FollowUpStep[] {
  return [
    { key: 'follow-up-request', at: schedule.requestAt, kind: 'request', level: 0 },
    ...(schedule.reminderAt
      ? [{ key: 'follow-up-reminder', at: schedule.reminderAt, kind: 'reminder' as const, level: 0 }]
      : []),
    ...schedule.escalationsAt.map((at, index) => ({
      key: `follow-up-escalation-${index + 1}`,
      at,
      kind: 'escalation' as const,
      level: index + 1,
    })),
  ];
}

const EVENTS: Record<FollowUpStep['kind'], TimelineEventType> = {
  request: 'follow_up_requested',
  reminder: 'follow_up_reminder',
  escalation: 'follow_up_escalated',
};
const TEMPLATES: Record<FollowUpStep['kind'], NotificationTemplate> = {
  request: 'follow_up_request',
  reminder: 'follow_up_reminder',
  escalation: 'follow_up_escalation',
};

/**
 * A ministry's follow-up run (docs/architecture.md#follow-up): asks the contact for a progress report at the
 * planned moment, reminds, and escalates to the ministry's escalation contact and the coordinators (the loket lead
 * from the policy's level on), until the parent reports that the ministry reported. Waits, tells, and writes the
 * timeline; the parent decides. Ends when reported, or is cancelled with the signal.
 */
export async function followUpCase(input: MinistryCaseInput, schedule: FollowUpSchedule): Promise<void> {
  const { workflowId } = workflowInfo();
  let reported = false;
  setHandler(syncMinistryCaseSignal, (next) => {
    if (next.followUpReported) reported = true;
  });
  for (const step of stepsOf(schedule)) {
    const waitMs = Date.parse(step.at) - Date.now();
    if (waitMs > 0 && (await condition(() => reported, waitMs))) return;
    if (reported) return;
    await fire(step);
  }
  await condition(() => reported);

  async function fire(step: FollowUpStep): Promise<void> {
    const businessKey = clockStepKey(workflowId, step.key);
    const audiences: Audience[] =
      step.kind !== 'escalation'
        ? ['ministry_contact']
        : step.level >= input.policy.leadFromEscalation
          ? ['ministry_escalation', 'coordinators', 'lead']
          : ['ministry_escalation', 'coordinators'];
    await readModel.recordClockEvent({
      signalId: input.signalId,
      event: {
        businessKey,
        type: EVENTS[step.kind],
        ministryCode: input.ministryCode,
        actor: SYSTEM_ACTOR,
        at: new Date(Date.now()).toISOString(),
        data: { dueAt: schedule.dueAt, ...(step.kind === 'escalation' ? { level: step.level } : {}) },
      },
    });
    await mail.notify({
      businessKey,
      signalId: input.signalId,
      ministryCode: input.ministryCode,
      template: TEMPLATES[step.kind],
      audiences,
      data: {
        dueAt: schedule.dueAt,
        ...(step.kind === 'escalation' ? { escalationLevel: step.level } : {}),
      },
    });
  }
}
