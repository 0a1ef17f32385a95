import {
  condition,
  getExternalWorkflowHandle,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  clockFiredSignal,
  syncMinistryCaseSignal,
  SYSTEM_ACTOR,
  type ClockFired,
  type ClockSchedule,
  type MinistryCaseInput,
  type MinistryCaseSync,
  type TimelineEventType,
} from '../shared/lifecycle';
import { clockStepKey } from '../shared/business-keys';
import type { Audience, NotificationTemplate } from '../shared/notifications';
import { mail, readModel } from './activity-stubs';
import { CLOCK_SUSPENSION, RECOMMENDATION_OUTCOMES } from './patches';
import { followUpCase } from './follow-up-case';

interface ClockStep {
  key: string;
  at: string;
  clock: 'acknowledgement' | 'reply';
  kind: 'reminder' | 'escalation';
  level: number;
  schedule: ClockSchedule;
  /** Planned for before this case existed and sent once, at its start (an imported, overdue ministry). */
  catchUp?: boolean;
}

function stepsOf(schedule: ClockSchedule, clock: ClockStep['clock']): ClockStep[] {
  const prefix = `${clock === 'acknowledgement' ? 'ack' : 'reply'}-r${schedule.revision}`;
  const steps: ClockStep[] = [];
  if (schedule.reminderAt) {
    steps.push({
      key: `${prefix}-reminder`,
      at: schedule.reminderAt,
      clock,
      kind: 'reminder',
      level: 0,
      schedule,
    });
  }
  schedule.escalationsAt.forEach((at, index) => {
    steps.push({
      key: `${prefix}-escalation-${index + 1}`,
      at,
      clock,
      kind: 'escalation',
      level: index + 1,
      schedule,
    });
  });
  return steps;
}

/**
 * One addressed ministry's clocks: acknowledgement and reply, each with a reminder before and a ladder of
 * escalations from the deadline on (ministry escalation contact and coordinators; the loket lead from the
 * policy's level on). The parent decides; this workflow only waits, tells, and reports each step back.
 * It ends when the ministry replied, or is cancelled with its timers when the signal is withdrawn.
 */
