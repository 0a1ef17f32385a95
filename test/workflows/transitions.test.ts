import {
  acknowledgeUpdate,
  amendUpdate,
  closeUpdate,
  DEFAULT_DEADLINE_POLICY,
  recordReplyUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  withdrawUpdate,
} from '../../shared/lifecycle';
import { forwardRepliesUpdate } from '../../shared/reply-forwarding';
import { planClock } from '../../activities/clocks/plan-clock';
import { submittedEventKey } from '../../shared/business-keys';
import { ministryCaseWorkflowId } from '../../shared/ids';
import {
  contact,
  coordinator,
  harnessPerFile,
  refusalOf,
  sleepUntil,
  startConfirmed,
  status,
  submitter,
  until,
} from './harness';

jest.setTimeout(120_000);

const h = harnessPerFile();

describe('signalLifecycle transitions', () => {
  it('goes from submission through review, two ministries, a joint reply, to closure', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const submittedSnapshot = await status(handle);
      expect(submittedSnapshot.reviewDueAt).not.toBeNull();
      expect(submittedSnapshot.nextDeadlineKind).toBe('review');
      expect(h.fakes.eventTypes()).toEqual(['submitted', 'review_started']);
      // The key the API writes its own 'submitted' event under (api/signals/submit.ts): one event in the timeline.
      expect(h.fakes.events[0]!.businessKey).toBe(submittedEventKey(handle.workflowId));
      expect(h.fakes.notifications[0]).toMatchObject({
        template: 'submission_received',
        audiences: ['submitter', 'coordinators'],
      });

      const accepted = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['bz', 'JenV'], actor: coordinator }],
      });
      expect(accepted.status).toBe('sent');
      expect(accepted.snapshot.ministries.map((m) => [m.ministryCode, m.status])).toEqual([
        ['BZ', 'awaiting_ack'],
        ['JenV', 'awaiting_ack'],
      ]);
      expect(accepted.snapshot.reviewDueAt).toBeNull();
      expect(accepted.snapshot.nextDeadlineKind).toBe('ack:BZ');
      expect(h.fakes.templates()).toEqual([
        'submission_received',
        'ministry_request:BZ',
        'ministry_request:JenV',
        'signal_sent',
      ]);
      const child = h.env.client.workflow.getHandle(
        ministryCaseWorkflowId(accepted.snapshot.signalId, 'JenV'),
      );
      expect((await child.describe()).status.name).toBe('RUNNING');

      const first = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'JenV', actor: contact }],
      });
      expect(first.alreadyAcknowledged).toBe(false);
      const again = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'jenv', actor: contact }],
      });
      expect(again).toEqual({ ...first, alreadyAcknowledged: true });
      const versionAfterAck = (await status(handle)).version;

      h.fakes.replies.add('reply-1');
      const replied = await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['BZ', 'JenV'], replyId: 'reply-1', channel: 'post', actor: coordinator }],
      });
      expect(replied.status).toBe('replied');
      expect(replied.snapshot.version).toBe(versionAfterAck + 1);
      for (const ministry of replied.snapshot.ministries) {
        expect(ministry).toMatchObject({ status: 'replied', replyId: 'reply-1' });
      }
      // BZ never acknowledged: the reply itself shows receipt.
      expect(replied.snapshot.ministries[0]!.acknowledgedAt).toBe(replied.snapshot.ministries[0]!.repliedAt);
      expect(replied.snapshot.nextDeadlineAt).toBeNull();
      await until(
        () => child.describe(),
        (d) => d.status.name === 'COMPLETED',
        'the ministry case to end',
      );

      await handle.executeUpdate(forwardRepliesUpdate, {
        args: [{ replyIds: ['reply-1'], actor: coordinator }],
      });
      const closed = await handle.executeUpdate(closeUpdate, { args: [{ actor: coordinator }] });
      expect(closed.status).toBe('closed');
      const final = await handle.result();
      expect(final.status).toBe('closed');
      expect(final.closedAt).not.toBeNull();
      expect(h.fakes.eventTypes()).toEqual([
        'submitted',
        'review_started',
        'sent',
        'acknowledged:JenV',
        'reply_received',
        'reply_forwarded',
        'closed',
      ]);
      const joint = h.fakes.events.find((e) => e.type === 'reply_received')!;
      expect(joint.data).toMatchObject({ ministryCodes: ['BZ', 'JenV'], joint: true, channel: 'post' });
      expect(h.fakes.templates().slice(-3)).toEqual(['reply_received', 'reply_forwarded', 'signal_closed']);
      // Every write carries a newer version than the one before it.
      const versions = h.fakes.states.map((s) => s.snapshot.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);

      const described = await handle.describe();
      expect(described.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toEqual(
        expect.arrayContaining([
          ['SignalStatus', 'closed'],
          ['SignalOrganisation', 'RIEC-ON'],
          ['SignalMinistries', ['BZ', 'JenV']],
          ['SignalOverdue', false],
        ]),
      );
    }));

  it('loops through requested changes and an amendment, then ends rejected', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const changes = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'request_changes', reason: 'Please add the legal basis.', actor: coordinator }],
      });
      expect(changes.status).toBe('changes_requested');
      expect(changes.snapshot.amendmentDueAt).not.toBeNull();
      expect(changes.snapshot.reviewDueAt).toBeNull();
      expect(changes.snapshot.nextDeadlineKind).toBe('amendment');

      const amended = await handle.executeUpdate(amendUpdate, {
        args: [{ actor: submitter, note: 'added' }],
      });
      expect(amended.status).toBe('in_review');
      expect(amended.snapshot.amendmentDueAt).toBeNull();
      expect(Date.parse(amended.snapshot.reviewDueAt!)).toBeGreaterThan(
        Date.parse(changes.snapshot.amendmentDueAt!) - 30 * 86_400_000,
      );

      const rejected = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'reject', reason: 'Out of scope.', actor: coordinator }],
      });
      expect(rejected.status).toBe('rejected');
      expect((await handle.result()).status).toBe('rejected');
      expect(h.fakes.eventTypes()).toEqual([
        'submitted',
        'review_started',
        'changes_requested',
        'amended',
        'rejected',
      ]);
      expect(h.fakes.templates()).toEqual([
        'submission_received',
        'changes_requested',
        'amendment_received',
        'signal_rejected',
      ]);
      expect(h.fakes.events.find((e) => e.type === 'changes_requested')!.data).toMatchObject({
        reason: 'Please add the legal basis.',
      });
    }));

  it('ends withdrawn from review', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const withdrawn = await handle.executeUpdate(withdrawUpdate, {
        args: [{ actor: submitter, reason: 'merged' }],
      });
      expect(withdrawn.status).toBe('withdrawn');
      expect(withdrawn.snapshot.nextDeadlineAt).toBeNull();
      expect((await handle.result()).status).toBe('withdrawn');
      expect(h.fakes.templates()).toEqual(['submission_received', 'signal_withdrawn']);
    }));

  it('takes a decision that arrives in the same moment as the start', () =>
    h.run(async () => {
      const handle = await h.start();
      // No waiting for the first commit: the decision queues behind it and is checked against the real state.
      const accepted = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['Fin'], actor: coordinator }],
      });
      expect(accepted.status).toBe('sent');
      expect(h.fakes.eventTypes().slice(0, 3)).toEqual(['submitted', 'review_started', 'sent']);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));
});

