import { csvRecommendationsInclude } from '../../reports/csv';
import type { PrismaClient } from '../../generated/prisma/client';
import { submittersInclude } from '../../prisma/signal-submitters';
import { signalWhere, urgencyOrder, type ListFilters } from './filters';

/** Everything the overview page shows for these filters, read from the read model in one go. */
export async function loadOverview(prisma: PrismaClient, filters: ListFilters, at: Date) {
  const where = signalWhere(filters, at);
  const [rows, total, byStatus, overdueCount, organisations, ministries] = await Promise.all([
    prisma.signal.findMany({
      where,
      orderBy: urgencyOrder,
      skip: (filters.page - 1) * filters.pageSize,
      take: filters.pageSize,
      select: {
        id: true,
        reference: true,
        title: true,
        status: true,
        submittedAt: true,
        nextDeadlineAt: true,
        nextDeadlineKind: true,
        organisation: { select: { code: true, name: true } },
        cases: {
          select: {
            status: true,
            ackDueAt: true,
            replyDueAt: true,
            acknowledgedAt: true,
            ministry: { select: { code: true } },
          },
          orderBy: { ministry: { code: 'asc' } },
        },
      },
    }),
    prisma.signal.count({ where }),
    prisma.signal.groupBy({ by: ['status'], _count: { _all: true } }),
    prisma.signal.count({
      where: signalWhere(
        {
          ...filters,
          status: undefined,
          text: undefined,
          ministry: undefined,
          organisation: undefined,
          year: undefined,
          overdue: true,
        },
        at,
      ),
    }),
    prisma.organisation.findMany({ select: { code: true, name: true }, orderBy: { name: 'asc' } }),
    prisma.ministry.findMany({ select: { code: true, name: true }, orderBy: { code: 'asc' } }),
  ]);
  const counts = Object.fromEntries(byStatus.map((group) => [group.status, group._count._all]));
  return { rows, total, counts, overdueCount, organisations, ministries };
}

/** The rows of the CSV export: the overview's filters, without paging (at most 10,000). */
export function loadExportRows(prisma: PrismaClient, filters: ListFilters, at: Date) {
  return prisma.signal.findMany({
    where: signalWhere(filters, at),
    orderBy: urgencyOrder,
    take: 10_000,
    include: {
      organisation: { select: { code: true, name: true } },
      coSubmitters: submittersInclude.coSubmitters,
      cases: {
        include: { ministry: { select: { code: true } } },
        orderBy: { ministry: { code: 'asc' } },
      },
      recommendations: csvRecommendationsInclude,
    },
  });
}

export async function signalExists(prisma: PrismaClient, signalId: string): Promise<boolean> {
  return (await prisma.signal.findUnique({ where: { id: signalId }, select: { id: true } })) !== null;
}

/** The year of the first submission on record, for the reports page's year picker. */
export async function firstSubmissionYear(prisma: PrismaClient): Promise<number | undefined> {
  const first = await prisma.signal.findFirst({
    orderBy: { submittedAt: 'asc' },
    select: { submittedAt: true },
  });
  return first ? Number(first.submittedAt.toISOString().slice(0, 4)) : undefined;
}
