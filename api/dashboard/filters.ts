import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client';
import { yearBounds } from '../../reports/annual-report';

/**
 * The list filters of the dashboard and its CSV export, with the API's parameter names (DESIGN.md §2: status,
 * ministry, organisation, overdue, text, paging), plus `year` for "active during that calendar year".
 */
const SIGNAL_STATUSES = ['submitted', 'in_review', 'changes_requested', 'rejected', 'withdrawn', 'sent', 'partially_replied', 'replied', 'closed'] as const;
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const single = (value: unknown) => (Array.isArray(value) ? (value as unknown[])[0] : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => blankToUndefined(single(v)), schema.optional());

export const listFiltersSchema = z.object({
  status: optional(z.enum(SIGNAL_STATUSES)),
  ministry: optional(z.string().trim().max(40)),
  organisation: optional(z.string().trim().max(40)),
  overdue: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
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

const OPEN_STATUSES = ['submitted', 'in_review', 'changes_requested', 'sent', 'partially_replied', 'replied'] as const;

export function signalWhere(filters: ListFilters, now: Date): Prisma.SignalWhereInput {
  const and: Prisma.SignalWhereInput[] = [];
  if (filters.status) and.push({ status: filters.status });
  if (filters.ministry) {
    and.push({ cases: { some: { ministry: { code: { equals: filters.ministry, mode: 'insensitive' } } } } });
  }
  if (filters.organisation) and.push({ organisation: { code: { equals: filters.organisation, mode: 'insensitive' } } });
  if (filters.overdue === true) and.push({ status: { in: [...OPEN_STATUSES] }, nextDeadlineAt: { lt: now } });
  if (filters.overdue === false) {
    and.push({ OR: [{ status: { notIn: [...OPEN_STATUSES] } }, { nextDeadlineAt: null }, { nextDeadlineAt: { gte: now } }] });
  }
  if (filters.text) {
    const contains = { contains: filters.text, mode: 'insensitive' as const };
    and.push({ OR: [{ reference: contains }, { title: contains }, { summary: contains }, { content: contains }] });
  }
  if (filters.year) {
    const { start, end } = yearBounds(filters.year);
    and.push({ submittedAt: { lt: end }, OR: [{ closedAt: null }, { closedAt: { gte: start } }] });
  }
  return and.length > 0 ? { AND: and } : {};
}

/** Most urgent first: the earliest running deadline (most overdue on top), then the newest without a deadline. */
export const urgencyOrder: Prisma.SignalOrderByWithRelationInput[] = [
  { nextDeadlineAt: { sort: 'asc', nulls: 'last' } },
  { submittedAt: 'desc' },
  { reference: 'desc' },
];

/** The filters as a query string (for paging links and the CSV link), without empty values. */
export function filtersToQuery(filters: Partial<ListFilters>, overrides: Partial<Record<keyof ListFilters, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  const merged: Record<string, string | number | boolean | undefined> = { ...filters, ...overrides };
  for (const key of ['text', 'status', 'ministry', 'organisation', 'overdue', 'year', 'page', 'pageSize'] as const) {
    const value = merged[key];
    if (value === undefined || value === null || value === '') continue;
    if (key === 'page' && value === 1) continue;
    if (key === 'pageSize' && value === 25) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
