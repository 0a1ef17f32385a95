import { z } from 'zod';
import { amsterdamInstant, endOfAmsterdamDay, isValidCalendarDate } from '../../shared/working-days';
import { concernedPersonsInput } from '../../api/concerned-persons/schemas';

/**
 * The shape of one existing signal to import, from JSON or from a CSV row. Dates are either a calendar date
 * (`2022-05-03`, read as noon in Amsterdam, so the day stays the day) or an ISO-8601 instant with a time zone.
 */

const instant = z
  .string()
  .trim()
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}$/.test(value) ? isValidCalendarDate(value) : !Number.isNaN(Date.parse(value)),
    {
      message: 'expected a date (YYYY-MM-DD) or an ISO-8601 date-time with a time zone',
    },
  )
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) || /(Z|[+-]\d{2}:?\d{2})$/i.test(value), {
    message: 'a date-time needs a time zone (Z or +01:00)',
  })
  .transform((value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? amsterdamInstant(value, 12) : new Date(value)));

/** A deadline given as a date means the end of that day in Amsterdam, as every deadline in signaalloket does. */
const deadline = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value) && isValidCalendarDate(value)) return endOfAmsterdamDay(value);
    if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
    ctx.addIssue({
      code: 'custom',
      message: 'expected a date (YYYY-MM-DD) or an ISO-8601 date-time with a time zone',
    });
    return z.NEVER;
  });

const code = z.string().trim().min(1).max(40);

/**
 * A document by its path, relative to the import file (or absolute): a PDF, DOCX, ODT or plain-text file, checked
 * like an upload (scripts/import/documents.ts) before anything is imported.
 */
const documentPath = z.string().trim().min(1).max(1_000);
const documentPaths = z.array(documentPath).max(50).default([]);

export const importMinistrySchema = z
  .object({
    code,
    acknowledgedAt: instant.optional(),
    /** A reply from this ministry alone; use `replies` for a joint reply. */
    repliedAt: instant.optional(),
    replyDueAt: deadline.optional(),
  })
  .strict();

export const importReplySchema = z
  .object({
    /** One code, or several for a joint reply. */
    ministries: z.array(code).min(1),
    receivedAt: instant,
    text: z.string().trim().max(20_000).optional(),
    channel: z.enum(['link', 'post']).default('post'),
    /** The letter and its annexes. */
    documents: documentPaths,
    /** When the loket forwarded this reply to the submitters (they see it from then on). */
    forwardedAt: instant.optional(),
  })
  .strict();