describe('a decision sent with the start', () => {
  // Update-with-start delivers the decision in the workflow's first task, before start-up has run: the race that
  // a decision sent right after the start meets under load, every time.
  it('waits for start-up and is taken, not refused', () =>
    h.run(async () => {
      const { handle, decision } = h.startWithReview({
        decision: 'accept',
        ministryCodes: ['Fin'],
        actor: coordinator,
      });
      const accepted = await decision;
      expect(accepted.status).toBe('sent');
      expect(h.fakes.eventTypes().slice(0, 3)).toEqual(['submitted', 'review_started', 'sent']);
      expect(h.fakes.templates()).toEqual(['submission_received', 'ministry_request:Fin', 'signal_sent']);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('is checked against the state start-up leaves, and refused only for the rule', () =>
    h.run(async () => {
      const { handle, decision } = h.startWithReview({ decision: 'reject', reason: ' ', actor: coordinator });
      const refusal = await refusalOf(decision);
      expect(refusal).toEqual({ type: 'InvalidUpdateInput', message: 'rejecting needs a reason' });
      expect(refusal.message).not.toMatch(/not loaded/);
      expect((await status(handle)).status).toBe('in_review');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));
});

describe('remaining edges of the state machine', () => {
  it('withdraws while changes are requested', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'request_changes', reason: 'More detail', actor: coordinator }],
      });
      const withdrawn = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: submitter }] });
      expect(withdrawn.snapshot).toMatchObject({
        status: 'withdrawn',
        amendmentDueAt: null,
        nextDeadlineAt: null,
      });
      await handle.result();
    }));

  it('a reply settles a pending extension request; a replied signal can still be withdrawn', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const sent = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
      });
      const attributes = (await handle.describe()).typedSearchAttributes.getAll();
      const nextDeadline = attributes.find((pair) => pair.key.name === 'SignalNextDeadline')?.value as Date;
      expect(nextDeadline.toISOString()).toBe(sent.snapshot.nextDeadlineAt);
      await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ ministryCode: 'JenV', reason: 'Advice pending', extraWorkingDays: 5, actor: contact }],
      });
      h.fakes.replies.add('reply-x');
      const replied = await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['JenV'], replyId: 'reply-x', channel: 'link', actor: contact }],
      });
      expect(replied.snapshot.ministries[0]).toMatchObject({ status: 'replied', pendingExtension: null });
      expect(replied.status).toBe('replied');
      const withdrawn = await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      // A ministry that replied stays replied; only open ones are cancelled.
      expect(withdrawn.snapshot.ministries[0]!.status).toBe('replied');
      expect((await handle.result()).status).toBe('withdrawn');
    }));
});

