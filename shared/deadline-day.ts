import { amsterdamDate, type CalendarDate } from './working-days';

/**
 * The calendar day a deadline belongs to, and how people read it.
 *
 * A deadline instant is the *end* of its day in Amsterdam: midnight at the start of the next calendar day
 * (endOfAmsterdamDay in shared/working-days.ts). Read as an ordinary instant it falls on the next day, so every
 * screen, mail, page and export that shows a deadline's day goes through here, where the last millisecond before
 * that midnight decides the day.
 */

export type Language = 'nl' | 'en';
/** `long`: "vrijdag 18 december 2026" (mails, the ministry page); `short`: "18 dec 2026" (dashboard tables). */
export type DayStyle = 'long' | 'short';

/** The Amsterdam calendar day (`YYYY-MM-DD`) a deadline instant closes. */
export function deadlineDay(instant: Date | string): CalendarDate {
  const at = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(at.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  return amsterdamDate(new Date(at.getTime() - 1));
}

/** deadlineDay for nullable read-model columns. */
export function deadlineDayOrNull(instant: Date | string | null | undefined): CalendarDate | null {
  return instant ? deadlineDay(instant) : null;
}

const LOCALES: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };
const OPTIONS: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  long: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: 'numeric', month: 'short', year: 'numeric' },
};

// A calendar day has no time zone: it is formatted as that day's noon in UTC, formatted in UTC, so no offset can
// move it to a neighbouring day.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(language: Language, style: DayStyle): Intl.DateTimeFormat {
  const key = `${language}:${style}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALES[language], { ...OPTIONS[style], timeZone: 'UTC' });
    dayFormats.set(key, format);
  }
  return format;
}

/** A calendar day (`YYYY-MM-DD`) in words. */
export function formatCalendarDay(day: CalendarDate, language: Language, style: DayStyle = 'long'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${day}`);
  const noon = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
  return dayFormat(language, style).format(noon);
}

/** The day a deadline instant closes, in words: what mails, pages and the dashboard show as "termijn". */
export function formatDeadlineDay(
  instant: Date | string,
  language: Language,
  style: DayStyle = 'long',
): string {
  return formatCalendarDay(deadlineDay(instant), language, style);
}
