/** Dates as people at ministries read them: Amsterdam time, Dutch or English words. */
const TIME_ZONE = 'Europe/Amsterdam';

const dateFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};
const dateTimeFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }),
};

export type Language = 'nl' | 'en';

export function formatDate(value: string | Date, language: Language): string {
  return dateFormats[language].format(typeof value === 'string' ? new Date(value) : value);
}

export function formatDateTime(value: string | Date, language: Language): string {
  return dateTimeFormats[language].format(typeof value === 'string' ? new Date(value) : value);
}

export { escapeHtml } from '../../../shared/html-escape';

/**
 * A deadline instant is the *end* of its day, i.e. midnight at the start of the next one (shared/working-days.ts);
 * people read the day it belongs to, so the last millisecond before it is what is shown.
 */
export function formatDeadline(value: string | Date, language: Language): string {
  const instant = typeof value === 'string' ? new Date(value) : value;
  return formatDate(new Date(instant.getTime() - 1), language);
}
