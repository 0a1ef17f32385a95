import type { PrismaClient } from '../../generated/prisma/client';

/** How many failed deliveries the page lists at once (newest failures first). */
const PAGE_SIZE = 200;

export interface FailedDelivery {
  id: string;
  eventId: string;
  eventName: string;
  signalId: string;
  reference: string;
  subscriber: string;
  endpointOrigin: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  failedAt: Date | null;
  round: number;
}

/** The endpoint's scheme, host and port: enough to recognise it, without a path or query that might hold a secret. */
function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '(ongeldig adres)';
  }
}

const referenceOf = (data: unknown): string => {
  const reference = (data as { reference?: unknown } | null)?.reference;
  return typeof reference === 'string' ? reference : '';
};

/** Deliveries of events to subscribers that failed (refused, or failing after the last retry), for the loket. */
export async function loadFailedDeliveries(prisma: PrismaClient): Promise<FailedDelivery[]> {
  const rows = await prisma.eventDelivery.findMany({
    where: { status: 'failed' },
    orderBy: [{ failedAt: 'desc' }, { id: 'asc' }],
    take: PAGE_SIZE,
    include: {
      event: { select: { id: true, eventName: true, signalId: true, data: true } },
      subscription: {
        select: {
          endpoint: true,
          organisation: { select: { code: true } },
          user: { select: { name: true } },
        },
      },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    eventId: row.event.id,
    eventName: row.event.eventName,
    signalId: row.event.signalId,
    reference: referenceOf(row.event.data),
    subscriber: row.subscription.organisation?.code ?? row.subscription.user?.name ?? '–',
    endpointOrigin: originOf(row.subscription.endpoint),
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    failedAt: row.failedAt,
    round: row.round,
  }));
}

export type ResendOutcome = 'queued' | 'not_failed' | 'subscription_ended';

/**
 * Sends a failed delivery again: a new round of the same delivery (the same event id, so a receiver that had it
 * after all de-duplicates), which the worker's event dispatcher starts as a new workflow. Only a failed delivery
 * of a subscription that is still active; a conditional update, so two clicks make one round.
 */
export async function resendDelivery(prisma: PrismaClient, id: string): Promise<ResendOutcome> {
  const queued = await prisma.eventDelivery.updateMany({
    where: { id, status: 'failed', subscription: { status: 'active' } },
    data: { status: 'pending', round: { increment: 1 }, failedAt: null, startLeaseUntil: null },
  });
  if (queued.count === 1) return 'queued';
  const row = await prisma.eventDelivery.findUnique({
    where: { id },
    select: { status: true, subscription: { select: { status: true } } },
  });
  return row?.status === 'failed' ? 'subscription_ended' : 'not_failed';
}