export const importRecordSchema = z
  .object({
    reference: z
      .string()
      .trim()
      .regex(/^[A-Z]{2,4}-\d{4}-\d{3,6}$/, 'a reference looks like BS-2022-0007')
      .optional(),
    organisation: code,
    /** Organisations that wrote the signal together with `organisation` (the lead): each code once. */
    coSubmitters: z.array(code).max(20).default([]),
    title: z.string().trim().min(3).max(300),
    summary: z.string().trim().max(2_000).optional(),
    content: z.string().trim().max(100_000).optional(),
    recommendations: z.array(z.string().trim().min(1).max(2_000)).default([]),
    /** The signal's own documents (the letter and its annexes). */
    documents: documentPaths,
    submitterEmail: z.email().optional(),
    submittedAt: instant,
    /** Derived when omitted: closed when closedAt is given, sent when sentAt is, else in review. */
    stage: z.enum(['in_review', 'sent', 'closed']).optional(),
    sentAt: instant.optional(),
    closedAt: instant.optional(),
    ministries: z.array(importMinistrySchema).default([]),
    replies: z.array(importReplySchema).default([]),
    /** The persons the signal concerns, as a submitter marks them in the API (same shape, same checks). */
    concernedPersons: concernedPersonsInput.default([]),
  })
  .strict()
  .transform((record) => ({
    ...record,
    stage: record.stage ?? (record.closedAt ? 'closed' : record.sentAt ? 'sent' : 'in_review'),
  }))
  .superRefine((record, ctx) => {
    const issue = (message: string, path: (string | number)[] = []) =>
      ctx.addIssue({ code: 'custom', message, path });
    const now = Date.now();
    if (record.submittedAt.getTime() > now) issue('submittedAt lies in the future', ['submittedAt']);
    if (record.stage !== 'in_review') {
      if (!record.sentAt) issue(`a ${record.stage} signal needs sentAt`, ['sentAt']);
      if (record.ministries.length === 0)
        issue(`a ${record.stage} signal needs its ministries`, ['ministries']);
    } else if (record.sentAt || record.ministries.length > 0 || record.replies.length > 0) {
      issue('a signal in review has not been sent: no sentAt, ministries or replies', ['stage']);
    }
    if (record.stage === 'closed' && !record.closedAt) issue('a closed signal needs closedAt', ['closedAt']);
    if (record.stage !== 'closed' && record.closedAt)
      issue('closedAt is only for a closed signal', ['closedAt']);
    if (record.sentAt && record.sentAt < record.submittedAt)
      issue('sentAt lies before submittedAt', ['sentAt']);
    if (record.sentAt && record.sentAt.getTime() > now) issue('sentAt lies in the future', ['sentAt']);
    if (record.closedAt && record.sentAt && record.closedAt < record.sentAt)
      issue('closedAt lies before sentAt', ['closedAt']);
    const coSubmitters = new Set<string>();
    record.coSubmitters.forEach((coSubmitter, index) => {
      const key = coSubmitter.toUpperCase();
      if (key === record.organisation.toUpperCase())
        issue(`${coSubmitter} is the lead organisation itself, not a co-submitter`, ['coSubmitters', index]);
      else if (coSubmitters.has(key)) issue(`${coSubmitter} is listed twice`, ['coSubmitters', index]);
      coSubmitters.add(key);
    });
    const addressed = new Set(record.ministries.map((m) => m.code.toUpperCase()));
    if (addressed.size !== record.ministries.length) issue('a ministry is listed twice', ['ministries']);
    const answered = new Set<string>();
    record.ministries.forEach((ministry, index) => {
      for (const field of ['acknowledgedAt', 'repliedAt'] as const) {
        const at = ministry[field];
        if (!at) continue;
        if (record.sentAt && at < record.sentAt)
          issue(`${field} lies before sentAt`, ['ministries', index, field]);
        if (at.getTime() > now) issue(`${field} lies in the future`, ['ministries', index, field]);
      }
      if (ministry.repliedAt) answered.add(ministry.code.toUpperCase());
    });
    record.replies.forEach((reply, index) => {
      for (const ministry of reply.ministries) {
        const key = ministry.toUpperCase();
        if (!addressed.has(key))
          issue(`reply from ${ministry}, which the signal was not sent to`, ['replies', index]);
        if (answered.has(key)) issue(`${ministry} has more than one reply`, ['replies', index]);
        answered.add(key);
      }
      if (record.sentAt && reply.receivedAt < record.sentAt)
        issue('a reply received before sentAt', ['replies', index]);
      if (reply.receivedAt.getTime() > now) issue('a reply received in the future', ['replies', index]);
      if (reply.forwardedAt && reply.forwardedAt < reply.receivedAt)
        issue('a reply forwarded before it was received', ['replies', index, 'forwardedAt']);
      if (reply.forwardedAt && reply.forwardedAt.getTime() > now)
        issue('a reply forwarded in the future', ['replies', index, 'forwardedAt']);
    });
  });

export type ImportRecordInput = z.input<typeof importRecordSchema>;
export type ImportRecord = z.output<typeof importRecordSchema>;

// ---------------------------------------------------------------------------------------------------------------
// CSV

