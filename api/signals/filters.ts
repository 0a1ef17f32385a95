import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client';
import { amsterdamInstant, addCalendarDays } from '../../shared/working-days';
import { submittedBy, submittedByCode } from '../../prisma/signal-submitters';
import { calendarDate, ministryCode, organisationCode, searchText } from '../http/text';
import { SIGNAL_STATUSES } from './schemas';

/**
 * The list filters of signals, shared by the API list, the CSV export and the coordinators' dashboard: one query
 * schema and one translation to a Prisma `where`, so a filter means the same thing everywhere.
 */
/** Statuses in which a signal still waits on someone (what "overdue" and the open-work gauges count). */
export const OPEN_STATUSES = [
  'submitted',
  'in_review',
  'changes_requested',
  'sent',
  'partially_replied',
  'replied',
] as const;

// Query strings arrive as a string, or as an array when a parameter is repeated: accept both, comma-separated too.
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      (Array.isArray(value) ? value : [value])
        .filter((v) => v !== undefined && v !== '')
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    z.array(item).max(20),
  );

const single = (schema: z.ZodType<string>) =>
  z.preprocess(
    (value: unknown): unknown => (Array.isArray(value) ? (value as unknown[]).at(-1) : value),
    schema,
  );

export const signalListFilterSchema = z.object({
  status: listOf(z.enum(SIGNAL_STATUSES))
    .optional()
    .meta({ description: 'One or more statuses, comma-separated (e.g. `sent,partially_replied`).' }),
  ministry: single(ministryCode)
    .optional()
    .meta({ description: 'Only signals addressed to this ministry (code).' }),
  organisation: single(organisationCode)
    .optional()
    .meta({ description: 'Only signals this organisation (code) submitted, as lead or as a co-submitter.' }),
  overdue: single(z.enum(['true', 'false']))
    .transform((v) => v === 'true')
    .optional()
    .meta({ description: '`true`: only signals with a passed deadline; `false`: only those without.' }),
  forwarded: single(z.enum(['true', 'false']))
    .transform((v) => v === 'true')
    .optional()
    .meta({
      description:
        '`true`: only signals whose every reply the loket forwarded to the submitters; `false`: only those with a reply not forwarded yet.',
    }),
  text: single(searchText)
    .optional()
    .meta({ description: 'Free text, matched (case-insensitively) in reference, title, summary and text.' }),
  submittedFrom: single(calendarDate('Submitted on or after this date (Europe/Amsterdam).')).optional(),
  submittedTo: single(calendarDate('Submitted on or before this date (Europe/Amsterdam).')).optional(),
});

export type SignalListFilter = z.output<typeof signalListFilterSchema>;

export interface FilterScope {
  /** Set for submitters: the signals their organisation submitted (lead or co-submitter), whatever the filters say. */
  organisationId?: string;
  now: Date;
}

export function buildSignalWhere(filter: SignalListFilter, scope: FilterScope): Prisma.SignalWhereInput {
  const and: Prisma.SignalWhereInput[] = [];
  if (scope.organisationId) and.push(submittedBy(scope.organisationId));
  if (filter.status?.length) and.push({ status: { in: [...filter.status] } });
  if (filter.organisation) and.push(submittedByCode(filter.organisation));
  if (filter.ministry) {
    and.push({ cases: { some: { ministry: { code: { equals: filter.ministry, mode: 'insensitive' } } } } });
  }
  if (filter.overdue === true) {
    and.push({ nextDeadlineAt: { lt: scope.now }, status: { in: [...OPEN_STATUSES] } });
  } else if (filter.overdue === false) {
    and.push({
      OR: [
        { nextDeadlineAt: null },
        { nextDeadlineAt: { gte: scope.now } },
        { status: { notIn: [...OPEN_STATUSES] } },
      ],
    });
  }
  if (filter.forwarded !== undefined) and.push(repliesForwarded(filter.forwarded));
  if (filter.text) {
    // Prisma passes `contains` into LIKE unescaped: a "%" or "_" typed by a user must match itself, not anything.
    // It becomes `document ILIKE '%…%'` on the signal's search text (reference, title, summary and content, one per
    // line), which its pg_trgm GIN index answers (schema.prisma); a term under three characters has no trigram to
    // look up and reads the table instead (acceptable for so broad a search).
    const contains = { contains: filter.text.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const };
    and.push({ searchText: { is: { document: contains } } });
  }
  if (filter.submittedFrom) and.push({ submittedAt: { gte: amsterdamInstant(filter.submittedFrom) } });
  if (filter.submittedTo) {
    and.push({ submittedAt: { lt: amsterdamInstant(addCalendarDays(filter.submittedTo, 1)) } });
  }
  return and.length ? { AND: and } : {};
}

/**
 * A reply counts once a ministry's case refers to it (the same rule as the detail's replyForwarding): a stored
 * postal reply the workflow refused is no reply of the signal.
 */
const RECEIVED_REPLY = { cases: { some: {} } } satisfies Prisma.ReplyWhereInput;

function repliesForwarded(forwarded: boolean): Prisma.SignalWhereInput {
  const unforwarded = { ...RECEIVED_REPLY, forwardedAt: null };
  return forwarded
    ? { replies: { some: RECEIVED_REPLY, none: unforwarded } }
    : { replies: { some: unforwarded } };
}

/** Whether a signal counts as overdue at `now` (the same rule as the `overdue` filter). */
export function isOverdue(signal: { status: string; nextDeadlineAt: Date | null }, now: Date): boolean {
  return (
    signal.nextDeadlineAt !== null &&
    signal.nextDeadlineAt < now &&
    (OPEN_STATUSES as readonly string[]).includes(signal.status)
  );
}