export async function ministryCase(input: MinistryCaseInput): Promise<void> {
  // The follow-up of adopted recommendations is a run of its own, started after the case's run ended.
  if (input.followUp && patched(RECOMMENDATION_OUTCOMES)) return followUpCase(input, input.followUp);
  const info = workflowInfo();
  const parent = info.parent;
  const startedAtMs = info.startTime.getTime();
  let sync: MinistryCaseSync = { acknowledged: input.acknowledged, replied: false, reply: input.reply };
  let changes = 0;
  let escalations = 0;
  const fired = new Set<string>();

  setHandler(syncMinistryCaseSignal, (next) => {
    sync = next;
    changes += 1;
  });

  /**
   * While the ministry's extension request (or its request to suspend the reply clock) awaits the coordinator, its
   * reply escalations wait too (the reminder still goes). The decision ends the wait: approved, a new plan replaces
   * them (or the clock stands still); refused, what fell due meanwhile goes out at once.
   */
  function waitsForExtensionDecision(step: ClockStep): boolean {
    return (
      step.clock === 'reply' &&
      step.kind === 'escalation' &&
      (sync.extensionPending === true || (sync.suspensionPending === true && patched(CLOCK_SUSPENSION)))
    );
  }

  /** The acknowledgement plan as the parent last sent it (suspended, or moved on resumption), else the start's. */
  function acknowledgementPlan(): ClockSchedule | null {
    return sync.acknowledgement !== undefined ? sync.acknowledgement : input.acknowledgement;
  }

  /** A suspended plan sends nothing until the parent sends it again, resumed and moved. */
  function standsStill(schedule: ClockSchedule): boolean {
    return schedule.suspension !== undefined && patched(CLOCK_SUSPENSION);
  }

  function openSteps(): ClockStep[] {
    const steps: ClockStep[] = [];
    const acknowledgement = acknowledgementPlan();
    if (!sync.acknowledged && acknowledgement && !standsStill(acknowledgement))
      steps.push(...stepsOf(acknowledgement, 'acknowledgement'));
    if (sync.reply && !standsStill(sync.reply)) steps.push(...stepsOf(sync.reply, 'reply'));
    return steps;
  }

  /** The step's clock was suspended by a sync that came with its timer: it waits for the resumption instead. */
  function suspendedMeanwhile(step: ClockStep): boolean {
    const plan = step.clock === 'reply' ? sync.reply : acknowledgementPlan();
    return plan !== null && standsStill(plan);
  }

  /**
   * An imported ministry whose deadline passed before this case existed gets one escalation at once: the latest
   * one planned for before the start (so its recipients are that rung of the ladder's), not every one it missed.
   * Chosen once, from the start input.
   */
  const catchUp = ((): ClockStep | null => {
    const missed = openSteps()
      .filter((step) => step.kind === 'escalation' && Date.parse(step.at) < startedAtMs)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.clock === 'reply' ? 1 : -1));
    const latest = missed[missed.length - 1];
    return latest ? { ...latest, catchUp: true } : null;
  })();

  function nextStep(): ClockStep | null {
    const steps = openSteps();
    // A decision since the start (acknowledged, a new reply plan, a pending extension) may have settled it.
    if (
      catchUp &&
      !fired.has(catchUp.key) &&
      steps.some((step) => step.key === catchUp.key) &&
      !waitsForExtensionDecision(catchUp)
    ) {
      return catchUp;
    }
    // Other steps planned for before this case existed (imported signals) are not sent after the fact.
    const pending = steps.filter(
      (step) =>
        !fired.has(step.key) && Date.parse(step.at) >= startedAtMs && !waitsForExtensionDecision(step),
    );
    pending.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return pending[0] ?? null;
  }

  while (!sync.replied) {
    const step = nextStep();
    const seen = changes;
    if (!step) {
      await condition(() => changes !== seen);
      continue;
    }
    const waitMs = Date.parse(step.at) - Date.now();
    if (waitMs > 0 && (await condition(() => changes !== seen, waitMs))) continue;
    if (suspendedMeanwhile(step)) continue;
    fired.add(step.key);
    await fire(step);
  }

  async function fire(step: ClockStep): Promise<void> {
    const at = new Date(Date.now()).toISOString();
    const reminder = step.kind === 'reminder';
    if (!reminder) escalations += 1;
    const prefix = step.clock === 'acknowledgement' ? 'ack' : 'reply';
    const type: TimelineEventType = `${prefix}_${reminder ? 'reminder' : 'escalated'}`;
    const template: NotificationTemplate = `${prefix}_${reminder ? 'reminder' : 'escalation'}`;
    const audiences: Audience[] = reminder
      ? ['ministry_contact']
      : step.level >= input.policy.leadFromEscalation
        ? ['ministry_escalation', 'coordinators', 'lead']
        : ['ministry_escalation', 'coordinators'];
    const businessKey = clockStepKey(info.workflowId, step.key);
    await readModel.recordClockEvent({
      signalId: input.signalId,
      event: {
        businessKey,
        type,
        ministryCode: input.ministryCode,
        actor: SYSTEM_ACTOR,
        at,
        data: {
          dueAt: step.schedule.dueAt,
          ...(reminder ? {} : { level: step.level }),
          ...(step.catchUp ? { catchUp: true } : {}),
        },
      },
      ...(reminder ? {} : { escalationCount: escalations }),
    });
    await mail.notify({
      businessKey,
      signalId: input.signalId,
      ministryCode: input.ministryCode,
      template,
      audiences,
      data: { dueAt: step.schedule.dueAt, ...(reminder ? {} : { escalationLevel: step.level }) },
    });
    if (parent) {
      const report: ClockFired = {
        ministryCode: input.ministryCode,
        clock: step.clock,
        kind: step.kind,
        level: step.level,
        revision: step.schedule.revision,
        at,
      };
      try {
        await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(clockFiredSignal, report);
      } catch {
        // The signal's workflow ended meanwhile (a reply crossed this step): the event and mail stand on their own,
        // and a ministry case must not fail over a report nobody can receive.
      }
    }
  }
}
