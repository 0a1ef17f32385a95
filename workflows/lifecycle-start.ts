import { ActivityFailure, ApplicationFailure, log } from '@temporalio/workflow';
import {
  DEFAULT_DEADLINE_POLICY,
  SYSTEM_ACTOR,
  type Actor,
  type DeadlinePolicy,
  type SignalLifecycleInput,
} from '../shared/lifecycle';
import { startup } from './activity-stubs';
import { newMinistry, nowIso, requirePolicy, type LifecycleContext } from './lifecycle-context';
import { commit, notify } from './lifecycle-records';
import { isOpenMinistry, isTerminal, statusAfterReplies } from './lifecycle-state';
import type { MinistryCases } from './ministry-cases';

/** The first step of every signal: load its policy, then start the review, or take over a historical signal. */
export async function startLifecycle(
  ctx: LifecycleContext,
  input: SignalLifecycleInput,
  ministryCases: MinistryCases,
): Promise<void> {
  ctx.policy = await loadPolicyOrDefaults(input.policyName);
  if (input.imported) await importState(ctx, input.imported, ministryCases);
  else await submit(ctx);
}

async function submit(ctx: LifecycleContext): Promise<void> {
  const { state } = ctx;
  state.review = await startup.planClock({
    kind: 'review',
    startAt: ctx.startedAt,
    policy: requirePolicy(ctx),
    revision: 1,
  });
  state.status = 'in_review';
  const submitter: Actor = { type: 'submitter', label: state.organisationCode };
  // The first commit (version 1): its 'submitted' event has the key the API wrote the same event under
  // (submittedEventKey in shared/business-keys.ts), so the timeline keeps one.
  await commit(ctx, [
    { step: 'submitted', type: 'submitted', actor: submitter },
    {
      step: 'review_started',
      type: 'review_started',
      actor: SYSTEM_ACTOR,
      data: { dueAt: state.review.dueAt },
    },
  ]);
  await notify(ctx, 'submission_received', ['submitter', 'coordinators'], {
    data: { dueAt: state.review.dueAt },
  });
}

/** Historical signals start where they stand, without "new signal" mails and without retroactive reminders. */
async function importState(
  ctx: LifecycleContext,
  imported: NonNullable<SignalLifecycleInput['imported']>,
  ministryCases: MinistryCases,
): Promise<void> {
  const { state } = ctx;
  const activePolicy = requirePolicy(ctx);
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
        ministry.replyForwardedAt = record.replyForwardedAt ?? null;
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
  await commit(ctx, [
    {
      step: 'imported',
      type: 'imported',
      actor: SYSTEM_ACTOR,
      data: { stage: imported.stage, submittedAt: imported.submittedAt },
    },
  ]);
  if (!isTerminal(state.status)) {
    for (const ministry of state.ministries.filter(isOpenMinistry)) await ministryCases.start(ministry);
  }
}

/**
 * A stored policy that cannot be read (the admin CLI validates, so this means a hand-edited row) must not fail
 * every new signal: the lifecycle runs on the built-in defaults and says so in the worker log.
 */
async function loadPolicyOrDefaults(policyName: string | undefined): Promise<DeadlinePolicy> {
  try {
    return await startup.loadPolicy({ policyName });
  } catch (error) {
    // A local activity's error arrives as the activity threw it; a regular activity's wrapped in an
    // ActivityFailure, so the look-up may move back to an activity task without breaking this.
    const failure = error instanceof ActivityFailure ? error.cause : error;
    if (failure instanceof ApplicationFailure && failure.nonRetryable) {
      log.warn('deadline policy unreadable; using the defaults', { policyName, reason: failure.message });
      return DEFAULT_DEADLINE_POLICY;
    }
    throw error;
  }
}
