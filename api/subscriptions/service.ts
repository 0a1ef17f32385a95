import crypto from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import type { EventsConfig } from '../../shared/events/config';
import type { SubscribableEvent } from '../../shared/events/event-types';
import { sealToken } from '../../shared/events/token-seal';

/**
 * Subscriptions to events (issue 20), for the API and the admin CLI alike. An owner is an organisation (its own
 * signals' events) or a coordinator (every signal's); each sees and ends only its own subscriptions.
 */
export type SubscriptionOwner = { organisationId: string } | { userId: string };

export interface NewSubscription {
  endpoint: string;
  eventTypes: readonly SubscribableEvent[];
  /** The Bearer token the subscriber wants to receive; sealed at rest, never shown again. */
  token: string;
  description?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why an endpoint is refused, or null: an absolute https URL without credentials or fragment; http only to the
 * loopback address when EVENTS_ALLOW_LOOPBACK_HTTP is on (tests, local trials).
 */
export function endpointRefusal(
  endpoint: string,
  events: Pick<EventsConfig, 'allowLoopbackHttp'>,
): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be an absolute URL, e.g. https://events.riec.example/signaalloket';
  }
  if (url.username || url.password) return 'must not hold a user name or password; send the token instead';
  if (url.hash) return 'must not have a fragment (#…)';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && events.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return 'must be an https:// address';
}

const ownerWhere = (owner: SubscriptionOwner) =>
  'organisationId' in owner ? { organisationId: owner.organisationId } : { userId: owner.userId };

export async function createSubscription(
  prisma: PrismaClient,
  events: EventsConfig,
  owner: SubscriptionOwner,
  input: NewSubscription,
) {
  // The id is the token's additional data, so it is chosen before the row is written.
  const id = crypto.randomUUID();
  return prisma.eventSubscription.create({
    data: {
      id,
      ...ownerWhere(owner),
      endpoint: input.endpoint,
      eventTypes: [...new Set(input.eventTypes)],
      tokenSealed: sealToken(input.token, events.tokenKey, id),
      description: input.description ?? null,
    },
  });
}

/** The owner's subscriptions that are not deleted (active, or retired by a 410), newest first. */
export function listSubscriptions(prisma: PrismaClient, owner: SubscriptionOwner) {
  return prisma.eventSubscription.findMany({
    where: { ...ownerWhere(owner), status: { not: 'deleted' } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  });
}

/** One of the owner's own subscriptions, or null: another owner's is as unknown as one that never existed. */
export function findSubscription(prisma: PrismaClient, owner: SubscriptionOwner, id: string) {
  return prisma.eventSubscription.findFirst({
    where: { id, ...ownerWhere(owner), status: { not: 'deleted' } },
  });
}

/** Ends the subscription: nothing more is sent to it (deliveries on their way end without being sent). */
export async function deleteSubscription(
  prisma: PrismaClient,
  owner: SubscriptionOwner,
  id: string,
  now: Date,
) {
  const ended = await prisma.eventSubscription.updateMany({
    where: { id, ...ownerWhere(owner), status: { not: 'deleted' } },
    data: { status: 'deleted', endedAt: now, endedReason: 'deleted by its owner' },
  });
  return ended.count === 1 ? prisma.eventSubscription.findUniqueOrThrow({ where: { id } }) : null;
}

export type SubscriptionRow = Awaited<ReturnType<typeof createSubscription>>;
