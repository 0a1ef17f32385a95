import { planClock } from '../../activities/clocks/plan-clock';
import { shiftClock, workingDaysAfterUpTo } from '../../activities/clocks/shift-clock';
import { DEFAULT_DEADLINE_POLICY as policy, type ClockSchedule } from '../../shared/lifecycle';

/**
 * A resumed clock moves by the Dutch working days it stood still: those after the day of the suspension, up to and
 * including the day of the resumption (activities/clocks/shift-clock.ts). Instants: Amsterdam winter time is UTC+1,
 * summer time (from 28 March 2027) UTC+2.
 */
const suspended = (schedule: ClockSchedule): ClockSchedule => ({
  ...schedule,
  suspension: {
    since: '2027-03-26T09:00:00.000Z',
    reason: 'Awaiting the police report',
    by: { type: 'coordinator', label: 'LIEC' },
  },
});

describe('shiftClock', () => {
  it('suspended on Good Friday, resumed the Wednesday after Easter: two working days back (Easter Monday is none)', () => {
    // Review started Mon 22 Mar 2027: ten working days end Mon 5 Apr? No: Easter Monday 29 Mar is off, so Tue 6 Apr.
    const plan = planClock({ kind: 'review', startAt: '2027-03-22T09:00:00.000Z', policy, revision: 1 });
    expect(plan.dueDate).toBe('2027-04-06');
    expect(plan.reminderAt).toBe('2027-04-01T07:00:00.000Z'); // working day 7: Thu 1 Apr, 09:00 summer time
    const shifted = shiftClock({
      schedule: suspended(plan),
      suspendedAt: '2027-03-26T09:00:00.000Z', // Good Friday 10:00
      resumedAt: '2027-03-31T08:00:00.000Z', // Wednesday 10:00
    });
    expect(shifted.workingDaysGivenBack).toBe(2); // Tue 30, Wed 31 March
    expect(shifted.schedule.dueDate).toBe('2027-04-08'); // Tue 6 Apr + 2 working days
    expect(shifted.schedule.dueAt).toBe('2027-04-08T22:00:00.000Z');
    expect(shifted.schedule.escalationsAt).toEqual([shifted.schedule.dueAt]);
    expect(shifted.schedule.reminderAt).toBe('2027-04-05T07:00:00.000Z'); // Thu 1 Apr + 2 working days: Mon 5 Apr
    expect(shifted.schedule.revision).toBe(1);
    expect(shifted.schedule.suspension).toBeUndefined();
  });

  it("over King's Day: a reply ladder moves rung by rung, each by the same working days", () => {
    const plan = planClock({ kind: 'reply', startAt: '2027-03-01T09:00:00.000Z', policy, revision: 2 });
    // Suspended Fri 23 Apr, resumed Thu 29 Apr: Mon 26, Wed 28, Thu 29 (King's Day Tue 27 is off).
    const shifted = shiftClock({
      schedule: suspended(plan),
      suspendedAt: '2027-04-23T12:00:00.000Z',
      resumedAt: '2027-04-29T07:30:00.000Z',
    });
    expect(shifted.workingDaysGivenBack).toBe(3);
    expect(plan.dueDate).toBe('2027-04-26');
    // Mon 26 Apr + 3 working days, King's Day again off: Wed 28, Thu 29, Fri 30.
    expect(shifted.schedule.dueDate).toBe('2027-04-30');
    expect(shifted.schedule.escalationsAt).toHaveLength(plan.escalationsAt.length);
    // The second rung (Mon 24 May) moves three working days: Tue 25 (Whit Monday is 17 May, before it), Wed 26, Thu 27.
    expect(plan.escalationsAt[1]).toBe('2027-05-24T22:00:00.000Z');
    expect(shifted.schedule.escalationsAt[1]).toBe('2027-05-27T22:00:00.000Z');
    expect(shifted.schedule.revision).toBe(2);
  });

  it('over Christmas 2026: from Friday 18 December to Tuesday 29 December, six working days', () => {
    expect(workingDaysAfterUpTo('2026-12-18', '2026-12-29')).toBe(6); // 21-24, 28, 29 (25 and 26 are holidays)
  });

  it('suspended and resumed on the same day, or over a weekend only, gives nothing back', () => {
    const plan = planClock({
      kind: 'acknowledgement',
      startAt: '2027-01-04T09:00:00.000Z',
      policy,
      revision: 1,
    });
    const sameDay = shiftClock({
      schedule: suspended(plan),
      suspendedAt: '2027-01-05T09:00:00.000Z',
      resumedAt: '2027-01-05T15:00:00.000Z',
    });
    expect(sameDay.workingDaysGivenBack).toBe(0);
    expect(sameDay.schedule).toEqual(plan);
    expect(workingDaysAfterUpTo('2027-01-08', '2027-01-10')).toBe(0); // Friday to Sunday
  });

  it('refuses a resumption before the suspension', () => {
    const plan = planClock({ kind: 'review', startAt: '2027-01-04T09:00:00.000Z', policy });
    expect(() =>
      shiftClock({
        schedule: plan,
        suspendedAt: '2027-01-06T09:00:00.000Z',
        resumedAt: '2027-01-05T09:00:00.000Z',
      }),
    ).toThrow(/before it was suspended/);
  });
});
