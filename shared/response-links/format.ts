import { formatCalendarDay, formatDeadlineDay, type Language } from '../deadline-day';
import { AMSTERDAM, amsterdamDate } from '../working-days';

/** Dates as people at ministries read them: Amsterdam time, Dutch or English words. */
const TIME_ZONE = AMSTERDAM;

const dateTimeFormat = (locale: string) =>
  new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
const dateTimeFormats = { nl: dateTimeFormat('nl-NL'), en: dateTimeFormat('en-GB') };

export type { Language };

/** The Amsterdam day of an instant that is not a deadline (e.g. when a link expires), in words. */
export function formatDate(value: string | Date, language: Language): string {
  return formatCalendarDay(amsterdamDate(typeof value === 'string' ? new Date(value) : value), language);
}

export function formatDateTime(value: string | Date, language: Language): string {
  return dateTimeFormats[language].format(typeof value === 'string' ? new Date(value) : value);
}

/** The day a deadline instant closes (shared/deadline-day.ts), as every mail and page shows it. */
export function formatDeadline(value: string | Date, language: Language): string {
  return formatDeadlineDay(value, language);
}

/** A calendar date (`YYYY-MM-DD`, e.g. a requested new deadline day) in words. */
export function formatDay(day: string, language: Language): string {
  return formatCalendarDay(day, language);
}
