import type { WorkflowHandle } from '@temporalio/client';
import { followUpWorkflowId, ministryCaseWorkflowId } from '../../shared/ids';
import type { RecordedHistory } from './files';
import {
  acknowledgeUpdate,
  amendUpdate,
  closeUpdate,
  decideExtensionUpdate,
  decideSuspensionUpdate,
  extendDeadlineUpdate,
  recordReplyUpdate,
  requestExtensionUpdate,
  requestSuspensionUpdate,
  resumeClockUpdate,
  reviewUpdate,
  suspendClockUpdate,
  withdrawUpdate,
} from '../../shared/lifecycle';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import { proposeOutcomeUpdate, recordOutcomeUpdate } from '../../shared/recommendation-outcomes';
import { reportFollowUpUpdate } from '../../shared/follow-up';
import { contact, coordinator, sleepUntil, status, submitter, until, type Harness, type LifecycleHandle } from '../workflows/harness';

/**
 * Every path of the lifecycle, driven on the time-skipping server with in-memory activities. The recorded
 * histories (parent and children) are committed in test/histories/ and replayed by replay.test.ts, so a change
 * to workflow code that would break running workflows fails the suite unless it ships with patched().
 * Re-record with `npx tsx scripts/record-histories.ts` only for a deliberate change (test/histories/README.md).
 */

type Scenario = (h: Harness) => Promise<LifecycleHandle>;

const DAY = 86_400_000;

async function started(h: Harness): Promise<LifecycleHandle> {
  const handle = await h.start();
  await until(() => h.fakes.notifications.length, (n) => n > 0, 'the submission');
  return handle;
}

async function settled(h: Harness, predicate: () => boolean, what: string): Promise<void> {
  await until(() => predicate(), Boolean, what);
}

