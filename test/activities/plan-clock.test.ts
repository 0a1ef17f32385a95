import { InvalidDeadlineError, planClock } from '../../activities/clocks/plan-clock';
import { DEFAULT_DEADLINE_POLICY as policy } from '../../shared/lifecycle';

// Instants in Amsterdam winter time (UTC+1): midnight Amsterdam is 23:00Z the day before.
describe('planClock', () => {
  it('plans the review clock in working days: reminder at 09:00 on day 7, deadline at the end of day 10', () => {
    const plan = planClock({ kind: 'review', startAt: '2026-11-30T10:00:00.000Z', policy });
    expect(plan.reminderAt).toBe('2026-12-09T08:00:00.000Z');
    expect(plan.dueAt).toBe('2026-12-14T23:00:00.000Z'); // 1-4, 7-11, 14 Dec
    expect(plan.escalationsAt).toEqual([plan.dueAt]);
  });

  it('moves the review deadline over Christmas and New Year', () => {
    const plan = planClock({ kind: 'review', startAt: '2026-12-21T10:00:00.000Z', policy });
    expect(plan.dueAt).toBe('2027-01-06T23:00:00.000Z');
  });

  it('plans acknowledgement escalations every 5 working days up to the maximum', () => {
    const plan = planClock({ kind: 'acknowledgement', startAt: '2027-04-22T10:00:00.000Z', policy });
    // Thu 22 Apr + 5 wd skipping King's Day (Tue 27 Apr): Fri 30 Apr; summer time, so 22:00Z.
    expect(plan.dueAt).toBe('2027-04-30T22:00:00.000Z');
    expect(plan.reminderAt).toBe('2027-04-28T07:00:00.000Z');
    expect(plan.escalationsAt).toHaveLength(policy.maxEscalations);
    // +5 wd from 30 Apr skipping Ascension (Thu 6 May): Mon 3 .. Fri 7 minus 6 => Mon 10 May.
    expect(plan.escalationsAt[1]).toBe('2027-05-10T22:00:00.000Z');
  });

  it('plans the reply clock in calendar weeks, reminder one week before, repeats every 4 weeks', () => {
    const plan = planClock({ kind: 'reply', startAt: '2026-11-30T10:00:00.000Z', policy });
    expect(plan.dueAt).toBe('2027-01-25T23:00:00.000Z');
    expect(plan.reminderAt).toBe('2027-01-18T08:00:00.000Z');
    expect(plan.escalationsAt[1]).toBe('2027-02-22T23:00:00.000Z');
  });

  it('moves a reply deadline that lands on Christmas to the next working day', () => {
    // Mon 26 Oct 2026 + 8 weeks = Mon 21 Dec: fine; Fri 30 Oct + 8 weeks = Fri 25 Dec -> Mon 28 Dec.
    const plan = planClock({ kind: 'reply', startAt: '2026-10-30T10:00:00.000Z', policy });
    expect(plan.dueAt).toBe('2026-12-28T23:00:00.000Z');
  });

  it('accepts an explicit new date or extra working days, and refuses a date in the past', () => {
    const byDate = planClock({
      kind: 'reply',
      startAt: '2027-01-04T10:00:00.000Z',
      policy,
      revision: 2,
      override: { dueDate: '2027-03-01' },
    });
    expect(byDate.dueAt).toBe('2027-03-01T23:00:00.000Z');
    expect(byDate.revision).toBe(2);
    const byDays = planClock({
      kind: 'reply',
      startAt: '2027-01-04T10:00:00.000Z',
      policy,
      override: { extraWorkingDays: 10, from: '2027-01-25T23:00:00.000Z' },
    });
    expect(byDays.dueAt).toBe('2027-02-08T23:00:00.000Z');
    expect(() =>
      planClock({
        kind: 'reply',
        startAt: '2027-01-04T10:00:00.000Z',
        policy,
        override: { dueDate: '2027-01-01' },
      }),
    ).toThrow(InvalidDeadlineError);
    expect(() =>
      planClock({
        kind: 'reply',
        startAt: '2027-01-04T10:00:00.000Z',
        policy,
        override: { dueDate: '2027-13-01' },
      }),
    ).toThrow(InvalidDeadlineError);
  });

  it('drops a reminder that would fall before the clock starts', () => {
    const plan = planClock({
      kind: 'reply',
      startAt: '2027-01-04T10:00:00.000Z',
      policy,
      override: { dueDate: '2027-01-06' },
    });
    expect(plan.reminderAt).toBeNull();
  });
});
