import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  allHandlersFinished,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { ministryCaseWorkflowId } from '../shared/ids';
import {
  acknowledgeUpdate,
  amendUpdate,
  clockFiredSignal,
  closeUpdate,
  DEFAULT_DEADLINE_POLICY,
  decideExtensionUpdate,
  extendDeadlineUpdate,
  INVALID_UPDATE_INPUT,
  recordReplyUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  statusQuery,
  syncMinistryCaseSignal,
  SYSTEM_ACTOR,
  withdrawUpdate,
  type AcknowledgeResult,
  type Actor,
  type ClockFired,
  type ClockSchedule,
  type DeadlinePolicy,
  type ExtensionRequest,
  type LifecycleSnapshot,
  type MinistryCaseInput,
  type PlanClockInput,
  type ReplyDeadlineResult,
  type SignalLifecycleInput,
  type TimelineEvent,
  type TimelineEventType,
  type TransitionResult,
} from '../shared/lifecycle';
import type { Audience, NotificationData, NotificationTemplate } from '../shared/notifications';
import {
  SignalMinistriesAttribute,
  SignalNextDeadlineAttribute,
  SignalOrganisationAttribute,
  SignalOverdueAttribute,
  SignalStatusAttribute,
} from '../shared/search-attributes';
import { checks, mail, readModel, startup } from './activity-stubs';
import * as rules from './lifecycle-rules';
import {
  findMinistry,
  isOpenMinistry,
  isTerminal,
  statusAfterReplies,
  toSnapshot,
  type LifecycleState,
  type MinistryState,
} from './lifecycle-state';
import { ministryCase } from './ministry-case';
import { Mutex } from './mutex';

const nowIso = (): string => new Date(Date.now()).toISOString();

interface PendingEvent {
  step: string;
  type: TimelineEventType;
  actor: Actor;
  ministryCode?: string;
  data?: Record<string, unknown>;
}

/**
 * One signal from submission to closure (DESIGN.md §1). The workflow holds the truth of the state: updates are
 * checked against it, applied, then written to the read model before the update answers, so a caller that reads
 * PostgreSQL after an update sees its effect. Review and amendment clocks run here; each addressed ministry gets a
 * child workflow with its own acknowledgement and reply clocks.
 */
