import {
  addCalendarDays,
  addWorkingDays,
  amsterdamDate,
  amsterdamInstant,
  amsterdamYear,
  endOfAmsterdamDay,
  isPublicHoliday,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
} from '../../shared/working-days';
import { isDutchWorkingDay } from '../workflows/dutch-holidays';

describe('Dutch working days', () => {
  it.each([
    ['2027-01-01', 'New Year'],
    ['2027-03-29', 'Easter Monday'],
    ['2027-04-27', "King's Day"],
    ['2025-04-26', "King's Day moved to Saturday when the 27th is a Sunday"],
    ['2027-05-06', 'Ascension Day'],
    ['2027-05-17', 'Whit Monday'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-28', 'not a holiday (control)'],
  ])('%s: %s', (date, name) => {
    expect(isPublicHoliday(date)).toBe(!name.includes('control'));
  });

  it('counts Liberation Day only in lustrum years and never Good Friday', () => {
    expect(isWorkingDay('2030-05-06')).toBe(true);
    expect(isPublicHoliday('2030-05-05')).toBe(true);
    expect(isWorkingDay('2027-05-05')).toBe(true);
    expect(isWorkingDay('2027-03-26')).toBe(true); // Good Friday
  });

  it('skips weekends', () => {
    expect(isWorkingDay('2026-11-28')).toBe(false);
    expect(isWorkingDay('2026-11-29')).toBe(false);
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('moves a deadline over Christmas and New Year', () => {
    // Monday 21 Dec 2026 + 10 working days: 22,23,24 | 28,29,30,31 | 4,5,6 Jan (25, 26 Dec and 1 Jan off).
    expect(addWorkingDays('2026-12-21', 10)).toBe('2027-01-06');
  });

  it("moves a deadline over King's Day and Ascension", () => {
    // Thursday 22 Apr 2027 + 5 working days: 23, 26, 28, 29, 30 (27 Apr off).
    expect(addWorkingDays('2027-04-22', 5)).toBe('2027-04-30');
    expect(addWorkingDays('2027-05-03', 5)).toBe('2027-05-11'); // 6 May Ascension off
  });

  it('finds the next working day', () => {
    expect(nextWorkingDayOnOrAfter('2026-12-25')).toBe('2026-12-28');
    expect(nextWorkingDayOnOrAfter('2026-12-28')).toBe('2026-12-28');
  });

  it('converts Amsterdam wall-clock times across daylight saving time', () => {
    expect(amsterdamInstant('2027-01-15', 9).toISOString()).toBe('2027-01-15T08:00:00.000Z');
    expect(amsterdamInstant('2027-07-15', 9).toISOString()).toBe('2027-07-15T07:00:00.000Z');
    expect(endOfAmsterdamDay('2027-03-27').toISOString()).toBe('2027-03-27T23:00:00.000Z');
    expect(endOfAmsterdamDay('2027-03-28').toISOString()).toBe('2027-03-28T22:00:00.000Z');
    expect(amsterdamDate(new Date('2027-03-27T23:30:00Z'))).toBe('2027-03-28');
    expect(amsterdamDate(new Date('2027-03-27T22:59:59Z'))).toBe('2027-03-27');
  });

  it('refuses impossible dates and negative counts', () => {
    expect(() => addWorkingDays('2027-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2027-02-03', -1)).toThrow(RangeError);
  });
});

describe('amsterdamYear', () => {
  it('agrees with the Amsterdam calendar date around every New Year and through a year, hour by hour', () => {
    const instants: Date[] = [];
    for (const year of [2024, 2025, 2026, 2027]) {
      const newYear = Date.UTC(year, 0, 1);
      // Around the turn (23:00 UTC is midnight in Amsterdam), minute by minute.
      for (let m = -180; m <= 180; m++) instants.push(new Date(newYear + m * 60_000));
    }
    // And every hour of 2026, both DST changes included.
    for (let h = 0; h < 366 * 24; h++) instants.push(new Date(Date.UTC(2026, 0, 1) + h * 3_600_000));
    for (const instant of instants) {
      expect([instant.toISOString(), amsterdamYear(instant)]).toEqual([
        instant.toISOString(),
        Number(amsterdamDate(instant).slice(0, 4)),
      ]);
    }
    expect(amsterdamYear(new Date('2026-12-31T22:59:59.999Z'))).toBe(2026);
    expect(amsterdamYear(new Date('2026-12-31T23:00:00.000Z'))).toBe(2027);
  });
});

describe('the holiday library against the calendar rules', () => {
  it('agrees, day by day, with an independent Dutch holiday calendar over thirty years', () => {
    const disagreements: string[] = [];
    for (let day = '2025-01-01'; day < '2055-01-01'; day = addCalendarDays(day, 1)) {
      if (isWorkingDay(day) !== isDutchWorkingDay(day)) disagreements.push(day);
    }
    expect(disagreements).toEqual([]);
  });
});