export const scenarios: Record<string, Scenario> = {
  'joint-reply': async (h) => {
    const handle = await started(h);
    await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZ', 'JenV'], actor: coordinator }],
    });
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] });
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] });
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ ministryCode: 'BZ', reason: 'Summer recess', extraWorkingDays: 15, actor: contact }],
    });
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'BZ', decision: 'refuse', reason: 'Not needed', actor: coordinator }],
    });
    h.fakes.replies.add('joint-reply');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['BZ', 'JenV'], replyId: 'joint-reply', channel: 'post', actor: coordinator }],
    });
    // Since 'close-requires-forwarded-replies' the reply reaches the submitters before the signal closes.
    await forwarded(handle, 'joint-reply', 'The joint reply of BZ and JenV');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
    return handle;
  },

  'changes-amend-reject': async (h) => {
    const handle = await started(h);
    await refusedUpdate(
      handle.executeUpdate(reviewUpdate, { args: [{ decision: 'accept', ministryCodes: ['XYZ'], actor: coordinator }] }),
    );
    const changes = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'request_changes', reason: 'Add sources', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(changes.snapshot.amendmentDueAt!) + 60_000);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'amendment_escalated'), 'the amendment escalation');
    await handle.executeUpdate(amendUpdate, { args: [{ actor: submitter, note: 'Sources added' }] });
    await handle.executeUpdate(reviewUpdate, { args: [{ decision: 'reject', reason: 'Out of scope', actor: coordinator }] });
    await handle.result();
    return handle;
  },

  'review-escalation-withdrawn': async (h) => {
    const handle = await started(h);
    const snapshot = await status(handle);
    await sleepUntil(h.env, Date.parse(snapshot.reviewDueAt!) + 60_000);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'review_escalated'), 'the review escalation');
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: submitter, reason: 'Handled locally' }] });
    await handle.result();
    return handle;
  },

  'ladder-extension-close': async (h) => {
    const handle = await started(h);
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['EZK'], actor: coordinator }],
    });
    const ministry = sent.snapshot.ministries[0]!;
    await sleepUntil(h.env, Date.parse(ministry.ackDueAt!) + 8 * DAY);
    await settled(h, () => h.fakes.events.filter((e) => e.type === 'ack_escalated').length >= 2, 'two ack escalations');
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'EZK', actor: contact }] });
    const request = await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ ministryCode: 'EZK', reason: 'Needs legal advice', extraWorkingDays: 10, actor: contact }],
    });
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'EZK', decision: 'approve', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(request.requestedDueAt) + 29 * DAY);
    await settled(h, () => h.fakes.events.filter((e) => e.type === 'reply_escalated').length >= 2, 'two reply escalations');
    await handle.executeUpdate(extendDeadlineUpdate, {
      // Counted from the missed deadline, so enough to land in the future.
      args: [{ ministryCode: 'EZK', reason: 'Agreed by phone', extraWorkingDays: 40, actor: coordinator }],
    });
    h.fakes.replies.add('late-reply');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['EZK'], replyId: 'late-reply', channel: 'link', actor: contact }],
    });
    // Before 'close-requires-forwarded-replies' it closed as it was; since, it says why the reply was not forwarded.
    await handle.executeUpdate(closeUpdate, {
      args: [{ actor: coordinator, note: 'Forwarded', unforwardedReason: 'Sent to the submitter by post' }],
    });
    await handle.result();
    return handle;
  },

  'withdrawn-mid-wait': async (h) => {
    const handle = await started(h);
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZ', 'JenV'], actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(sent.snapshot.ministries[0]!.ackDueAt!) - 60_000);
    await settled(h, () => h.fakes.events.filter((e) => e.type === 'ack_reminder').length >= 2, 'the ack reminders');
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator, reason: 'Superseded' }] });
    await handle.result();
    return handle;
  },

  'extension-pending-refused': async (h) => {
    const handle = await extensionPendingOverDeadline(h);
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'BZK', decision: 'refuse', reason: 'Long overdue already', actor: coordinator }],
    });
    await settled(h, () => h.fakes.events.some((e) => e.type === 'reply_escalated'), 'the reply escalation');
    h.fakes.replies.add('late-reply');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['BZK'], replyId: 'late-reply', channel: 'post', actor: coordinator }],
    });
    await forwarded(handle, 'late-reply');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
    return handle;
  },

  'extension-pending-approved': async (h) => {
    const handle = await extensionPendingOverDeadline(h);
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'BZK', decision: 'approve', actor: coordinator }],
    });
    h.fakes.replies.add('reply-in-time');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['BZK'], replyId: 'reply-in-time', channel: 'link', actor: contact }],
    });
    await forwarded(handle, 'reply-in-time');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
    return handle;
  },

  'decision-at-start': async (h) => {
    // The decision travels with the start (update-with-start): it reaches the workflow before start-up has run.
    // Before 'decisions-wait-for-start-up' it was refused ("the deadline policy is not loaded yet"); since, it waits.
    const { handle, decision } = h.startWithReview({ decision: 'accept', ministryCodes: ['Fin'], actor: coordinator });
    await decision.catch(() => undefined);
    await until(() => status(handle), (s) => s.version >= 1, 'the start-up');
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator, reason: 'Sent by mistake' }] });
    await handle.result();
    return handle;
  },

  'imported-review-overdue': async (h) => {
    // Imported in review, its review deadline long past. Before 'imported-overdue-escalates-at-once' nothing went
    // out; since, one review escalation at once. The same steps record both.
    const now = await h.env.currentTimeMs();
    const handle = await h.start({ imported: { stage: 'in_review', submittedAt: new Date(now - 30 * DAY).toISOString() } });
    await until(() => status(handle), (s) => s.version >= 1, 'the import');
    await settledOrQuiet(() => h.fakes.events.some((e) => e.type === 'review_escalated'), 3_000);
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator, reason: 'Handled elsewhere' }] });
    await handle.result();
    return handle;
  },

  'imported-sent': async (h) => {
    h.fakes.replies.add('imported-reply');
    h.fakes.replies.add('second-reply');
    const now = await h.env.currentTimeMs();
    const handle = await h.start({
      imported: {
        stage: 'sent',
        submittedAt: new Date(now - 120 * DAY).toISOString(),
        sentAt: new Date(now - 100 * DAY).toISOString(),
        ministries: [
          // The imported reply was forwarded before the import (ignored by workflows from before forwarding).
          { ministryCode: 'BZ', acknowledgedAt: new Date(now - 95 * DAY).toISOString(), repliedAt: new Date(now - 10 * DAY).toISOString(), replyId: 'imported-reply', replyForwardedAt: new Date(now - 9 * DAY).toISOString() },
          { ministryCode: 'JenV', acknowledgedAt: new Date(now - 90 * DAY).toISOString() },
        ],
      },
    });
    await until(() => status(handle), (s) => s.status === 'partially_replied', 'the import');
    await h.env.sleep(30 * DAY);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'reply_escalated'), 'a repeated reply escalation');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['JenV'], replyId: 'second-reply', channel: 'post', actor: coordinator }],
    });
    await forwarded(handle, 'second-reply');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
    return handle;
  },

  'review-suspended-resumed': async (h) => {
    // Since 'clock-suspension': the review clock stands still past its reminder, then resumes with its plan moved.
    const handle = await started(h);
    const snapshot = await status(handle);
    await handle.executeUpdate(suspendClockUpdate, {
      args: [{ clock: 'review', reason: 'Awaiting the police report', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(snapshot.reviewDueAt!) - DAY);
    await settledOrQuiet(() => h.fakes.events.some((e) => e.type === 'review_reminder'), 1_500);
    const resumed = await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'review', note: 'Report received', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(resumed.dueAt) + 60_000);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'review_escalated'), 'the moved review escalation');
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: submitter, reason: 'Handled locally' }] });
    await handle.result();
    return handle;
  },

  'ministry-suspensions': async (h) => {
    // Since 'clock-suspension': JenV's acknowledgement clock suspended and resumed; its request to suspend the reply
    // clock refused, a second one granted, the reply clock resumed, then a reply escalation at the moved deadline.
    const handle = await started(h);
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
    });
    const ministry = sent.snapshot.ministries[0]!;
    await handle.executeUpdate(suspendClockUpdate, {
      args: [{ clock: 'acknowledgement', ministryCode: 'JenV', reason: 'Contact on leave', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(ministry.ackDueAt!) + DAY);
    await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'acknowledgement', ministryCode: 'JenV', actor: coordinator }],
    });
    await handle.executeUpdate(requestSuspensionUpdate, {
      args: [{ ministryCode: 'JenV', reason: 'Reorganisation', actor: contact }],
    });
    await handle.executeUpdate(decideSuspensionUpdate, {
      args: [{ ministryCode: 'JenV', decision: 'refuse', reason: 'Not a reason to wait', actor: coordinator }],
    });
    await handle.executeUpdate(requestSuspensionUpdate, {
      args: [{ ministryCode: 'JenV', reason: 'Awaiting the Council of State', actor: contact }],
    });
    await handle.executeUpdate(decideSuspensionUpdate, {
      args: [{ ministryCode: 'JenV', decision: 'grant', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(ministry.replyDueAt!) + DAY);
    const resumed = await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'reply', ministryCode: 'JenV', actor: coordinator }],
    });
    await sleepUntil(h.env, Date.parse(resumed.dueAt) + 60_000);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'reply_escalated'), 'the moved reply escalation');
    h.fakes.replies.add('reply-after-suspension');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['JenV'], replyId: 'reply-after-suspension', channel: 'link', actor: contact }],
    });
    // Recorded before forwarding met suspension; re-recorded today, the reply is forwarded before the close.
    await forwarded(handle, 'reply-after-suspension');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
    return handle;
  },
  'recommendation-follow-up': async (h) => {
    // Since 'recommendation-outcomes': BZ's outcome proposed by its contact, then recorded (adopted) after its reply,
    // which plans its follow-up; the signal closes and waits; six months on the request, reminder and first
    // escalation; the contact reports progress and the workflow ends.
    const handle = await started(h);
    await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: coordinator }],
    });
    h.fakes.replies.add('reply-with-outcomes');
    await handle.executeUpdate(recordReplyUpdate, {
      args: [{ ministryCodes: ['BZ'], replyId: 'reply-with-outcomes', channel: 'link', actor: contact }],
    });
    await handle.executeUpdate(proposeOutcomeUpdate, {
      args: [{ recommendationId: RECOMMENDATION, ministryCode: 'BZ', outcome: 'adopted', actor: contact }],
    });
    const recorded = await handle.executeUpdate(recordOutcomeUpdate, {
      args: [{ recommendationId: RECOMMENDATION, ministryCode: 'BZ', outcome: 'adopted', actor: coordinator }],
    });
    const plan = recorded.snapshot.ministries[0]!.followUp!.schedule;
    await forwarded(handle, 'reply-with-outcomes');
    await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
    await sleepUntil(h.env, Date.parse(plan.dueAt) + 60_000);
    await settled(h, () => h.fakes.events.some((e) => e.type === 'follow_up_escalated'), 'the first escalation');
    await handle.executeUpdate(reportFollowUpUpdate, {
      args: [{ ministryCode: 'BZ', progress: 'implemented', note: 'Regulation amended', actor: contact }],
    });
    await handle.result();
    return handle;
  },
};

