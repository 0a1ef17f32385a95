import { planClock } from '../../activities/clocks/plan-clock';
import { ministryCaseWorkflowId } from '../../shared/ids';
import { addCalendarDays } from '../../shared/working-days';
import {
  acknowledgeUpdate,
  DEFAULT_DEADLINE_POLICY,
  decideExtensionUpdate,
  extendDeadlineUpdate,
  recordReplyUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  withdrawUpdate,
  type TimelineEvent,
} from '../../shared/lifecycle';
import {
  contact,
  coordinator,
  harnessPerFile,
  sleepUntil,
  startConfirmed,
  status,
  until,
  type LifecycleHandle,
} from './harness';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const h = harnessPerFile();

async function sent(handle: LifecycleHandle, ministryCodes: string[]) {
  const result = await handle.executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes, actor: coordinator }],
  });
  await until(() => h.fakes.templates().includes('signal_sent'), Boolean, 'the ministry requests');
  return result.snapshot;
}

/** A clock event fires when its timer does: at the planned instant (plus the moment the activity takes). */
function expectAt(event: TimelineEvent | undefined, planned: string): void {
  expect(event).toBeDefined();
  const delta = Date.parse(event!.at) - Date.parse(planned);
  expect(delta).toBeGreaterThanOrEqual(0);
  expect(delta).toBeLessThan(60_000);
}

async function waitForEvents(type: string, count: number, ministryCode?: string): Promise<TimelineEvent[]> {
  await until(
    () => h.fakes.eventsOf(type, ministryCode).length,
    (n) => n >= count,
    `${count} × ${type}`,
  );
  return h.fakes.eventsOf(type, ministryCode);
}

