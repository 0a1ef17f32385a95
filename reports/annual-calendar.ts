import { amsterdamDate, amsterdamInstant } from '../shared/working-days';
import type { YearBounds } from './annual-sql';

/** Calendar arithmetic of the annual report: a year, days and months on Amsterdam dates, and its median. */

const DAY_MS = 24 * 60 * 60 * 1000;

export function yearBounds(year: number): YearBounds {
  return { start: amsterdamInstant(`${year}-01-01`), end: amsterdamInstant(`${year + 1}-01-01`) };
}

export function within(at: Date | null | undefined, { start, end }: YearBounds): at is Date {
  return !!at && at >= start && at < end;
}

export function before(at: Date | null | undefined, end: Date): at is Date {
  return !!at && at < end;
}

/** Whole calendar days between two instants, counted on Amsterdam dates. */
export function calendarDaysBetween(from: Date, to: Date): number {
  const a = Date.parse(`${amsterdamDate(from)}T00:00:00Z`);
  const b = Date.parse(`${amsterdamDate(to)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

/** The median in whole days (an even count's middle pair averaged, half a day rounded up). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}

export function monthOf(at: Date): number {
  return Number(amsterdamDate(at).slice(5, 7));
}
