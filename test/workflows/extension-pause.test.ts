import { planClock } from '../../activities/clocks/plan-clock';
import {
  acknowledgeUpdate,
  DEFAULT_DEADLINE_POLICY,
  decideExtensionUpdate,
  requestExtensionUpdate,
  reviewUpdate,
  withdrawUpdate,
  type ClockSchedule,
  type ExtensionRequest,
} from '../../shared/lifecycle';
import {
  contact,
  coordinator,
  harnessPerFile,
  quietPeriod,
  sleepUntil,
  startConfirmed,
  status,
  until,
  type LifecycleHandle,
} from './harness';

/**
 * While a ministry's extension request awaits the coordinator, its reply escalations wait; the reminder still
 * goes. Refused: what fell due goes out at once and the old ladder continues. Approved: the new plan replaces the
 * old one.
 */
jest.setTimeout(180_000);

const DAY = 86_400_000;
const MINUTE = 60_000;
const h = harnessPerFile();

function escalationMails() {
  return h.fakes.notifications.filter((n) => n.template === 'reply_escalation');
}

/** Sent to JenV, acknowledged; ten days before the reply deadline JenV asks for ten more working days. */
async function pendingRequest(): Promise<{
  handle: LifecycleHandle;
  plan: ClockSchedule;
  request: ExtensionRequest;
}> {
  const handle = await startConfirmed(h, 'the submission');
  const sent = await handle.executeUpdate(reviewUpdate, {
    args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
  });
  await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'JenV', actor: contact }] });
  const plan = planClock({ kind: 'reply', startAt: sent.snapshot.sentAt!, policy: DEFAULT_DEADLINE_POLICY });
  expect(sent.snapshot.ministries[0]!.replyDueAt).toBe(plan.dueAt);
  await sleepUntil(h.env, Date.parse(plan.dueAt) - 10 * DAY);
  const request = await handle.executeUpdate(requestExtensionUpdate, {
    args: [{ ministryCode: 'JenV', reason: 'Awaiting advice', extraWorkingDays: 10, actor: contact }],
  });
  // The reminder still goes while the request waits.
  await sleepUntil(h.env, Date.parse(plan.reminderAt!) + MINUTE);
  await until(
    () => h.fakes.eventsOf('reply_reminder').length,
    (n) => n === 1,
    'the reply reminder',
  );
  // Past the deadline, the request still undecided: no escalation, no mail, not overdue.
  await sleepUntil(h.env, Date.parse(plan.dueAt) + 3 * DAY);
  await quietPeriod();
  expect(h.fakes.eventsOf('reply_escalated')).toHaveLength(0);
  expect(escalationMails()).toHaveLength(0);
  const waiting = await status(handle);
  expect(waiting.ministries[0]).toMatchObject({
    status: 'extension_requested',
    overdue: false,
    escalationCount: 0,
  });
  return { handle, plan, request };
}

it('refused after the deadline: the escalation that fell due goes out at once, and the old ladder continues', () =>
  h.run(async () => {
    const { handle, plan } = await pendingRequest();
    const decidedAt = await h.env.currentTimeMs();
    const refused = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'JenV', decision: 'refuse', reason: 'Too late to ask', actor: coordinator }],
    });
    expect(refused.replyDueAt).toBe(plan.dueAt);
    const [escalation] = await until(
      () => h.fakes.eventsOf('reply_escalated'),
      (e) => e.length === 1,
      'the escalation',
    );
    expect(Date.parse(escalation!.at)).toBeGreaterThanOrEqual(decidedAt);
    expect(Date.parse(escalation!.at)).toBeLessThan(decidedAt + MINUTE);
    expect(escalation!.businessKey).toContain('reply-r1-escalation-1');
    await until(
      () => escalationMails().length,
      (n) => n === 1,
      'the escalation mail',
    );
    expect(escalationMails()).toHaveLength(1);
    expect(escalationMails()[0]).toMatchObject({
      ministryCode: 'JenV',
      audiences: ['ministry_escalation', 'coordinators'],
      data: { dueAt: plan.dueAt, escalationLevel: 1 },
    });
    await until(
      () => status(handle),
      (s) => s.ministries[0]!.overdue,
      'JenV to be overdue',
    );
    // The next rung of the original ladder, at its planned time.
    await sleepUntil(h.env, Date.parse(plan.escalationsAt[1]!) + MINUTE);
    const escalations = await until(
      () => h.fakes.eventsOf('reply_escalated'),
      (e) => e.length === 2,
      'the second escalation',
    );
    expect(Date.parse(escalations[1]!.at)).toBeGreaterThanOrEqual(Date.parse(plan.escalationsAt[1]!));
    expect(Date.parse(escalations[1]!.at)).toBeLessThan(Date.parse(plan.escalationsAt[1]!) + MINUTE);
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));

it('approved after the deadline: the new deadline holds, the old plan never escalates', () =>
  h.run(async () => {
    const { handle, request } = await pendingRequest();
    const approved = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ ministryCode: 'JenV', decision: 'approve', actor: coordinator }],
    });
    expect(approved.replyDueAt).toBe(request.requestedDueAt);
    expect(approved.snapshot.ministries[0]).toMatchObject({
      status: 'acknowledged',
      overdue: false,
      extensionCount: 1,
    });
    await quietPeriod();
    expect(h.fakes.eventsOf('reply_escalated')).toHaveLength(0);
    // Up to the new deadline nothing escalates; past it, the new plan does, once.
    await sleepUntil(h.env, Date.parse(request.requestedDueAt) - MINUTE);
    await quietPeriod();
    expect(h.fakes.eventsOf('reply_escalated')).toHaveLength(0);
    await sleepUntil(h.env, Date.parse(request.requestedDueAt) + MINUTE);
    const [escalation] = await until(
      () => h.fakes.eventsOf('reply_escalated'),
      (e) => e.length === 1,
      'the escalation',
    );
    expect(escalation!.businessKey).toContain('reply-r2-escalation-1');
    expect(Date.parse(escalation!.at)).toBeGreaterThanOrEqual(Date.parse(request.requestedDueAt));
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));
