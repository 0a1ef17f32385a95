import {
  acknowledgeUpdate,
  decideSuspensionUpdate,
  extendDeadlineUpdate,
  requestExtensionUpdate,
  requestSuspensionUpdate,
  resumeClockUpdate,
  reviewUpdate,
  suspendClockUpdate,
  withdrawUpdate,
} from '../../shared/lifecycle';
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamInstant,
  endOfAmsterdamDay,
  officeMorning,
  type CalendarDate,
} from '../../shared/working-days';
import { christmasDay, easterMonday, isDutchWorkingDay, isWeekday, shiftDays } from './dutch-holidays';
import {
  contact,
  coordinator,
  expectFiredAt,
  harnessPerFile,
  quietPeriod,
  refusalOf,
  sleepUntil,
  startConfirmed,
  status,
  until,
  type LifecycleHandle,
} from './harness';

/**
 * Suspended clocks (docs/architecture.md#the-clocks): a coordinator stops a running clock and resumes it later; its
 * deadline, reminder and remaining escalations move by the Dutch working days it stood still, and nothing goes out
 * meanwhile. Each calendar test takes the next occurrence of its holiday after the test server's clock and checks
 * against the independent holiday oracle (./dutch-holidays), so the tests hold in any year and in any order.
 */
jest.setTimeout(180_000);

const MINUTE = 60_000;

const h = harnessPerFile();

/** The working days after `from` up to and including `to`, by the oracle. */
function workingDaysLost(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isDutchWorkingDay(day)) count += 1;
  }
  return count;
}

function weekdaysLost(from: CalendarDate, to: CalendarDate): number {
  let count = 0;
  for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
    if (isWeekday(day)) count += 1;
  }
  return count;
}

async function serverYear(): Promise<number> {
  return Number(amsterdamDate(new Date(await h.env.currentTimeMs())).slice(0, 4));
}

async function ended(handle: LifecycleHandle): Promise<void> {
  await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
  await handle.result();
}