export async function signalLifecycle(input: SignalLifecycleInput): Promise<LifecycleSnapshot> {
  const { workflowId } = workflowInfo();
  const startedAt = workflowInfo().startTime.toISOString();
  const state: LifecycleState = {
    signalId: input.signalId,
    organisationCode: input.organisationCode,
    policyName: input.policyName ?? 'default',
    status: 'submitted',
    submittedAt: input.imported?.submittedAt ?? startedAt,
    review: null,
    amendment: null,
    clockOverdue: false,
    sentAt: null,
    closedAt: null,
    ministries: [],
    version: 0,
  };
  let policy: DeadlinePolicy | undefined;
  const lock = new Mutex();
  /** Bumped on every decision so the clock loop re-plans its next wait. */
  let changes = 0;
  const firedClockSteps = new Set<string>();
  const children = new Map<string, ChildWorkflowHandle<typeof ministryCase>>();
  const childResults: Promise<void>[] = [];
  const childScope = new CancellationScope();

  const snapshot = (): LifecycleSnapshot => toSnapshot(state);
  const requirePolicy = (): DeadlinePolicy => {
    if (!policy) throw ApplicationFailure.nonRetryable('the deadline policy is not loaded yet');
    return policy;
  };

  // -- helpers ---------------------------------------------------------------------------------------------------

  function publishSearchAttributes(): void {
    const current = snapshot();
    upsertSearchAttributes([
      { key: SignalStatusAttribute, value: current.status },
      { key: SignalOrganisationAttribute, value: state.organisationCode },
      {
        key: SignalMinistriesAttribute,
        value: current.ministries.length > 0 ? current.ministries.map((m) => m.ministryCode) : null,
      },
      {
        key: SignalNextDeadlineAttribute,
        value: current.nextDeadlineAt ? new Date(current.nextDeadlineAt) : null,
      },
      { key: SignalOverdueAttribute, value: current.overdue },
    ]);
  }

  /** Records the transition just applied to `state`: version, read model, timeline, search attributes. */
  async function commit(events: PendingEvent[]): Promise<void> {
    state.version += 1;
    changes += 1;
    const at = nowIso();
    const timeline: TimelineEvent[] = events.map((event) => ({
      businessKey: `${workflowId}:v${state.version}:${event.step}`,
      type: event.type,
      actor: event.actor,
      at,
      ...(event.ministryCode ? { ministryCode: event.ministryCode } : {}),
      ...(event.data ? { data: event.data } : {}),
    }));
    publishSearchAttributes();
    await readModel.recordSignalState({ snapshot: snapshot(), events: timeline });
  }

  async function notify(
    template: NotificationTemplate,
    audiences: Audience[],
    options: { ministryCode?: string; data?: NotificationData; step?: string } = {},
  ): Promise<void> {
    const suffix = options.ministryCode ? `:${options.ministryCode}` : '';
    await mail.notify({
      businessKey: `${workflowId}:${options.step ?? `v${state.version}`}:${template}${suffix}`,
      signalId: state.signalId,
      template,
      audiences,
      ...(options.ministryCode ? { ministryCode: options.ministryCode } : {}),
      ...(options.data ? { data: options.data } : {}),
    });
  }

  /** Plans a clock; an impossible date becomes a refusal of the decision, with the activity's own reason. */
  async function plan(request: Omit<PlanClockInput, 'policy'>): Promise<ClockSchedule> {
    try {
      return await checks.planClock({ ...request, policy: requirePolicy() });
    } catch (error) {
      throw asRefusal(error);
    }
  }

  function syncChild(ministry: MinistryState): Promise<void> {
    const child = children.get(ministry.code);
    if (!child) return Promise.resolve();
    return child.signal(syncMinistryCaseSignal, {
      acknowledged: ministry.acknowledgedAt !== null,
      replied: ministry.status === 'replied',
      reply: ministry.reply,
      extensionPending: ministry.pendingExtension !== null,
    });
  }

  async function startMinistryCase(ministry: MinistryState): Promise<void> {
    const childInput: MinistryCaseInput = {
      signalId: state.signalId,
      ministryCode: ministry.code,
      policy: requirePolicy(),
      acknowledgement: ministry.ack,
      reply: ministry.reply,
      acknowledged: ministry.acknowledgedAt !== null,
    };
    const child = await childScope.run(() =>
      startChild(ministryCase, {
        workflowId: ministryCaseWorkflowId(state.signalId, ministry.code),
        args: [childInput],
        // A ministry's clocks never outlive the signal.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      }),
    );
    children.set(ministry.code, child);
    // The result only matters for withdrawal (awaited there); a cancelled child is expected, not an error.
    childResults.push(child.result().catch(() => undefined));
  }

  function newMinistry(
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
    };
  }

  function result(): TransitionResult {
    return { status: state.status, snapshot: snapshot() };
  }

  function requireMinistry(code: string): MinistryState {
    const ministry = findMinistry(state, code);
    if (!ministry) throw refusalFailure({ type: INVALID_UPDATE_INPUT, message: `unknown ministry ${code}` });
    return ministry;
  }

  /** Registers an update whose rule runs in the validator and again, in turn, in the handler. */
  function decide<R, I>(
    definition: UpdateDefinition<R, [I]>,
    check: (input: I) => rules.Refusal | null,
    apply: (input: I) => Promise<R>,
  ): void {
    setHandler(
      definition,
      (input: I) =>
        lock.run(async () => {
          const refusal = check(input);
          if (refusal) throw refusalFailure(refusal);
          return apply(input);
        }),
      {
        validator: (input: I) => {
          const refusal = check(input);
          if (refusal) throw refusalFailure(refusal);
        },
      },
    );
  }

  // -- queries and updates ---------------------------------------------------------------------------------------

  setHandler(statusQuery, snapshot);

  setHandler(clockFiredSignal, (fired: ClockFired) => {
    const ministry = findMinistry(state, fired.ministryCode);
    if (!ministry || fired.kind !== 'escalation') return;
    ministry.escalationCount += 1;
    if (fired.clock === 'acknowledgement' && ministry.status === 'awaiting_ack') ministry.ackOverdue = true;
    if (fired.clock === 'reply' && isOpenMinistry(ministry) && ministry.reply?.revision === fired.revision) {
      ministry.replyOverdue = true;
    }
    publishSearchAttributes();
  });

  decide(
    reviewUpdate,
    (i) => rules.checkReview(state, i),
    async (review): Promise<TransitionResult> => {
      if (review.decision === 'accept') {
        let codes: string[];
        try {
          codes = await checks.resolveMinistries({ ministryCodes: review.ministryCodes });
        } catch (error) {
          throw asRefusal(error);
        }
        const sentAt = nowIso();
        const ack = await plan({ kind: 'acknowledgement', startAt: sentAt, revision: 1 });
        const reply = await plan({ kind: 'reply', startAt: sentAt, revision: 1 });
        state.status = 'sent';
        state.sentAt = sentAt;
        state.clockOverdue = false;
        state.ministries = codes.map((code) => newMinistry(code, sentAt, ack, reply));
        await commit([
          {
            step: 'sent',
            type: 'sent',
            actor: review.actor,
            data: { ministryCodes: codes, ...(review.note ? { note: review.note } : {}) },
          },
        ]);
        for (const ministry of state.ministries) await startMinistryCase(ministry);
        for (const ministry of state.ministries) {
          await notify('ministry_request', ['ministry_contact'], {
            ministryCode: ministry.code,
            data: { dueAt: reply.dueAt },
          });
        }
        await notify('signal_sent', ['submitter'], { data: { ministryCodes: codes } });
        return result();
      }
      if (review.decision === 'request_changes') {
        const amendment = await plan({ kind: 'amendment', startAt: nowIso(), revision: state.version + 1 });
        state.status = 'changes_requested';
        state.amendment = amendment;
        state.clockOverdue = false;
        await commit([
          {
            step: 'changes_requested',
            type: 'changes_requested',
            actor: review.actor,
            data: { reason: review.reason, dueAt: amendment.dueAt },
          },
        ]);
        await notify('changes_requested', ['submitter'], { data: { dueAt: amendment.dueAt } });
        return result();
      }
      state.status = 'rejected';
      state.clockOverdue = false;
      await commit([
        { step: 'rejected', type: 'rejected', actor: review.actor, data: { reason: review.reason } },
      ]);
      await notify('signal_rejected', ['submitter']);
      return result();
    },
  );

  decide(
    amendUpdate,
    (i) => rules.checkAmend(state, i),
    async (amend): Promise<TransitionResult> => {
      const review = await plan({ kind: 'review', startAt: nowIso(), revision: state.version + 1 });
      state.status = 'in_review';
      state.review = review;
      state.clockOverdue = false;
      await commit([
        {
          step: 'amended',
          type: 'amended',
          actor: amend.actor,
          data: { reviewDueAt: review.dueAt, ...(amend.note ? { note: amend.note } : {}) },
        },
      ]);
      await notify('amendment_received', ['coordinators'], { data: { dueAt: review.dueAt } });
      return result();
    },
  );

  decide(
    withdrawUpdate,
    (i) => rules.checkWithdraw(state, i),
    async (withdraw): Promise<TransitionResult> => {
      const openMinistries = state.ministries.filter(isOpenMinistry);
      for (const ministry of openMinistries) {
        ministry.status = 'cancelled';
        ministry.pendingExtension = null;
      }
      state.status = 'withdrawn';
      state.clockOverdue = false;
      await commit([
        {
          step: 'withdrawn',
          type: 'withdrawn',
          actor: withdraw.actor,
          data: {
            ...(withdraw.reason ? { reason: withdraw.reason } : {}),
            cancelledMinistries: openMinistries.map((m) => m.code),
          },
        },
      ]);
      // Cancelling the scope cancels every child and, with it, every timer it was waiting on.
      childScope.cancel();
      await Promise.all(childResults);
      await notify('signal_withdrawn', ['submitter', 'coordinators']);
      for (const ministry of openMinistries) {
        await notify('ministry_withdrawn', ['ministry_contact'], { ministryCode: ministry.code });
      }
      return result();
    },
  );

  decide(
    acknowledgeUpdate,
    (i) => rules.checkAcknowledge(state, i),
    async (ack): Promise<AcknowledgeResult> => {
      const ministry = requireMinistry(ack.ministryCode);
      if (ministry.acknowledgedAt) {
        return {
          ministryCode: ministry.code,
          acknowledgedAt: ministry.acknowledgedAt,
          alreadyAcknowledged: true,
        };
      }
      ministry.acknowledgedAt = nowIso();
      ministry.status = 'acknowledged';
      ministry.ackOverdue = false;
      const late =
        ministry.ack !== null && Date.parse(ministry.acknowledgedAt) > Date.parse(ministry.ack.dueAt);
      await commit([
        {
          step: `acknowledged:${ministry.code}`,
          type: 'acknowledged',
          actor: ack.actor,
          ministryCode: ministry.code,
          data: { late, ...(ministry.ack ? { dueAt: ministry.ack.dueAt } : {}) },
        },
      ]);
      await syncChild(ministry);
      return {
        ministryCode: ministry.code,
        acknowledgedAt: ministry.acknowledgedAt,
        alreadyAcknowledged: false,
      };
    },
  );

  decide(
    requestExtensionUpdate,
    (i) => rules.checkRequestExtension(state, i),
    async (request): Promise<ExtensionRequest> => {
      const ministry = requireMinistry(request.ministryCode);
      const current = ministry.reply!;
      const requestedAt = nowIso();
      const planned = await plan({
        kind: 'reply',
        startAt: requestedAt,
        override:
          request.dueDate !== undefined
            ? { dueDate: request.dueDate }
            : { extraWorkingDays: request.extraWorkingDays, from: current.dueAt },
      });
      if (Date.parse(planned.dueAt) <= Date.parse(current.dueAt)) {
        throw refusalFailure({
          type: INVALID_UPDATE_INPUT,
          message: `the requested date ${planned.dueDate} is not later than the current reply deadline ${current.dueDate}`,
        });
      }
      const extension: ExtensionRequest = {
        ministryCode: ministry.code,
        reason: request.reason,
        requestedAt,
        requestedDueDate: planned.dueDate,
        requestedDueAt: planned.dueAt,
        requestedBy: request.actor,
      };
      const events: PendingEvent[] = [];
      // Asking for more time shows the request arrived: it counts as the acknowledgement.
      if (!ministry.acknowledgedAt) {
        ministry.acknowledgedAt = requestedAt;
        ministry.ackOverdue = false;
        events.push({
          step: `acknowledged:${ministry.code}`,
          type: 'acknowledged',
          actor: request.actor,
          ministryCode: ministry.code,
          data: { viaExtensionRequest: true },
        });
      }
      ministry.status = 'extension_requested';
      ministry.pendingExtension = extension;
      events.push({
        step: `extension_requested:${ministry.code}`,
        type: 'extension_requested',
        actor: request.actor,
        ministryCode: ministry.code,
        data: { reason: request.reason, requestedDueAt: planned.dueAt, currentDueAt: current.dueAt },
      });
      await commit(events);
      await syncChild(ministry);
      await notify('extension_requested', ['coordinators'], {
        ministryCode: ministry.code,
        data: { dueAt: planned.dueAt, previousDueAt: current.dueAt },
      });
      return extension;
    },
  );

  decide(
    decideExtensionUpdate,
    (i) => rules.checkDecideExtension(state, i),
    async (decision): Promise<ReplyDeadlineResult> => {
      const ministry = requireMinistry(decision.ministryCode);
      const request = ministry.pendingExtension!;
      const previous = ministry.reply!;
      if (decision.decision === 'approve') {
        ministry.reply = await plan({
          kind: 'reply',
          startAt: nowIso(),
          revision: previous.revision + 1,
          override: { dueDate: request.requestedDueDate },
        });
        ministry.extensionCount += 1;
        ministry.replyOverdue = false;
      }
      ministry.pendingExtension = null;
      ministry.status = 'acknowledged';
      const approved = decision.decision === 'approve';
      await commit([
        {
          step: `extension_${approved ? 'approved' : 'refused'}:${ministry.code}`,
          type: approved ? 'extension_approved' : 'extension_refused',
          actor: decision.actor,
          ministryCode: ministry.code,
          data: {
            dueAt: ministry.reply!.dueAt,
            previousDueAt: previous.dueAt,
            requestedDueAt: request.requestedDueAt,
            ...(decision.reason ? { reason: decision.reason } : {}),
          },
        },
      ]);
      await syncChild(ministry);
      await notify('extension_decided', ['ministry_contact'], {
        ministryCode: ministry.code,
        data: { decision: decision.decision, dueAt: ministry.reply!.dueAt, previousDueAt: previous.dueAt },
      });
      return { ministryCode: ministry.code, replyDueAt: ministry.reply!.dueAt, snapshot: snapshot() };
    },
  );

  decide(
    extendDeadlineUpdate,
    (i) => rules.checkExtendDeadline(state, i),
    async (extend): Promise<ReplyDeadlineResult> => {
      const ministry = requireMinistry(extend.ministryCode);
      const previous = ministry.reply!;
      const next = await plan({
        kind: 'reply',
        startAt: nowIso(),
        revision: previous.revision + 1,
        override:
          extend.dueDate !== undefined
            ? { dueDate: extend.dueDate }
            : { extraWorkingDays: extend.extraWorkingDays, from: previous.dueAt },
      });
      if (Date.parse(next.dueAt) <= Date.parse(previous.dueAt)) {
        throw refusalFailure({
          type: INVALID_UPDATE_INPUT,
          message: `the new date ${next.dueDate} is not later than the current reply deadline ${previous.dueDate}`,
        });
      }
      const supersededRequest = ministry.pendingExtension;
      ministry.reply = next;
      ministry.extensionCount += 1;
      ministry.replyOverdue = false;
      ministry.pendingExtension = null;
      if (ministry.status === 'extension_requested') ministry.status = 'acknowledged';
      await commit([
        {
          step: `deadline_extended:${ministry.code}`,
          type: 'deadline_extended',
          actor: extend.actor,
          ministryCode: ministry.code,
          data: {
            dueAt: next.dueAt,
            previousDueAt: previous.dueAt,
            reason: extend.reason,
            ...(supersededRequest ? { supersededRequestAt: supersededRequest.requestedAt } : {}),
          },
        },
      ]);
      await syncChild(ministry);
      await notify('deadline_extended', ['ministry_contact'], {
        ministryCode: ministry.code,
        data: { dueAt: next.dueAt, previousDueAt: previous.dueAt },
      });
      return { ministryCode: ministry.code, replyDueAt: next.dueAt, snapshot: snapshot() };
    },
  );

  decide(
    recordReplyUpdate,
    (i) => rules.checkRecordReply(state, i, Date.now()),
    async (reply): Promise<TransitionResult> => {
      try {
        await checks.verifyReply({ signalId: state.signalId, replyId: reply.replyId });
      } catch (error) {
        throw asRefusal(error);
      }
      const receivedAt = reply.receivedAt ? new Date(reply.receivedAt).toISOString() : nowIso();
      const answered = reply.ministryCodes.map(requireMinistry);
      for (const ministry of answered) {
        ministry.status = 'replied';
        ministry.repliedAt = receivedAt;
        ministry.replyId = reply.replyId;
        ministry.acknowledgedAt ??= receivedAt;
        ministry.pendingExtension = null;
        ministry.ackOverdue = false;
        ministry.replyOverdue = false;
      }
      state.status = statusAfterReplies(state);
      const codes = answered.map((m) => m.code);
      await commit([
        {
          step: `reply_received:${codes.join('+')}`,
          type: 'reply_received',
          actor: reply.actor,
          ...(codes.length === 1 ? { ministryCode: codes[0] } : {}),
          data: {
            ministryCodes: codes,
            channel: reply.channel,
            replyId: reply.replyId,
            receivedAt,
            joint: codes.length > 1,
          },
        },
      ]);
      for (const ministry of answered) await syncChild(ministry);
      await notify('reply_received', ['coordinators'], {
        data: { ministryCodes: codes, channel: reply.channel, replyId: reply.replyId },
      });
      return result();
    },
  );

  decide(
    closeUpdate,
    (i) => rules.checkClose(state, i),
    async (close): Promise<TransitionResult> => {
      state.status = 'closed';
      state.closedAt = nowIso();
      await commit([
        { step: 'closed', type: 'closed', actor: close.actor, data: close.note ? { note: close.note } : {} },
      ]);
      await notify('signal_closed', ['submitter']);
      return result();
    },
  );

  // -- start -----------------------------------------------------------------------------------------------------

  await lock.run(async () => {
    policy = await loadPolicyOrDefaults(input.policyName);
    if (input.imported) await importState(input.imported);
    else await submit();
  });

  async function submit(): Promise<void> {
    state.review = await startup.planClock({
      kind: 'review',
      startAt: startedAt,
      policy: requirePolicy(),
      revision: 1,
    });
    state.status = 'in_review';
    const submitter: Actor = { type: 'submitter', label: state.organisationCode };
    await commit([
      { step: 'submitted', type: 'submitted', actor: submitter },
      {
        step: 'review_started',
        type: 'review_started',
        actor: SYSTEM_ACTOR,
        data: { dueAt: state.review.dueAt },
      },
    ]);
    await notify('submission_received', ['submitter', 'coordinators'], {
      data: { dueAt: state.review.dueAt },
    });
  }

  /** Historical signals start where they stand, without "new signal" mails and without retroactive reminders. */
  async function importState(imported: NonNullable<SignalLifecycleInput['imported']>): Promise<void> {
    const activePolicy = requirePolicy();
    if (imported.stage === 'in_review') {
      state.review = await startup.planClock({
        kind: 'review',
        startAt: imported.submittedAt,
        policy: activePolicy,
        revision: 1,
      });
      state.status = 'in_review';
      state.clockOverdue = Date.parse(state.review.dueAt) < Date.now();
    } else {
      const sentAt = imported.sentAt ?? imported.submittedAt;
      const records = imported.ministries ?? [];
      const codes = await startup.resolveMinistries({ ministryCodes: records.map((m) => m.ministryCode) });
      const ack = await startup.planClock({
        kind: 'acknowledgement',
        startAt: sentAt,
        policy: activePolicy,
        revision: 1,
      });
      state.sentAt = sentAt;
      for (const [index, record] of records.entries()) {
        const reply = await startup.planClock({
          kind: 'reply',
          startAt: sentAt,
          policy: activePolicy,
          revision: 1,
          ...(record.replyDueAt ? { override: { dueAt: record.replyDueAt } } : {}),
        });
        const ministry = newMinistry(codes[index]!, sentAt, ack, reply);
        if (record.acknowledgedAt) {
          ministry.acknowledgedAt = record.acknowledgedAt;
          ministry.status = 'acknowledged';
        }
        if (record.repliedAt && record.replyId) {
          ministry.status = 'replied';
          ministry.repliedAt = record.repliedAt;
          ministry.replyId = record.replyId;
          ministry.acknowledgedAt ??= record.repliedAt;
        }
        const now = Date.now();
        ministry.ackOverdue = ministry.status === 'awaiting_ack' && Date.parse(ack.dueAt) < now;
        ministry.replyOverdue = isOpenMinistry(ministry) && Date.parse(reply.dueAt) < now;
        state.ministries.push(ministry);
      }
      state.status = imported.stage === 'closed' ? 'closed' : statusAfterReplies(state);
      if (imported.stage === 'closed') state.closedAt = imported.closedAt ?? nowIso();
    }
    await commit([
      {
        step: 'imported',
        type: 'imported',
        actor: SYSTEM_ACTOR,
        data: { stage: imported.stage, submittedAt: imported.submittedAt },
      },
    ]);
    if (!isTerminal(state.status)) {
      for (const ministry of state.ministries.filter(isOpenMinistry)) await startMinistryCase(ministry);
    }
  }

  // -- the review and amendment clocks ---------------------------------------------------------------------------

  while (!isTerminal(state.status)) {
    const step = nextClockStep();
    const seen = changes;
    if (!step) {
      await condition(() => changes !== seen);
      continue;
    }
    const waitMs = Date.parse(step.at) - Date.now();
    if (waitMs > 0 && (await condition(() => changes !== seen, waitMs))) continue;
    await lock.run(async () => {
      // A decision queued before this step may have stopped or replaced the clock.
      if (nextClockStep()?.key !== step.key) return;
      firedClockSteps.add(step.key);
      await fireClockStep(step);
    });
  }

  interface ClockStep {
    key: string;
    at: string;
    clock: 'review' | 'amendment';
    kind: 'reminder' | 'escalation';
    dueAt: string;
  }

  function nextClockStep(): ClockStep | null {
    const clock =
      state.status === 'in_review'
        ? state.review
        : state.status === 'changes_requested'
          ? state.amendment
          : null;
    if (!clock || (clock.kind !== 'review' && clock.kind !== 'amendment')) return null;
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
    // Imported signals do not get reminders for moments before the workflow existed.
    return (
      steps.find((s) => !firedClockSteps.has(s.key) && Date.parse(s.at) >= Date.parse(startedAt)) ?? null
    );
  }

  async function fireClockStep(step: ClockStep): Promise<void> {
    const reminder = step.kind === 'reminder';
    const type: TimelineEventType = `${step.clock}_${reminder ? 'reminder' : 'escalated'}`;
    if (!reminder) {
      state.clockOverdue = true;
      publishSearchAttributes();
    }
    await readModel.recordClockEvent({
      signalId: state.signalId,
      event: {
        businessKey: `${workflowId}:${step.key}`,
        type,
        actor: SYSTEM_ACTOR,
        at: nowIso(),
        data: { dueAt: step.dueAt },
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
    await notify(template, audiences, { step: step.key, data: { dueAt: step.dueAt } });
  }

  await condition(allHandlersFinished);
  return snapshot();
}

/**
 * A stored policy that cannot be read (the admin CLI validates, so this means a hand-edited row) must not fail
 * every new signal: the lifecycle runs on the built-in defaults and says so in the worker log.
 */
async function loadPolicyOrDefaults(policyName: string | undefined): Promise<DeadlinePolicy> {
  try {
    return await startup.loadPolicy({ policyName });
  } catch (error) {
    if (
      error instanceof ActivityFailure &&
      error.cause instanceof ApplicationFailure &&
      error.cause.nonRetryable
    ) {
      log.warn('deadline policy unreadable; using the defaults', { policyName, reason: error.cause.message });
      return DEFAULT_DEADLINE_POLICY;
    }
    throw error;
  }
}

function refusalFailure(refusal: rules.Refusal): ApplicationFailure {
  return ApplicationFailure.create({ type: refusal.type, message: refusal.message, nonRetryable: true });
}

/** A business error from an activity (unknown ministry, impossible date) refuses the decision with its reason. */
function asRefusal(error: unknown): unknown {
  if (
    error instanceof ActivityFailure &&
    error.cause instanceof ApplicationFailure &&
    error.cause.nonRetryable
  ) {
    return refusalFailure({ type: INVALID_UPDATE_INPUT, message: error.cause.message });
  }
  return error;
}
