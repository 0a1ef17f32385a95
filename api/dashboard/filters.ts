import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client';
import { yearBounds } from '../../reports/annual-report';
import { buildSignalWhere, signalListFilterSchema } from '../signals/filters';
import { SIGNAL_STATUSES } from '../signals/schemas';

/**
 * The dashboard's list filters: the API's own filter schema and Prisma translation (api/signals/filters.ts), so a
 * filter means the same on the page, in its CSV and in the API; plus paging and `year` ("active during that
 * calendar year": submitted before its end and not closed before its start, the annual report's population).
 */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const single = (value: unknown) => (Array.isArray(value) ? (value as unknown[])[0] : value);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => blankToUndefined(single(v)), schema.optional());

export const listFiltersSchema = z.object({
  status: optional(z.enum(SIGNAL_STATUSES)),
  ministry: optional(z.string().trim().max(32)),
  organisation: optional(z.string().trim().max(64)),
  overdue: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  /** "doorgestuurd": every reply forwarded to the submitters (true), or a reply still waiting for it (false). */
  forwarded: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  text: optional(z.string().trim().max(200)),
  year: optional(z.coerce.number().int().min(1990).max(2999)),
  page: optional(z.coerce.number().int().min(1).max(10_000)).transform((v) => v ?? 1),
  pageSize: optional(z.coerce.number().int().min(1).max(200)).transform((v) => v ?? 25),
});

export type ListFilters = z.output<typeof listFiltersSchema>;

/** Lenient on the dashboard: a malformed value is dropped rather than failing the page. */
export function parseListFilters(query: Record<string, unknown>): ListFilters {
  const parsed = listFiltersSchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const cleaned = { ...query };
  for (const issue of parsed.error.issues) delete cleaned[String(issue.path[0])];
  return listFiltersSchema.parse(cleaned);
}

export function signalWhere(filters: ListFilters, now: Date): Prisma.SignalWhereInput {
  const apiFilter = signalListFilterSchema.parse({
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.ministry ? { ministry: filters.ministry } : {}),
    ...(filters.organisation ? { organisation: filters.organisation } : {}),
    ...(filters.overdue !== undefined ? { overdue: String(filters.overdue) } : {}),
    ...(filters.forwarded !== undefined ? { forwarded: String(filters.forwarded) } : {}),
    ...(filters.text ? { text: filters.text } : {}),
  });
  const where = buildSignalWhere(apiFilter, { now });
  if (!filters.year) return where;
  const { start, end } = yearBounds(filters.year);
  return {
    AND: [where, { submittedAt: { lt: end } }, { OR: [{ closedAt: null }, { closedAt: { gte: start } }] }],
  };
}

/** Most urgent first: the earliest running deadline (most overdue on top), then the newest without a deadline. */
export const urgencyOrder: Prisma.SignalOrderByWithRelationInput[] = [
  { nextDeadlineAt: { sort: 'asc', nulls: 'last' } },
  { submittedAt: 'desc' },
  { reference: 'desc' },
];

/** The filters as a query string (for paging links and the CSV link), without empty values. */
export function filtersToQuery(
  filters: Partial<ListFilters>,
  overrides: Partial<Record<keyof ListFilters, string | number | undefined>> = {},
): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | boolean | undefined> = { ...filters, ...overrides };
  for (const key of [
    'text',
    'status',
    'ministry',
    'organisation',
    'overdue',
    'forwarded',
    'year',
    'page',
    'pageSize',
  ] as const) {
    const value = merged[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === 25) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