it('a review suspended on Good Friday and resumed the Wednesday after Easter moves two working days: no reminder meanwhile, then reminder and escalation at their shifted times', () =>
  h.run(async () => {
    // The review starts five working days before Good Friday: its reminder (working day 7) falls on the Wednesday
    // after Easter at 09:00, while the clock stands still; the resumption comes at 10:00 that day.
    let year = await serverYear();
    let goodFriday: CalendarDate;
    let start: CalendarDate;
    for (; ; year += 1) {
      goodFriday = addCalendarDays(easterMonday(year), -3);
      start = shiftDays(goodFriday, -5, isDutchWorkingDay);
      if (amsterdamInstant(start, 9).getTime() > (await h.env.currentTimeMs()) + MINUTE) break;
    }
    const wednesday = addCalendarDays(easterMonday(year), 2);
    const reminderDay = shiftDays(start, 7, isDutchWorkingDay);
    const dueDay = shiftDays(start, 10, isDutchWorkingDay);
    expect(reminderDay).toBe(wednesday);

    await sleepUntil(h.env, amsterdamInstant(start, 9));
    const handle = await startConfirmed(h, 'the submission');
    expect((await status(handle)).reviewDueAt).toBe(endOfAmsterdamDay(dueDay).toISOString());

    await sleepUntil(h.env, amsterdamInstant(goodFriday, 10));
    const suspended = await handle.executeUpdate(suspendClockUpdate, {
      args: [{ clock: 'review', reason: 'Awaiting the police report', actor: coordinator }],
    });
    expect(suspended).toMatchObject({ clock: 'review', ministryCode: null });
    expect(typeof suspended.suspendedSince).toBe('string');
    expect(suspended.snapshot).toMatchObject({
      suspendedSince: suspended.suspendedSince,
      suspensionReason: 'Awaiting the police report',
      nextDeadlineAt: null,
    });

    // The Wednesday's 09:00 reminder is not sent while the clock stands still.
    await sleepUntil(h.env, amsterdamInstant(wednesday, 10));
    await quietPeriod();
    expect(h.fakes.eventsOf('review_reminder')).toHaveLength(0);
    expect(h.fakes.notifications.filter((n) => n.template === 'review_reminder')).toHaveLength(0);

    const resumed = await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'review', note: 'Report received', actor: coordinator }],
    });
    // Tuesday and Wednesday were lost; the weekend and Easter Monday never counted.
    expect(workingDaysLost(goodFriday, wednesday)).toBe(2);
    expect(weekdaysLost(goodFriday, wednesday)).toBe(3);
    const shiftedDue = shiftDays(dueDay, 2, isDutchWorkingDay);
    expect(resumed).toMatchObject({
      workingDaysGivenBack: 2,
      suspendedSince: null,
      dueAt: endOfAmsterdamDay(shiftedDue).toISOString(),
    });
    expect(resumed.snapshot).toMatchObject({ suspendedSince: null, reviewDueAt: resumed.dueAt });
    const [resumedEvent] = h.fakes.eventsOf('clock_resumed');
    expect(resumedEvent).toMatchObject({
      actor: coordinator,
      data: {
        clock: 'review',
        workingDaysGivenBack: 2,
        suspendedSince: suspended.suspendedSince,
        previousDueAt: endOfAmsterdamDay(dueDay).toISOString(),
        dueAt: resumed.dueAt,
      },
    });
    expect(h.fakes.eventsOf('clock_suspended')[0]).toMatchObject({
      actor: coordinator,
      data: { clock: 'review', reason: 'Awaiting the police report' },
    });
    expect(h.fakes.templates()).toEqual(expect.arrayContaining(['clock_suspended', 'clock_resumed']));

    // The reminder follows at 09:00 two working days after its planned day, then the escalation at the new deadline.
    const shiftedReminder = officeMorning(shiftDays(reminderDay, 2, isDutchWorkingDay));
    await sleepUntil(h.env, shiftedReminder.getTime() - MINUTE);
    await quietPeriod();
    expect(h.fakes.eventsOf('review_reminder')).toHaveLength(0);
    await sleepUntil(h.env, shiftedReminder.getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('review_reminder').length,
      (n) => n === 1,
      'the shifted reminder',
    );
    expectFiredAt(h.fakes.eventsOf('review_reminder')[0], shiftedReminder);
    const shiftedDueAt = endOfAmsterdamDay(shiftedDue);
    await sleepUntil(h.env, endOfAmsterdamDay(dueDay).getTime() + MINUTE);
    await quietPeriod();
    expect(h.fakes.eventsOf('review_escalated')).toHaveLength(0);
    await sleepUntil(h.env, shiftedDueAt.getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('review_escalated').length,
      (n) => n === 1,
      'the shifted escalation',
    );
    expectFiredAt(h.fakes.eventsOf('review_escalated')[0], shiftedDueAt);
    await ended(handle);
  }));