/** A recommendation's id as the API would send it (the workflow knows recommendations by id only). */
const RECOMMENDATION = '3f0b9a6e-2c1d-4e5f-8a7b-9c0d1e2f3a4b';

/**
 * Sent to BZK, acknowledged, reminded; the ministry asks for more time and the coordinator has not decided when the
 * reply deadline passes. Before the change 'pause-escalation-while-extension-pending' the first reply escalation
 * goes out at the deadline; since, it waits for the decision. The same steps record both.
 */
async function extensionPendingOverDeadline(h: Harness): Promise<LifecycleHandle> {
  const handle = await started(h);
  const sent = await handle.executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes: ['BZK'], actor: coordinator }],
  });
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'BZK', actor: contact }] });
  const replyDue = Date.parse(sent.snapshot.ministries[0]!.replyDueAt!);
  await sleepUntil(h.env, replyDue - 2 * DAY);
  await settled(h, () => h.fakes.events.some((e) => e.type === 'reply_reminder'), 'the reply reminder');
  await handle.executeUpdate(requestExtensionUpdate, {
    args: [{ ministryCode: 'BZK', reason: 'Awaiting the Council of State', extraWorkingDays: 10, actor: contact }],
  });
  await sleepUntil(h.env, replyDue + DAY);
  // Without the pause the escalation follows the timer within milliseconds; with it, nothing comes: wait a while.
  await settledOrQuiet(() => h.fakes.events.some((e) => e.type === 'reply_escalated'), 3_000);
  return handle;
}

