import Holidays from 'date-holidays';

/**
 * Dutch working days and deadline arithmetic in Europe/Amsterdam.
 *
 * A working day is Monday to Friday, except Dutch public holidays. Which holidays count is a choice, following
 * the Algemene termijnenwet (the Dutch law on statutory periods) and the Rijksoverheid's own days off:
 * - counted: New Year's Day, Easter Monday, King's Day (27 April, or 26 April when the 27th is a Sunday),
 *   Ascension Day, Whit Monday, Christmas Day and Boxing Day (Easter Sunday and Whit Sunday fall on Sundays);
 * - Liberation Day (5 May) only in lustrum years (2025, 2030, ...), the day it is a general day off;
 * - not counted: Good Friday (not a general day off in the Netherlands).
 * The holiday dates come from date-holidays ('NL', type "public"), a maintained library.
 *
 * Used by activities only: workflows receive computed instants through their history, so a library update never
 * changes a replay.
 */

export const AMSTERDAM = 'Europe/Amsterdam';

/** A calendar date `YYYY-MM-DD`. */
export type CalendarDate = string;

const holidayCalendar = new Holidays('NL');
const holidayCache = new Map<number, Set<CalendarDate>>();

function holidaysOf(year: number): Set<CalendarDate> {
  let dates = holidayCache.get(year);
  if (!dates) {
    dates = new Set(
      holidayCalendar
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    if (year % 5 === 0) dates.add(`${year}-05-05`);
    holidayCache.set(year, dates);
  }
  return dates;
}

export function isPublicHoliday(date: CalendarDate): boolean {
  return holidaysOf(Number(date.slice(0, 4))).has(date);
}

function parseDate(date: CalendarDate): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`no such calendar date: ${date}`);
  }
  return { year, month, day };
}

export function isValidCalendarDate(date: string): boolean {
  try {
    parseDate(date);
    return true;
  } catch {
    return false;
  }
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export function isWorkingDay(date: CalendarDate): boolean {
  const { year, month, day } = parseDate(date);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isPublicHoliday(date);
}

/** The Nth working day after `date` (the date itself is not counted; N ≥ 1). */
export function addWorkingDays(date: CalendarDate, count: number): CalendarDate {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`working days must be a whole number ≥ 0: ${count}`);
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/** `date` itself when it is a working day, else the next working day. */
export function nextWorkingDayOnOrAfter(date: CalendarDate): CalendarDate {
  let current = date;
  while (!isWorkingDay(current)) current = addCalendarDays(current, 1);
  return current;
}

const amsterdamParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: AMSTERDAM,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(instant: Date): { date: CalendarDate; minutes: number; offsetMs: number } {
  const parts = Object.fromEntries(
    amsterdamParts.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const offsetMs = asUtc - Math.floor(instant.getTime() / 1000) * 1000;
  return { date, minutes: Number(parts.hour) * 60 + Number(parts.minute), offsetMs };
}

/** The Amsterdam calendar date of an instant. */
export function amsterdamDate(instant: Date): CalendarDate {
  return wallClock(instant).date;
}

/**
 * The calendar year in Amsterdam at an instant, without Intl (the submit path asks this for every reference). The
 * year always turns in winter time, when Amsterdam is exactly UTC+1, so the UTC year one hour later is the answer.
 */
export function amsterdamYear(instant: Date): number {
  return new Date(instant.getTime() + 60 * 60 * 1000).getUTCFullYear();
}

/** The instant of a wall-clock time in Amsterdam (DST-aware; the times used here never fall in a DST gap). */
export function amsterdamInstant(date: CalendarDate, hour = 0, minute = 0): Date {
  const { year, month, day } = parseDate(date);
  const naive = Date.UTC(year, month - 1, day, hour, minute);
  let guess = naive - wallClock(new Date(naive)).offsetMs;
  // A second pass corrects the guess when the offset at the guessed instant differs (near a DST change).
  guess = naive - wallClock(new Date(guess)).offsetMs;
  return new Date(guess);
}

/** The end of a day in Amsterdam: midnight at the start of the next calendar day. */
export function endOfAmsterdamDay(date: CalendarDate): Date {
  return amsterdamInstant(addCalendarDays(date, 1));
}

/** The start of office hours (09:00 Amsterdam), when reminders go out. */
export const OFFICE_HOUR = 9;

export function officeMorning(date: CalendarDate): Date {
  return amsterdamInstant(date, OFFICE_HOUR);
}