it('an acknowledgement ladder suspended on the Friday before Christmas and resumed after it: no escalation meanwhile, the next rungs shifted by the working days lost', () =>
  h.run(async () => {
    // Sent nine working days before that Friday: the first escalation (working day 5) goes before the suspension,
    // the second (five working days on) would fall while the clock stands still.
    let year = await serverYear();
    let friday: CalendarDate;
    let sendDay: CalendarDate;
    let resumeDay: CalendarDate;
    for (; ; year += 1) {
      friday = addCalendarDays(christmasDay(year), -1);
      while (new Date(`${friday}T12:00:00Z`).getUTCDay() !== 5) friday = addCalendarDays(friday, -1);
      sendDay = shiftDays(friday, -9, isDutchWorkingDay);
      resumeDay = shiftDays(christmasDay(year), 2, isDutchWorkingDay);
      const ahead = amsterdamInstant(sendDay, 9).getTime() > (await h.env.currentTimeMs()) + MINUTE;
      // Only a year whose Christmas days fall on weekdays makes the holidays count.
      if (ahead && workingDaysLost(friday, resumeDay) < weekdaysLost(friday, resumeDay)) break;
    }
    const lost = workingDaysLost(friday, resumeDay);
    const firstDue = shiftDays(sendDay, 5, isDutchWorkingDay);
    const secondDue = shiftDays(firstDue, 5, isDutchWorkingDay);
    const thirdDue = shiftDays(secondDue, 5, isDutchWorkingDay);
    expect(secondDue > friday && secondDue <= resumeDay).toBe(true);

    await sleepUntil(h.env, amsterdamInstant(sendDay, 9));
    const handle = await startConfirmed(h, 'the submission');
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['JenV'], actor: coordinator }],
    });
    expect(sent.snapshot.ministries[0]!.ackDueAt).toBe(endOfAmsterdamDay(firstDue).toISOString());
    await sleepUntil(h.env, endOfAmsterdamDay(firstDue).getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('ack_escalated', 'JenV').length,
      (n) => n === 1,
      'the first escalation',
    );
    await until(
      () => status(handle),
      (s) => s.ministries[0]!.overdue,
      'JenV to be overdue',
    );

    await sleepUntil(h.env, amsterdamInstant(friday, 10));
    const suspended = await handle.executeUpdate(suspendClockUpdate, {
      args: [
        { clock: 'acknowledgement', ministryCode: 'JenV', reason: 'Contact on leave', actor: coordinator },
      ],
    });
    expect(suspended.snapshot.ministries[0]).toMatchObject({
      ackSuspendedSince: suspended.suspendedSince,
      ackSuspensionReason: 'Contact on leave',
      replySuspendedSince: null,
      overdue: false,
    });
    expect(suspended.snapshot.nextDeadlineKind).toBe('reply:JenV');

    // Past the second rung's planned time and over Christmas: nothing.
    await sleepUntil(h.env, amsterdamInstant(resumeDay, 10));
    await quietPeriod();
    expect(h.fakes.eventsOf('ack_escalated', 'JenV')).toHaveLength(1);
    expect(h.fakes.notifications.filter((n) => n.template === 'ack_escalation')).toHaveLength(1);

    const resumed = await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'acknowledgement', ministryCode: 'JenV', actor: coordinator }],
    });
    expect(resumed.workingDaysGivenBack).toBe(lost);
    expect(resumed.dueAt).toBe(endOfAmsterdamDay(shiftDays(firstDue, lost, isDutchWorkingDay)).toISOString());
    // The first escalation went out before: the ministry is overdue again, and it is not sent a second time.
    expect(resumed.snapshot.ministries[0]).toMatchObject({ ackSuspendedSince: null, overdue: true });

    const secondAt = endOfAmsterdamDay(shiftDays(secondDue, lost, isDutchWorkingDay));
    await sleepUntil(h.env, secondAt.getTime() - MINUTE);
    await quietPeriod();
    expect(h.fakes.eventsOf('ack_escalated', 'JenV')).toHaveLength(1);
    await sleepUntil(h.env, secondAt.getTime() + MINUTE);
    const second = await until(
      () => h.fakes.eventsOf('ack_escalated', 'JenV'),
      (e) => e.length === 2,
      'the second escalation',
    );
    expectFiredAt(second[1], secondAt);
    expect(second[1]!.data).toMatchObject({ level: 2 });
    const thirdAt = endOfAmsterdamDay(shiftDays(thirdDue, lost, isDutchWorkingDay));
    await sleepUntil(h.env, thirdAt.getTime() + MINUTE);
    const third = await until(
      () => h.fakes.eventsOf('ack_escalated', 'JenV'),
      (e) => e.length === 3,
      'the third escalation',
    );
    expectFiredAt(third[2], thirdAt);
    await ended(handle);
  }));

