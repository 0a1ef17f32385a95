import { csvRecommendationsInclude } from '../../reports/csv';
import { recommendationsInclude } from '../recommendations/present';
import type { Prisma } from '../../generated/prisma/client';
import { submittedBy, submittersInclude } from '../../prisma/signal-submitters';
import type { AppDeps } from '../deps';
import { visibleOrganisationId, type Principal } from '../auth/principal';
import { problem } from '../http/problem';
import { buildSignalWhere, type SignalListFilter } from './filters';
import { presenterFor } from './presenter';

const summaryInclude = {
  organisation: { select: { code: true, name: true } },
  cases: {
    include: { ministry: { select: { code: true, name: true } } },
    orderBy: { ministry: { code: 'asc' } },
  },
} satisfies Prisma.SignalInclude;

/** The summary and every current submitter (lead and co-submitters): the detail and the CSV export. */
const withSubmittersInclude = { ...summaryInclude, ...submittersInclude } satisfies Prisma.SignalInclude;

interface Cursor {
  submittedAt: Date;
  id: string;
}

/**
 * A cursor is `<submittedAt in ms>.<id>`. Its exact shape is in the OpenAPI document (CURSOR_PATTERN), so any
 * string the document allows is a position the list can continue from; clients still treat it as opaque.
 */
export const CURSOR_PATTERN =
  /^([0-9]{1,13})\.([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.submittedAt.getTime()}.${cursor.id}`;
}

export function decodeCursor(raw: string): Cursor {
  const match = CURSOR_PATTERN.exec(raw);
  if (!match) throw problem.field('cursor', 'is not a cursor this API handed out; start again without it');
  return { submittedAt: new Date(Number(match[1])), id: match[2]!.toLowerCase() };
}

/** Newest first, with a keyset cursor (submittedAt, id): stable while new signals arrive. */
export async function listSignals(
  deps: AppDeps,
  principal: Principal,
  filter: SignalListFilter,
  page: { cursor?: string; limit: number },
  now: Date,
) {
  const where = buildSignalWhere(filter, { organisationId: visibleOrganisationId(principal), now });
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await deps.prisma.signal.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [
                { submittedAt: { lt: after.submittedAt } },
                { submittedAt: after.submittedAt, id: { lt: after.id } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
    include: summaryInclude,
  });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const nextCursor = rows.length > page.limit && last ? encodeCursor(last) : null;
  const present = presenterFor(principal);
  return { items: items.map((row) => present.summary(row, now)), nextCursor };
}

/** All signals matching the filters (for the CSV export), oldest first. */
export async function allSignals(deps: AppDeps, principal: Principal, filter: SignalListFilter, now: Date) {
  return deps.prisma.signal.findMany({
    where: buildSignalWhere(filter, { organisationId: visibleOrganisationId(principal), now }),
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    include: { ...withSubmittersInclude, recommendations: csvRecommendationsInclude },
    take: 10_000,
  });
}

/**
 * The signal as the caller may see it: its lead and its current co-submitters see it, staff see all; another
 * organisation's signal (or one it no longer co-submits) is "not found", never "forbidden".
 */
export async function findVisibleSignal(deps: AppDeps, principal: Principal, signalId: string) {
  const organisationId = visibleOrganisationId(principal);
  const signal = await deps.prisma.signal.findFirst({
    where: organisationId ? { AND: [{ id: signalId }, submittedBy(organisationId)] } : { id: signalId },
    include: { organisation: { select: { code: true, name: true } } },
  });
  if (!signal) throw problem.notFound(`There is no signal ${signalId} visible to you.`);
  return signal;
}

export async function signalDetail(deps: AppDeps, principal: Principal, signalId: string, now: Date) {
  await findVisibleSignal(deps, principal, signalId);
  const row = await deps.prisma.signal.findUniqueOrThrow({
    where: { id: signalId },
    include: {
      ...withSubmittersInclude,
      events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
      recommendations: recommendationsInclude,
      replies: {
        orderBy: { receivedAt: 'asc' },
        include: {
          cases: { select: { ministry: { select: { code: true } } } },
          documents: { select: { id: true, filename: true, contentType: true, size: true, sha256: true } },
        },
      },
    },
  });
  return presenterFor(principal).detail(row, now);
}