describe('deadline policy', () => {
  it("follows the signal's policy, and the defaults when the stored policy is unreadable", () =>
    h.run(async () => {
      h.fakes.policy = {
        ...DEFAULT_DEADLINE_POLICY,
        review: { deadlineWorkingDays: 3, reminderWorkingDay: 2 },
      };
      const urgent = await h.start({ policyName: 'urgent' });
      const snapshot = await until(
        () => status(urgent),
        (s) => s.version >= 1,
        'the start',
      );
      expect(snapshot.policyName).toBe('urgent');
      expect(snapshot.reviewDueAt).toBe(
        planClock({ kind: 'review', startAt: snapshot.submittedAt, policy: h.fakes.policy }).dueAt,
      );
      await urgent.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await urgent.result();

      h.fakes.policyError = 'invalid deadline policy: review.deadlineWorkingDays: expected number';
      const fallback = await h.start({ policyName: 'broken' });
      const defaults = await until(
        () => status(fallback),
        (s) => s.version >= 1,
        'the start',
      );
      expect(defaults.reviewDueAt).toBe(
        planClock({ kind: 'review', startAt: defaults.submittedAt, policy: DEFAULT_DEADLINE_POLICY }).dueAt,
      );
      await fallback.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await fallback.result();
    }));
});

describe('imported signals', () => {
  const DAY = 86_400_000;

  it('an imported signal in review starts overdue: one review escalation at once, no submission mail or reminder', () =>
    h.run(async () => {
      const now = await h.env.currentTimeMs();
      const handle = await h.start({
        imported: { stage: 'in_review', submittedAt: new Date(now - 30 * DAY).toISOString() },
      });
      const snapshot = await until(
        () => status(handle),
        (s) => s.version >= 1,
        'the import',
      );
      expect(snapshot).toMatchObject({ status: 'in_review', overdue: true });
      expect(Date.parse(snapshot.reviewDueAt!)).toBeLessThan(now);
      await until(
        () => h.fakes.eventTypes(),
        (types) => types.length >= 2,
        'the catch-up escalation',
      );
      expect(h.fakes.eventTypes()).toEqual(['imported', 'review_escalated']);
      expect(h.fakes.events[1]!.data).toMatchObject({ dueAt: snapshot.reviewDueAt, catchUp: true });
      await h.env.sleep(5 * DAY);
      expect(h.fakes.notifications.map((n) => [n.template, n.audiences])).toEqual([
        ['review_escalation', ['lead']],
      ]);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('an imported ministry past its reply deadline escalates once at once, then at the next repeat', () =>
    h.run(async () => {
      const now = await h.env.currentTimeMs();
      const jenvDue = new Date(now - 21 * DAY).toISOString(); // three weeks overdue: the first rung
      const bzDue = new Date(now - 9 * 7 * DAY).toISOString(); // nine weeks: three rungs, the lead's
      const handle = await h.start({
        imported: {
          stage: 'sent',
          submittedAt: new Date(now - 120 * DAY).toISOString(),
          sentAt: new Date(now - 110 * DAY).toISOString(),
          ministries: [
            {
              ministryCode: 'JenV',
              acknowledgedAt: new Date(now - 100 * DAY).toISOString(),
              replyDueAt: jenvDue,
            },
            {
              ministryCode: 'BZ',
              acknowledgedAt: new Date(now - 100 * DAY).toISOString(),
              replyDueAt: bzDue,
            },
          ],
        },
      });
      const escalations = () => h.fakes.notifications.filter((n) => n.template === 'reply_escalation');
      await until(
        () => escalations().length,
        (n) => n >= 2,
        'one catch-up escalation per ministry',
      );
      const byMinistry = Object.fromEntries(
        escalations().map((n): [string, object] => [
          n.ministryCode ?? '',
          { audiences: n.audiences, level: n.data?.escalationLevel },
        ]),
      );
      expect(byMinistry).toEqual({
        JenV: { audiences: ['ministry_escalation', 'coordinators'], level: 1 },
        BZ: { audiences: ['ministry_escalation', 'coordinators', 'lead'], level: 3 },
      });
      // Sent at (test-server) once: no reminders, no flood of the rungs missed before the import.
      expect(h.fakes.templates()).toEqual(
        expect.arrayContaining(['reply_escalation:JenV', 'reply_escalation:BZ']),
      );
      expect(h.fakes.templates()).toHaveLength(2);
      const snapshot = await until(
        () => status(handle),
        (s) => s.ministries.every((m) => m.escalationCount === 1),
        'the escalations counted',
      );
      expect(snapshot.overdue).toBe(true);

      // The regular ladder goes on: JenV's next rung four weeks after its deadline, about a week from now.
      const jenvPlan = planClock({
        kind: 'reply',
        startAt: snapshot.sentAt!,
        policy: DEFAULT_DEADLINE_POLICY,
        override: { dueAt: jenvDue },
      });
      const nextRung = Date.parse(jenvPlan.escalationsAt[1]!);
      expect(nextRung).toBeGreaterThan(now);
      await sleepUntil(h.env, nextRung - 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(escalations()).toHaveLength(2);
      await sleepUntil(h.env, nextRung + 60_000);
      await until(
        () => escalations().length,
        (n) => n === 3,
        'the next repeat',
      );
      expect(escalations()[2]).toMatchObject({ ministryCode: 'JenV', data: { escalationLevel: 2 } });
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('an imported signal that was sent keeps its history, clocks and replies; one imported as closed just ends', () =>
    h.run(async () => {
      const now = await h.env.currentTimeMs();
      h.fakes.replies.add('old-reply');
      const handle = await h.start({
        imported: {
          stage: 'sent',
          submittedAt: new Date(now - 60 * DAY).toISOString(),
          sentAt: new Date(now - 50 * DAY).toISOString(),
          ministries: [
            { ministryCode: 'jenv', acknowledgedAt: new Date(now - 45 * DAY).toISOString() },
            { ministryCode: 'BZ', repliedAt: new Date(now - 5 * DAY).toISOString(), replyId: 'old-reply' },
          ],
        },
      });
      const snapshot = await until(
        () => status(handle),
        (s) => s.version >= 1,
        'the import',
      );
      expect(snapshot.status).toBe('partially_replied');
      expect(snapshot.ministries.map((m) => [m.ministryCode, m.status])).toEqual([
        ['JenV', 'acknowledged'],
        ['BZ', 'replied'],
      ]);
      expect(snapshot.nextDeadlineKind).toBe('reply:JenV');
      // Eight weeks after sending: JenV's reply is due in about six days; the reminder moment has passed.
      await sleepUntil(h.env, Date.parse(snapshot.ministries[0]!.replyDueAt!) + 60_000);
      await until(
        () => h.fakes.events.filter((e) => e.type === 'reply_escalated').length,
        (n) => n === 1,
        'the escalation',
      );
      // No mails for what happened before the import; a reminder only when its moment still lay ahead.
      const plannedReminder = planClock({
        kind: 'reply',
        startAt: snapshot.sentAt!,
        policy: DEFAULT_DEADLINE_POLICY,
      }).reminderAt!;
      const reminderAhead = Date.parse(plannedReminder) > now;
      expect(h.fakes.templates()).toEqual([
        ...(reminderAhead ? ['reply_reminder:JenV'] : []),
        'reply_escalation:JenV',
      ]);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();

      const closed = await h.start({
        imported: {
          stage: 'closed',
          submittedAt: new Date(now - 300 * DAY).toISOString(),
          sentAt: new Date(now - 290 * DAY).toISOString(),
          closedAt: new Date(now - 100 * DAY).toISOString(),
          ministries: [
            { ministryCode: 'BZ', repliedAt: new Date(now - 120 * DAY).toISOString(), replyId: 'old-reply' },
          ],
        },
      });
      const final = await closed.result();
      expect(final).toMatchObject({ status: 'closed', closedAt: new Date(now - 100 * DAY).toISOString() });
    }));
});