describe('clocks, reminders and escalations', () => {
  it('review: reminder to coordinators on working day 7, escalation to the lead at the deadline', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const start = await status(handle);
      const plan = planClock({ kind: 'review', startAt: start.submittedAt, policy: DEFAULT_DEADLINE_POLICY });
      expect(start.reviewDueAt).toBe(plan.dueAt);

      await sleepUntil(h.env, Date.parse(plan.reminderAt!) - 60_000);
      expect(h.fakes.eventsOf('review_reminder')).toHaveLength(0);
      await sleepUntil(h.env, Date.parse(plan.reminderAt!) + 60_000);
      const [reminder] = await waitForEvents('review_reminder', 1);
      expectAt(reminder, plan.reminderAt!);
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'review_reminder',
        audiences: ['coordinators'],
      });
      expect((await status(handle)).overdue).toBe(false);

      await sleepUntil(h.env, Date.parse(plan.dueAt) + 60_000);
      const [escalation] = await waitForEvents('review_escalated', 1);
      expectAt(escalation, plan.dueAt);
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'review_escalation',
        audiences: ['lead'],
      });
      expect((await status(handle)).overdue).toBe(true);
      const overdueAttribute = (await handle.describe()).typedSearchAttributes
        .getAll()
        .find((pair) => pair.key.name === 'SignalOverdue');
      expect(overdueAttribute?.value).toBe(true);

      // Escalated once: the review clock does not repeat.
      await h.env.sleep(30 * DAY);
      expect(h.fakes.eventsOf('review_escalated')).toHaveLength(1);

      const changes = await handle.executeUpdate(reviewUpdate, {
        args: [{ decision: 'request_changes', reason: 'sources', actor: coordinator }],
      });
      expect(changes.snapshot.overdue).toBe(false);
      const amendmentStart = h.fakes.events.find((e) => e.type === 'changes_requested')!.at;
      const amendment = planClock({
        kind: 'amendment',
        startAt: amendmentStart,
        policy: DEFAULT_DEADLINE_POLICY,
      });
      expect(changes.snapshot.amendmentDueAt).toBe(amendment.dueAt);
      await sleepUntil(h.env, Date.parse(amendment.dueAt) + 60_000);
      const [amendReminder] = await waitForEvents('amendment_reminder', 1);
      const [amendEscalation] = await waitForEvents('amendment_escalated', 1);
      expectAt(amendReminder, amendment.reminderAt!);
      expectAt(amendEscalation, amendment.dueAt);
      expect(h.fakes.notifications.filter((n) => n.template.startsWith('amendment_'))).toEqual([
        expect.objectContaining({ template: 'amendment_reminder', audiences: ['submitter'] }),
        expect.objectContaining({ template: 'amendment_escalation', audiences: ['coordinators'] }),
      ]);

      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('acknowledgement just before its deadline: a reminder, no escalation', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['JenV']);
      const ackDue = snapshot.ministries[0]!.ackDueAt!;
      await sleepUntil(h.env, Date.parse(ackDue) - 60_000);
      await waitForEvents('ack_reminder', 1, 'JenV');
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'ack_reminder',
        ministryCode: 'JenV',
        audiences: ['ministry_contact'],
      });
      const ack = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'JenV', actor: contact }],
      });
      expect(Date.parse(ack.acknowledgedAt)).toBeLessThan(Date.parse(ackDue));
      expect(h.fakes.eventsOf('acknowledged', 'JenV')[0]!.data).toMatchObject({ late: false });
      await h.env.sleep(20 * DAY);
      expect(h.fakes.eventsOf('ack_escalated')).toHaveLength(0);
      const after = await status(handle);
      expect(after.overdue).toBe(false);
      expect(after.ministries[0]).toMatchObject({ status: 'acknowledged', escalationCount: 0 });
      expect(after.nextDeadlineKind).toBe('reply:JenV');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('acknowledgement just after its deadline: escalated, overdue, then acknowledged late and calm again', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['JenV']);
      const ackDue = snapshot.ministries[0]!.ackDueAt!;
      await sleepUntil(h.env, Date.parse(ackDue) + 60_000);
      const [escalation] = await waitForEvents('ack_escalated', 1, 'JenV');
      expectAt(escalation, ackDue);
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'ack_escalation',
        audiences: ['ministry_escalation', 'coordinators'],
        data: { escalationLevel: 1 },
      });
      await until(
        () => status(handle),
        (s) => s.overdue,
        'the overdue flag',
      );
      const ack = await handle.executeUpdate(acknowledgeUpdate, {
        args: [{ ministryCode: 'JenV', actor: contact }],
      });
      expect(Date.parse(ack.acknowledgedAt)).toBeGreaterThan(Date.parse(ackDue));
      expect(h.fakes.eventsOf('acknowledged', 'JenV')[0]!.data).toMatchObject({ late: true });
      const after = await status(handle);
      expect(after.overdue).toBe(false);
      expect(after.ministries[0]!.escalationCount).toBe(1);
      await h.env.sleep(20 * DAY);
      expect(h.fakes.eventsOf('ack_escalated')).toHaveLength(1);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('the full ladder over six months when a ministry never answers', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['EZK']);
      const sentAt = snapshot.sentAt!;
      const ack = planClock({ kind: 'acknowledgement', startAt: sentAt, policy: DEFAULT_DEADLINE_POLICY });
      const reply = planClock({ kind: 'reply', startAt: sentAt, policy: DEFAULT_DEADLINE_POLICY });
      const horizon = Date.parse(sentAt) + 182 * DAY;
      await sleepUntil(h.env, horizon);
      const expectedAck = ack.escalationsAt.filter((at) => Date.parse(at) <= horizon);
      const expectedReply = reply.escalationsAt.filter((at) => Date.parse(at) <= horizon);
      expect(expectedAck.length).toBeGreaterThanOrEqual(20);
      expect(expectedReply).toHaveLength(5); // weeks 8, 12, 16, 20, 24
      const ackEscalations = await waitForEvents('ack_escalated', expectedAck.length, 'EZK');
      const replyEscalations = await waitForEvents('reply_escalated', expectedReply.length, 'EZK');
      ackEscalations.forEach((event, index) => expectAt(event, expectedAck[index]!));
      replyEscalations.forEach((event, index) => expectAt(event, expectedReply[index]!));
      expectAt(h.fakes.eventsOf('ack_reminder', 'EZK')[0], ack.reminderAt!);
      expectAt(h.fakes.eventsOf('reply_reminder', 'EZK')[0], reply.reminderAt!);
      expect(h.fakes.eventsOf('ack_reminder')).toHaveLength(1);
      expect(h.fakes.eventsOf('reply_reminder')).toHaveLength(1);

      // The ladder: escalation contact and coordinators first, the loket lead joins from the third step.
      const replyMails = h.fakes.notifications.filter((n) => n.template === 'reply_escalation');
      expect(replyMails.map((n) => n.audiences)).toEqual([
        ['ministry_escalation', 'coordinators'],
        ['ministry_escalation', 'coordinators'],
        ['ministry_escalation', 'coordinators', 'lead'],
        ['ministry_escalation', 'coordinators', 'lead'],
        ['ministry_escalation', 'coordinators', 'lead'],
      ]);
      const final = await until(
        () => status(handle),
        (s) => s.ministries[0]!.escalationCount === expectedAck.length + expectedReply.length,
        'the escalation count',
      );
      expect(final.overdue).toBe(true);
      expect(final.ministries[0]!.overdue).toBe(true);
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('an approved extension moves the reply deadline; a refused one does not; a coordinator can move it too', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['JenV', 'BZ']);
      const originalDue = snapshot.ministries.find((m) => m.ministryCode === 'JenV')!.replyDueAt!;

      const request = await handle.executeUpdate(requestExtensionUpdate, {
        args: [
          {
            ministryCode: 'JenV',
            reason: 'Consultation with another ministry',
            extraWorkingDays: 20,
            actor: contact,
          },
        ],
      });
      expect(Date.parse(request.requestedDueAt)).toBeGreaterThan(Date.parse(originalDue) + 25 * DAY);
      const pending = await status(handle);
      expect(pending.ministries[0]).toMatchObject({ status: 'extension_requested', replyDueAt: originalDue });
      expect(pending.ministries[0]!.acknowledgedAt).not.toBeNull(); // asking for time shows receipt
      expect(h.fakes.notifications.at(-1)).toMatchObject({
        template: 'extension_requested',
        audiences: ['coordinators'],
      });

      const approved = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ ministryCode: 'JenV', decision: 'approve', actor: coordinator }],
      });
      expect(approved.replyDueAt).toBe(request.requestedDueAt);
      expect(approved.snapshot.ministries[0]).toMatchObject({ status: 'acknowledged', extensionCount: 1 });

      const aYearLater = addCalendarDays(originalDue.slice(0, 10), 365);
      const bzRequest = await handle.executeUpdate(requestExtensionUpdate, {
        args: [{ ministryCode: 'BZ', reason: 'Summer', dueDate: aYearLater, actor: contact }],
      });
      expect(bzRequest.requestedDueDate).toBe(aYearLater);
      const refused = await handle.executeUpdate(decideExtensionUpdate, {
        args: [{ ministryCode: 'BZ', decision: 'refuse', reason: 'Too long', actor: coordinator }],
      });
      expect(refused.replyDueAt).toBe(originalDue);
      expect(h.fakes.eventTypes()).toEqual(
        expect.arrayContaining(['extension_approved:JenV', 'extension_refused:BZ', 'acknowledged:BZ']),
      );

      // Past the original deadline: BZ escalates, JenV (extended) does not.
      await sleepUntil(h.env, Date.parse(originalDue) + 60_000);
      await waitForEvents('reply_escalated', 1, 'BZ');
      expect(h.fakes.eventsOf('reply_escalated', 'JenV')).toHaveLength(0);
      await until(
        () => status(handle),
        (s) => s.ministries[1]!.overdue,
        'BZ to be overdue',
      );

      // A coordinator moves BZ's deadline directly: BZ is no longer overdue.
      const extended = await handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ ministryCode: 'BZ', reason: 'Agreed by phone', extraWorkingDays: 30, actor: coordinator }],
      });
      expect(Date.parse(extended.replyDueAt)).toBeGreaterThan(Date.parse(originalDue));
      expect(extended.snapshot.overdue).toBe(false);

      // Past JenV's new deadline: JenV now escalates, under its new plan's key.
      await sleepUntil(h.env, Date.parse(request.requestedDueAt) + 60_000);
      const [jenvEscalation] = await waitForEvents('reply_escalated', 1, 'JenV');
      expectAt(jenvEscalation, request.requestedDueAt);
      expect(jenvEscalation!.businessKey).toContain('reply-r2-escalation-1');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('two ministries: one answers in time, the other escalates', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['BZ', 'JenV']);
      await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'BZ', actor: contact }] });
      await h.env.sleep(21 * DAY);
      h.fakes.replies.add('reply-bz');
      const partial = await handle.executeUpdate(recordReplyUpdate, {
        args: [{ ministryCodes: ['BZ'], replyId: 'reply-bz', channel: 'link', actor: contact }],
      });
      expect(partial.status).toBe('partially_replied');
      const replyDue = snapshot.ministries[1]!.replyDueAt!;
      await sleepUntil(h.env, Date.parse(replyDue) + 60_000);
      await waitForEvents('reply_escalated', 1, 'JenV');
      expect(h.fakes.eventsOf('reply_escalated', 'BZ')).toHaveLength(0);
      expect(h.fakes.eventsOf('ack_escalated', 'BZ')).toHaveLength(0);
      expect(h.fakes.eventsOf('ack_escalated', 'JenV').length).toBeGreaterThan(0);
      const now = await until(
        () => status(handle),
        (s) => s.overdue,
        'JenV to be overdue',
      );
      expect(now.status).toBe('partially_replied');
      expect(now.ministries.map((m) => [m.ministryCode, m.status, m.overdue])).toEqual([
        ['BZ', 'replied', false],
        ['JenV', 'awaiting_ack', true],
      ]);
      expect(now.nextDeadlineKind).toBe('ack:JenV');
      const bzCase = h.env.client.workflow.getHandle(ministryCaseWorkflowId(snapshot.signalId, 'BZ'));
      expect((await bzCase.describe()).status.name).toBe('COMPLETED');
      await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
      await handle.result();
    }));

  it('a withdrawal mid-wait cancels every ministry case and every pending timer', () =>
    h.run(async () => {
      const handle = await startConfirmed(h);
      const snapshot = await sent(handle, ['BZ', 'JenV']);
      await sleepUntil(h.env, Date.parse(snapshot.ministries[0]!.ackDueAt!) - 60_000);
      await waitForEvents('ack_reminder', 2);
      const withdrawn = await handle.executeUpdate(withdrawUpdate, {
        args: [{ actor: { type: 'submitter', label: 'RIEC' }, reason: 'Superseded' }],
      });
      expect(withdrawn.snapshot.ministries.map((m) => m.status)).toEqual(['cancelled', 'cancelled']);
      expect(withdrawn.snapshot.nextDeadlineAt).toBeNull();
      for (const code of ['BZ', 'JenV']) {
        const child = h.env.client.workflow.getHandle(ministryCaseWorkflowId(snapshot.signalId, code));
        expect((await child.describe()).status.name).toBe('CANCELLED');
      }
      expect((await handle.result()).status).toBe('withdrawn');
      const eventsAfter = h.fakes.events.length;
      const mailsAfter = h.fakes.notifications.length;
      expect(h.fakes.templates().slice(-3)).toEqual([
        'signal_withdrawn',
        'ministry_withdrawn:BZ',
        'ministry_withdrawn:JenV',
      ]);
      await h.env.sleep(180 * DAY);
      expect(h.fakes.events.length).toBe(eventsAfter);
      expect(h.fakes.notifications.length).toBe(mailsAfter);
    }));
});