/** The loket forwards a reply to the submitters (the update came with 'close-requires-forwarded-replies'). */
async function forwarded(handle: LifecycleHandle, replyId: string, note?: string): Promise<void> {
  await handle.executeUpdate(forwardRepliesUpdate, {
    args: [{ replyIds: [replyId], actor: coordinator, ...(note ? { note } : {}) }],
  });
}

async function settledOrQuiet(predicate: () => boolean, quietMs: number): Promise<void> {
  const giveUpAt = Date.now() + quietMs;
  while (!predicate() && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function refusedUpdate(promise: Promise<unknown>): Promise<void> {
  try {
    await promise;
  } catch {
    return;
  }
  throw new Error('expected the update to be refused');
}

/** Runs one scenario and returns the histories of the signal's workflow and of every ministry case it started. */
export async function recordScenario(h: Harness, name: string): Promise<RecordedHistory[]> {
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`no scenario ${name}`);
  h.fakes.reset();
  const handle = await h.run(() => scenario(h));
  const recorded: RecordedHistory[] = [await toRecorded(`${name}.signal`, handle)];
  const ministryCodes = new Set(
    h.fakes.states.flatMap((state) => state.snapshot.ministries.map((ministry) => ministry.ministryCode)),
  );
  const signalId = h.fakes.states[0]!.snapshot.signalId;
  for (const code of [...ministryCodes].sort()) {
    const child = h.env.client.workflow.getHandle(ministryCaseWorkflowId(signalId, code));
    // An imported ministry that had already replied never got a case of its own.
    const exists = await child.describe().then(
      () => true,
      (error: Error) => (error.name === 'WorkflowNotFoundError' ? false : Promise.reject(error)),
    );
    if (exists) recorded.push(await toRecorded(`${name}.ministry-${code.toLowerCase()}`, child));
    // The follow-up run of what the ministry took up, when it had one.
    const followUp = h.env.client.workflow.getHandle(followUpWorkflowId(signalId, code));
    const followedUp = await followUp.describe().then(
      () => true,
      (error: Error) => (error.name === 'WorkflowNotFoundError' ? false : Promise.reject(error)),
    );
    if (followedUp) recorded.push(await toRecorded(`${name}.follow-up-${code.toLowerCase()}`, followUp));
  }
  return recorded;
}

async function toRecorded(name: string, handle: WorkflowHandle): Promise<RecordedHistory> {
  return { name, workflowId: handle.workflowId, history: await handle.fetchHistory() };
}
