import { acknowledgeUpdate, reviewUpdate, withdrawUpdate } from '../../shared/lifecycle';
import {
  addCalendarDays,
  amsterdamDate,
  amsterdamInstant,
  endOfAmsterdamDay,
  officeMorning,
  type CalendarDate,
} from '../../shared/working-days';
import { christmasDay, isDutchWorkingDay, isWeekday, kingsDay, shiftDays } from './dutch-holidays';
import {
  contact,
  coordinator,
  expectFiredAt,
  harnessPerFile,
  sleepUntil,
  startConfirmed,
  status,
  until,
} from './harness';

/**
 * Dutch public holidays move deadlines. Each test takes the next Christmas or King's Day after the test server's
 * clock (which starts at today's date), skips that clock forward to a few working days before it, and checks the
 * deadline against an independent holiday calendar (./dutch-holidays): valid in any year, never expiring. Time only
 * moves forward, and awaiting a result may skip it far ahead: each test looks for its holiday from wherever the
 * clock stands when it starts, so the tests share one environment and run in any order or alone.
 */
jest.setTimeout(120_000);

const MINUTE = 60_000;

const h = harnessPerFile();

interface HolidayWindow {
  holiday: CalendarDate;
  /** Three working days before the holiday; the clock starts at 09:00 Amsterdam that day. */
  start: CalendarDate;
  /** The deadline counted in working days (holidays off). */
  due: CalendarDate;
  /** The same count in plain weekdays: where the deadline would land if the holiday were ignored. */
  naiveDue: CalendarDate;
}

/**
 * The first year, from the server's current one, whose holiday falls on a weekday (Christmas 2027 is a weekend,
 * King's Day is on a Saturday in 2030 and 2031: those years move no deadline) and still lies ahead.
 */
async function nextHolidayWindow(
  holidayOf: (year: number) => CalendarDate,
  workingDays: number,
): Promise<HolidayWindow> {
  const now = await h.env.currentTimeMs();
  for (let year = Number(amsterdamDate(new Date(now)).slice(0, 4)); ; year += 1) {
    const holiday = holidayOf(year);
    const start = shiftDays(holiday, -3, isDutchWorkingDay);
    if (amsterdamInstant(start, 9).getTime() <= now + MINUTE) continue;
    const due = shiftDays(start, workingDays, isDutchWorkingDay);
    const naiveDue = shiftDays(start, workingDays, isWeekday);
    if (due !== naiveDue) return { holiday, start, due, naiveDue };
  }
}

it('a review started three working days before Christmas is due ten working days later, counting no holiday', () =>
  h.run(async () => {
    const window = await nextHolidayWindow(christmasDay, 10);
    await sleepUntil(h.env, amsterdamInstant(window.start, 9));
    const handle = await startConfirmed(h, 'the submission');
    // Christmas, Boxing Day and New Year's Day (those on weekdays) push the tenth working day back.
    const dueAt = endOfAmsterdamDay(window.due);
    expect((await status(handle)).reviewDueAt).toBe(dueAt.toISOString());
    expect(window.due > window.naiveDue).toBe(true);
    // The morning after the deadline the holidays would have given, nothing has escalated yet.
    await sleepUntil(h.env, officeMorning(addCalendarDays(window.naiveDue, 1)));
    expect(h.fakes.eventsOf('review_escalated')).toHaveLength(0);
    await sleepUntil(h.env, dueAt.getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('review_escalated').length,
      (n) => n === 1,
      'the review escalation',
    );
    expectFiredAt(h.fakes.eventsOf('review_escalated')[0], dueAt);
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));

it("an acknowledgement requested three working days before King's Day is due five working days later, over it", () =>
  h.run(async () => {
    const window = await nextHolidayWindow(kingsDay, 5);
    await sleepUntil(h.env, amsterdamInstant(window.start, 9));
    const handle = await startConfirmed(h, 'the submission');
    const sent = await handle.executeUpdate(reviewUpdate, {
      args: [{ decision: 'accept', ministryCodes: ['BZK'], actor: coordinator }],
    });
    const dueAt = endOfAmsterdamDay(window.due);
    expect(sent.snapshot.ministries[0]!.ackDueAt).toBe(dueAt.toISOString());
    expect(window.due > window.naiveDue).toBe(true);
    await sleepUntil(h.env, officeMorning(addCalendarDays(window.naiveDue, 1)));
    expect(h.fakes.eventsOf('ack_escalated')).toHaveLength(0);
    await sleepUntil(h.env, dueAt.getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('ack_escalated').length,
      (n) => n === 1,
      'the acknowledgement escalation',
    );
    expectFiredAt(h.fakes.eventsOf('ack_escalated')[0], dueAt);
    // The second escalation, five working days on, skips whatever holiday falls in between (Ascension Day, say).
    const secondAt = endOfAmsterdamDay(shiftDays(window.due, 5, isDutchWorkingDay));
    await sleepUntil(h.env, secondAt.getTime() + MINUTE);
    await until(
      () => h.fakes.eventsOf('ack_escalated').length,
      (n) => n === 2,
      'the second escalation',
    );
    expectFiredAt(h.fakes.eventsOf('ack_escalated')[1], secondAt);
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ ministryCode: 'BZK', actor: contact }] });
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: coordinator }] });
    await handle.result();
  }));