/**
 * One signal per row. Columns (header names, any order, `,` or `;` separated):
 * reference, organisation, coSubmitters (`GEM-AMS, POL-NH`), title, summary, content, recommendations (separated by ` | `),
 * documents (paths relative to the file, separated by ` | `; a reply's documents and forwarding are JSON only), submitterEmail,
 * submittedAt, stage, sentAt, closedAt, ministries (`BZ, JenV`), acknowledged (`BZ 2022-05-20, JenV 2022-05-23`),
 * replies (`BZ+JenV 2022-12-05` for a joint reply, `EZK 2022-06-28` for one), replyDue (`EZK 2022-07-01`).
 * Concerned persons are JSON only: a name, date of birth and role per person do not fit one cell safely.
 */
export function parseCsv(text: string): Record<string, string>[] {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.some((value) => value.trim() !== ''));
  if (!header) return [];
  const names = header.map((name) => name.trim());
  return body.map((values) =>
    Object.fromEntries(names.map((name, index) => [name, (values[index] ?? '').trim()])),
  );
}

function list(value: string | undefined, separator: RegExp): string[] {
  return (value ?? '')
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** `BZ 2022-05-20, JenV 2022-05-23` → [['BZ', '2022-05-20'], ...] */
function dated(value: string | undefined): [string, string][] {
  return list(value, /,/).map((item) => {
    const [who, when] = item.split(/\s+/, 2);
    return [who ?? '', when ?? ''];
  });
}

/** A CSV row as the input of importRecordSchema (validation happens there). */
export function csvRowToRecord(row: Record<string, string>): ImportRecordInput {
  const optional = (name: string) => (row[name] ? row[name] : undefined);
  const acknowledged = new Map(dated(row.acknowledged).map(([who, when]) => [who.toUpperCase(), when]));
  const replyDue = new Map(dated(row.replyDue).map(([who, when]) => [who.toUpperCase(), when]));
  return {
    reference: optional('reference'),
    organisation: row.organisation ?? '',
    coSubmitters: list(row.coSubmitters, /,/),
    title: row.title ?? '',
    summary: optional('summary'),
    content: optional('content'),
    recommendations: list(row.recommendations, /\s\|\s/),
    documents: list(row.documents, /\s\|\s/),
    submitterEmail: optional('submitterEmail'),
    submittedAt: row.submittedAt ?? '',
    stage: optional('stage') as ImportRecordInput['stage'],
    sentAt: optional('sentAt'),
    closedAt: optional('closedAt'),
    ministries: list(row.ministries, /,/).map((ministry) => ({
      code: ministry,
      ...(acknowledged.get(ministry.toUpperCase())
        ? { acknowledgedAt: acknowledged.get(ministry.toUpperCase()) }
        : {}),
      ...(replyDue.get(ministry.toUpperCase()) ? { replyDueAt: replyDue.get(ministry.toUpperCase()) } : {}),
    })),
    replies: dated(row.replies).map(([who, when]) => ({
      ministries: who.split('+').filter(Boolean),
      receivedAt: when,
    })),
  };
}

/** JSON by its name or its first character, CSV otherwise. */
export function importFileFormat(text: string, filename: string): 'json' | 'csv' {
  const trimmed = text.trim();
  return filename.toLowerCase().endsWith('.json') || trimmed.startsWith('[') || trimmed.startsWith('{')
    ? 'json'
    : 'csv';
}

/** Records from a file's text: a JSON array (or `{ "signals": [...] }`), or CSV. */
export function parseImportFile(text: string, filename: string): ImportRecordInput[] {
  const trimmed = text.trim();
  if (importFileFormat(text, filename) === 'json') {
    const parsed = JSON.parse(trimmed) as unknown;
    const records = Array.isArray(parsed) ? parsed : (parsed as { signals?: unknown }).signals;
    if (!Array.isArray(records))
      throw new Error('a JSON import is an array of signals, or { "signals": [...] }');
    return records as ImportRecordInput[];
  }
  return parseCsv(text).map(csvRowToRecord);
}
