import { z } from 'zod';
import { isValidCalendarDate } from '../../shared/working-days';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// White space as JavaScript's \s and String.prototype.trim know it, spelled out: the same pattern then means the same
// in the OpenAPI document's readers (Python's \s, for one, differs at U+FEFF and U+001C–U+001F).
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/** Some character that is not white space, and no NUL anywhere (linear: the first two classes do not overlap). */
const SOME_TEXT = new RegExp(`^[${WHITE_SPACE}]*[^${WHITE_SPACE}\\u0000][^\\u0000]*$`);
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole purpose
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/**
 * Free text as people write it, stored and returned verbatim (no trimming, no escaping: escaping is the job of
 * whoever renders it). Refused: text that is empty or only white space, and what PostgreSQL cannot store
 * faithfully (NUL characters; lone UTF-16 surrogates, which would silently become U+FFFD). The pattern is in
 * the OpenAPI document, so what the document allows, the server accepts.
 */
export function text(max: number, description: string) {
  return z
    .string()
    .regex(SOME_TEXT, {
      error: (issue) =>
        typeof issue.input === 'string' && issue.input.includes('\u0000')
          ? 'must not contain NUL (U+0000) characters'
          : 'must not be empty or only whitespace',
    })
    .max(max)
    .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode (it contains a lone surrogate)')
    .meta({ description });
}

export const calendarDate = (description: string) =>
  z
    .string()
    .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, { message: 'must be a date as YYYY-MM-DD', abort: true })
    .refine(isValidCalendarDate, 'is not an existing calendar date')
    .meta({ description, format: 'date', example: '2026-03-31' });

export const instant = (description: string) =>
  z.iso.datetime({ offset: true }).meta({ description, example: '2026-03-31T12:00:00Z' });

/** Output instants: always UTC with a Z. */
export const instantOut = (description: string) =>
  z.string().meta({ description, format: 'date-time', example: '2026-03-31T12:00:00.000Z' });

/** Output days: the Amsterdam calendar day a deadline instant closes (shared/deadline-day.ts). */
export const deadlineDayOut = (description: string) =>
  z.string().meta({ description, format: 'date', example: '2026-03-31' });

export const ministryCode = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,31}$/, 'must be a ministry code such as JenV or BZ')
  .meta({ description: 'Ministry code (see the admin CLI: `ministry list`).', example: 'JenV' });

export const organisationCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be an organisation code such as RIEC-NH')
  .meta({ description: 'Organisation code (see the admin CLI: `org list`).', example: 'RIEC-NH' });

// Tab, line breaks and the other C0 controls: a search box cannot type them, and the search text keeps one field per
// line (SignalSearchText in schema.prisma), so a term with a line break could match across two fields.
/** A search term: one line of text PostgreSQL can compare (no control characters, no lone surrogates). */
export const searchText = z
  .string()
  .min(1)
  .max(200)
  .regex(
    NO_CONTROL_CHARACTERS,
    'must be one line of text, without control characters (U+0000 to U+001F, U+007F) such as NUL, tab or a line break',
  )
  .refine((value) => !LONE_SURROGATE.test(value), 'must be valid Unicode (it contains a lone surrogate)');
