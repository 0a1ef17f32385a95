import {
  deadlineDay,
  deadlineDayOrNull,
  formatCalendarDay,
  formatDeadlineDay,
} from '../../shared/deadline-day';
import { addCalendarDays, endOfAmsterdamDay } from '../../shared/working-days';

/**
 * A deadline instant is midnight at the start of the day after its last day (Amsterdam). The day shown must be
 * the last day itself, in winter and summer time, on the nights the clocks change and across New Year.
 */
describe('deadlineDay', () => {
  it.each([
    // winter time (UTC+1)
    ['2026-12-18', '2026-12-18T23:00:00.000Z'],
    // New Year's Eve: the instant is already 1 January in Amsterdam, and in UTC still 31 December
    ['2026-12-31', '2026-12-31T23:00:00.000Z'],
    ['2027-01-01', '2027-01-01T23:00:00.000Z'],
    // the last day before summer time starts (Sunday 29 March 2026, 02:00 → 03:00)
    ['2026-03-28', '2026-03-28T23:00:00.000Z'],
    // the day the clocks go forward: the day is 23 hours long, its end is in summer time (UTC+2)
    ['2026-03-29', '2026-03-29T22:00:00.000Z'],
    // the last day of summer time (Sunday 25 October 2026, 03:00 → 02:00): its end is in winter time again
    ['2026-10-24', '2026-10-24T22:00:00.000Z'],
    ['2026-10-25', '2026-10-25T23:00:00.000Z'],
    // a leap day
    ['2028-02-29', '2028-02-29T23:00:00.000Z'],
  ])('gives %s for the deadline stored as %s', (day, stored) => {
    expect(endOfAmsterdamDay(day).toISOString()).toBe(stored);
    expect(deadlineDay(new Date(stored))).toBe(day);
    expect(deadlineDay(stored)).toBe(day);
  });

  it('round-trips every day of 2026 to 2028 through its deadline instant', () => {
    for (let day = '2026-01-01'; day < '2029-01-01'; day = addCalendarDays(day, 1)) {
      expect([day, deadlineDay(endOfAmsterdamDay(day))]).toEqual([day, day]);
    }
  });

  it('counts an instant within a day (an imported deadline "at noon") to that day', () => {
    expect(deadlineDay('2026-12-18T11:00:00Z')).toBe('2026-12-18');
    expect(deadlineDay('2026-12-18T22:59:59.999Z')).toBe('2026-12-18');
  });

  it('passes null through and refuses what is not an instant', () => {
    expect(deadlineDayOrNull(null)).toBeNull();
    expect(deadlineDayOrNull(undefined)).toBeNull();
    expect(() => deadlineDay('next friday')).toThrow(RangeError);
  });
});

describe('formatting deadline days', () => {
  it('shows the Friday of a deadline stored as Saturday midnight, in Dutch and English', () => {
    const stored = '2026-12-18T23:00:00.000Z';
    expect(formatDeadlineDay(stored, 'nl')).toBe('vrijdag 18 december 2026');
    expect(formatDeadlineDay(stored, 'en')).toBe('Friday, 18 December 2026');
    expect(formatDeadlineDay(stored, 'nl', 'short')).toBe('18 dec 2026');
  });

  it('shows New Year’s Eve and the nights the clocks change on their own day', () => {
    expect(formatDeadlineDay(endOfAmsterdamDay('2026-12-31'), 'nl')).toBe('donderdag 31 december 2026');
    expect(formatDeadlineDay(endOfAmsterdamDay('2026-03-29'), 'en')).toBe('Sunday, 29 March 2026');
    expect(formatDeadlineDay(endOfAmsterdamDay('2026-10-25'), 'nl', 'short')).toBe('25 okt 2026');
  });

  it('formats a calendar date as that date, whatever the offset', () => {
    expect(formatCalendarDay('2027-01-01', 'nl')).toBe('vrijdag 1 januari 2027');
    expect(formatCalendarDay('2026-12-18', 'en', 'short')).toBe('18 Dec 2026');
    expect(() => formatCalendarDay('18-12-2026', 'nl')).toThrow(RangeError);
  });
});
