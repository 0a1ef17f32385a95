import { addCalendarDays, type CalendarDate } from '../../shared/working-days';

/**
 * An oracle for the holiday tests, written independently of the date-holidays library the product uses: the
 * Dutch public holidays that count as days off (shared/working-days.ts explains the choice), from the calendar
 * rules themselves. The workflow tests pick the next occurrence of a holiday after the test server's clock, so
 * they hold in any year; the expected deadlines come from here.
 */

function weekday(date: CalendarDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekday(date: CalendarDate): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/** Easter Sunday (Gregorian; the anonymous algorithm, a.k.a. Meeus/Jones/Butcher). */
function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Easter Monday, a day off (Good Friday, three days before it, is not: shared/working-days.ts). */
export function easterMonday(year: number): CalendarDate {
  return addCalendarDays(easterSunday(year), 1);
}

/** King's Day: 27 April, or 26 April when the 27th is a Sunday. */
export function kingsDay(year: number): CalendarDate {
  const day = `${year}-04-27`;
  return weekday(day) === 0 ? `${year}-04-26` : day;
}

export function christmasDay(year: number): CalendarDate {
  return `${year}-12-25`;
}

function holidays(year: number): Set<CalendarDate> {
  const easter = easterSunday(year);
  const days = [
    `${year}-01-01`,
    addCalendarDays(easter, 1), // Easter Monday
    kingsDay(year),
    addCalendarDays(easter, 39), // Ascension Day
    addCalendarDays(easter, 50), // Whit Monday
    `${year}-12-25`,
    `${year}-12-26`,
  ];
  if (year % 5 === 0) days.push(`${year}-05-05`); // Liberation Day, a day off in lustrum years
  return new Set(days);
}

export function isDutchWorkingDay(date: CalendarDate): boolean {
  return isWeekday(date) && !holidays(Number(date.slice(0, 4))).has(date);
}

/** The Nth day after `date` for which `counts` holds (the date itself not counted); negative N counts back. */
export function shiftDays(
  date: CalendarDate,
  count: number,
  counts: (day: CalendarDate) => boolean,
): CalendarDate {
  const step = count < 0 ? -1 : 1;
  let current = date;
  for (let remaining = Math.abs(count); remaining > 0;) {
    current = addCalendarDays(current, step);
    if (counts(current)) remaining -= 1;
  }
  return current;
}