it('a ministry asks for its reply clock to stand still; granted, it stands still over its deadline until resumed, and escalates at the moved deadline', () =>
  h.run(async () => {
    const handle = await startConfirmed(h, 'the submission');
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZ'], actor: coordinator }],
    });
    const replyDueAt = sent.snapshot.ministries[0]!.replyDueAt!;
    const request = await handle.executeUpdate(requestSuspensionUpdate, {
      args: [{ ministryCode: 'BZ', reason: 'Awaiting the Council of State', actor: contact }],
    });
    expect(request).toMatchObject({ ministryCode: 'BZ', reason: 'Awaiting the Council of State' });
    const waiting = await status(handle);
    // Asking counts as the acknowledgement, as an extension request does.
    expect(waiting.ministries[0]).toMatchObject({
      status: 'acknowledged',
      pendingSuspension: { reason: 'Awaiting the Council of State' },
      replySuspendedSince: null,
    });
    expect(h.fakes.eventsOf('acknowledged', 'BZ')[0]!.data).toMatchObject({ viaSuspensionRequest: true });
    expect(h.fakes.templates()).toContain('suspension_requested:BZ');
    // A second request, an extension request or a direct suspension wait for this decision.
    expect(
      (
        await refusalOf(
          handle.executeUpdate(requestExtensionUpdate, {
            args: [{ ministryCode: 'BZ', reason: 'x', extraWorkingDays: 5, actor: contact }],
          }),
        )
      ).message,
    ).toMatch(/cannot request an extension: a suspension request of BZ of .* awaits a decision/);

    // Granted three days before the deadline (the reminder went, a week before it).
    await sleepUntil(h.env, Date.parse(replyDueAt) - 3 * 86_400_000);
    await until(
      () => h.fakes.eventsOf('reply_reminder', 'BZ').length,
      (n) => n === 1,
      'the reply reminder',
    );
    const granted = await handle.executeUpdate(decideSuspensionUpdate, {
      args: [{ ministryCode: 'BZ', decision: 'grant', actor: coordinator }],
    });
    const since = granted.suspendedSince!;
    expect(granted.snapshot.ministries[0]).toMatchObject({
      replySuspendedSince: since,
      replySuspensionReason: 'Awaiting the Council of State',
      pendingSuspension: null,
    });
    expect(h.fakes.eventsOf('clock_suspended', 'BZ')[0]).toMatchObject({
      actor: coordinator,
      data: { clock: 'reply', requestedAt: request.requestedAt },
    });
    expect(h.fakes.templates()).toContain('suspension_decided:BZ');
    // Extending a suspended deadline is refused: resume it first.
    expect(
      (
        await refusalOf(
          handle.executeUpdate(extendDeadlineUpdate, {
            args: [{ ministryCode: 'BZ', reason: 'x', extraWorkingDays: 5, actor: coordinator }],
          }),
        )
      ).message,
    ).toMatch(/cannot extend the deadline: the reply clock of BZ is suspended since/);

    // Three weeks still, over the planned deadline: nothing goes out.
    const resumeAt = Date.parse(since) + 21 * 86_400_000;
    await sleepUntil(h.env, resumeAt);
    await quietPeriod();
    expect(h.fakes.eventsOf('reply_escalated')).toHaveLength(0);
    const resumed = await handle.executeUpdate(resumeClockUpdate, {
      args: [{ clock: 'reply', ministryCode: 'BZ', actor: coordinator }],
    });
    const lost = workingDaysLost(amsterdamDate(new Date(since)), amsterdamDate(new Date(resumeAt)));
    expect(resumed.workingDaysGivenBack).toBe(lost);
    const newDue = endOfAmsterdamDay(
      shiftDays(amsterdamDate(new Date(Date.parse(replyDueAt) - 1)), lost, isDutchWorkingDay),
    );
    expect(resumed.dueAt).toBe(newDue.toISOString());
    expect(resumed.snapshot.ministries[0]!.replyDueAt).toBe(newDue.toISOString());
    await sleepUntil(h.env, newDue.getTime() + MINUTE);
    const [escalation] = await until(
      () => h.fakes.eventsOf('reply_escalated', 'BZ'),
      (e) => e.length === 1,
      'the reply escalation at the moved deadline',
    );
    expectFiredAt(escalation, newDue);
    expect(escalation!.data).toMatchObject({ dueAt: newDue.toISOString(), level: 1 });
    await ended(handle);
  }));

it('a refused suspension request lets the reply clock run on: what fell due goes out at once', () =>
  h.run(async () => {
    const handle = await startConfirmed(h, 'the submission');
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['EZK'], actor: coordinator }],
    });
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'EZK', actor: contact }] });
    await handle.executeUpdate(requestSuspensionUpdate, {
      args: [{ ministryCode: 'EZK', reason: 'Reorganisation', actor: contact }],
    });
    await sleepUntil(h.env, Date.parse(sent.snapshot.ministries[0]!.replyDueAt!) + MINUTE);
    await quietPeriod();
    expect(h.fakes.eventsOf('reply_escalated')).toHaveLength(0);
    expect(
      (
        await refusalOf(
          handle.executeUpdate(decideSuspensionUpdate, {
            args: [{ ministryCode: 'EZK', decision: 'refuse', actor: coordinator }],
          }),
        )
      ).message,
    ).toBe('a decision needs a reason');
    const refused = await handle.executeUpdate(decideSuspensionUpdate, {
      args: [{ ministryCode: 'EZK', decision: 'refuse', reason: 'Not a reason to wait', actor: coordinator }],
    });
    expect(refused).toMatchObject({ suspendedSince: null, dueAt: sent.snapshot.ministries[0]!.replyDueAt });
    expect(refused.snapshot.ministries[0]!.pendingSuspension).toBeNull();
    await until(
      () => h.fakes.eventsOf('reply_escalated', 'EZK').length,
      (n) => n === 1,
      'the escalation that fell due',
    );
    expect(h.fakes.eventsOf('suspension_refused', 'EZK')[0]!.data).toMatchObject({
      reason: 'Not a reason to wait',
    });
    expect(h.fakes.notifications.find((n) => n.template === 'suspension_decided')).toMatchObject({
      audiences: ['ministry_contact'],
      data: { decision: 'refuse' },
    });
    await ended(handle);
  }));

it('refuses to resume a running clock, to suspend one twice, and to suspend one that has ended', () =>
  h.run(async () => {
    const handle = await startConfirmed(h, 'the submission');
    const notSuspended = await refusalOf(
      handle.executeUpdate(resumeClockUpdate, { args: [{ clock: 'review', actor: coordinator }] }),
    );
    expect(notSuspended).toEqual({
      type: 'TransitionRefused',
      message: 'cannot resume: the review clock is not suspended',
    });
    await handle.executeUpdate(suspendClockUpdate, {
      args: [{ clock: 'review', reason: 'Waiting', actor: coordinator }],
    });
    const twice = await refusalOf(
      handle.executeUpdate(suspendClockUpdate, {
        args: [{ clock: 'review', reason: 'Again', actor: coordinator }],
      }),
    );
    expect(twice.type).toBe('TransitionRefused');
    expect(twice.message).toMatch(/^cannot suspend: the review clock is already suspended since \d{4}-/);
    // Accepting ends the review clock, suspended or not; the ministry clocks start running.
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['Fin'], actor: coordinator }],
    });
    expect(sent.snapshot.suspendedSince).toBeNull();
    const reviewEnded = await refusalOf(
      handle.executeUpdate(suspendClockUpdate, {
        args: [{ clock: 'review', reason: 'Too late', actor: coordinator }],
      }),
    );
    expect(reviewEnded).toEqual({
      type: 'TransitionRefused',
      message: 'cannot suspend: the review clock is not running (not started, or ended)',
    });
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'Fin', actor: contact }] });
    const ackEnded = await refusalOf(
      handle.executeUpdate(suspendClockUpdate, {
        args: [{ clock: 'acknowledgement', ministryCode: 'Fin', reason: 'x', actor: coordinator }],
      }),
    );
    expect(ackEnded.message).toBe(
      'cannot suspend: the acknowledgement clock of Fin is not running (not started, or ended)',
    );
    const bySubmitter = await refusalOf(
      handle.executeUpdate(suspendClockUpdate, {
        args: [{ clock: 'reply', ministryCode: 'Fin', reason: 'x', actor: contact }],
      }),
    );
    expect(bySubmitter.message).toBe('a ministry contact cannot suspend a clock; allowed: coordinator');
    const noMinistry = await refusalOf(
      handle.executeUpdate(suspendClockUpdate, {
        args: [{ clock: 'reply', reason: 'x', actor: coordinator }],
      }),
    );
    expect(noMinistry).toEqual({
      type: 'InvalidUpdateInput',
      message: 'the reply clock belongs to a ministry: give its code',
    });
    await ended(handle);
    expect(h.fakes.eventsOf('clock_suspended')).toHaveLength(1);
  }));
