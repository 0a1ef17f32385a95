import { context, propagation } from '@opentelemetry/api';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import type { EventsConfig } from '../../shared/events/config';
import { DeliveryFailure, type DeliveryOutcome, type DeliveryRef } from '../../shared/events/delivery';
import { openToken } from '../../shared/events/token-seal';
import { toCloudEventMessage } from './cloud-event';
import { retryAfterMs } from './retry-after';

export interface EventDeliveryDeps {
  prisma: PrismaClient;
  events: EventsConfig;
  publicBaseUrl: string;
  logger: Logger;
  now?: () => Date;
}

interface Attempt {
  statusCode: number | null;
  error: string | null;
}

/**
 * One delivery attempt of one event to one subscription, run by the `deliverCloudEvent` workflow with its retry
 * policy. The answer decides what follows:
 * - 2xx: delivered.
 * - 410 Gone: the subscriber ended it; the subscription is retired and nothing more goes there.
 * - 429: retried after the subscriber's Retry-After (ApplicationFailure's nextRetryDelay), else after the backoff.
 * - other 4xx (and redirects, which are not followed: the token would go along): refused, not retried; failed, a
 *   coordinator may re-send it from the dashboard.
 * - 5xx, no answer, timeout: retried with backoff; after the last attempt the workflow marks it failed.
 * Each attempt's status and a short reason are kept on the row (never the answer's body, never the token).
 */
export function createEventDeliveryActivities(deps: EventDeliveryDeps) {
  const { prisma, logger } = deps;
  const now = deps.now ?? (() => new Date());

  async function recordAttempt(deliveryId: string, attempt: Attempt): Promise<void> {
    await prisma.eventDelivery.update({
      where: { id: deliveryId },
      data: {
        attempts: { increment: 1 },
        lastAttemptAt: now(),
        lastStatusCode: attempt.statusCode,
        lastError: attempt.error,
      },
    });
  }

  /** Ends a round's delivery, if it is still this round's and pending (a late straggler changes nothing). */
  async function finish(
    { deliveryId, round }: DeliveryRef,
    status: 'delivered' | 'failed' | 'cancelled',
  ): Promise<void> {
    const at = now();
    await prisma.eventDelivery.updateMany({
      where: { id: deliveryId, round, status: 'pending' },
      data: {
        status,
        ...(status === 'delivered' ? { deliveredAt: at } : {}),
        ...(status === 'failed' ? { failedAt: at } : {}),
      },
    });
  }

  async function deliverEvent(ref: DeliveryRef): Promise<DeliveryOutcome> {
    const delivery = await prisma.eventDelivery.findUnique({
      where: { id: ref.deliveryId },
      include: { event: true, subscription: true },
    });
    if (!delivery || delivery.round !== ref.round || delivery.status !== 'pending') return 'skipped';
    const { subscription, event } = delivery;
    if (subscription.status !== 'active') {
      await finish(ref, 'cancelled');
      return 'cancelled';
    }
    const token = openToken(subscription.tokenSealed, deps.events.tokenKey, subscription.id);
    if (token === null) {
      // The key changed (EVENTS_TOKEN_KEY or the response-link secret it derives from): ask the owner again.
      logger.error(
        { subscriptionId: subscription.id },
        'event subscription token cannot be opened with this key',
      );
      await recordAttempt(delivery.id, { statusCode: null, error: 'token cannot be opened with this key' });
      await finish(ref, 'failed');
      return 'failed';
    }
    const message = toCloudEventMessage(event, deps.events.source, deps.publicBaseUrl);
    const headers: Record<string, string> = {
      ...(message.headers as Record<string, string>),
      authorization: `Bearer ${token}`,
    };
    // W3C trace context (traceparent): the subscriber's handling joins the trace of this delivery. fetch is not
    // instrumented like node:http, so it is injected here; without tracing the API is a no-op and adds nothing.
    propagation.inject(context.active(), headers);
    let response: Response;
    try {
      response = await fetch(subscription.endpoint, {
        method: 'POST',
        headers,
        body: message.body as string,
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.events.requestTimeoutMs),
      });
    } catch (error) {
      const reason = networkReason(error);
      await recordAttempt(delivery.id, { statusCode: null, error: reason });
      throw ApplicationFailure.retryable(
        `no answer from the subscriber: ${reason}`,
        DeliveryFailure.unavailable,
      );
    }
    // The body is not kept: it is the subscriber's, and may say anything.
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    if (status >= 200 && status < 300) {
      await recordAttempt(delivery.id, { statusCode: status, error: null });
      await finish(ref, 'delivered');
      return 'delivered';
    }
    if (status === 410) {
      await recordAttempt(delivery.id, {
        statusCode: status,
        error: 'the subscriber ended the subscription (410)',
      });
      await retire(subscription.id);
      await finish(ref, 'cancelled');
      return 'cancelled';
    }
    if (status === 429) {
      const delay = retryAfterMs(response.headers.get('retry-after'), now());
      await recordAttempt(delivery.id, { statusCode: status, error: 'too many requests (429)' });
      throw ApplicationFailure.create({
        message: 'the subscriber asked to wait (429)',
        type: DeliveryFailure.busy,
        ...(delay !== undefined ? { nextRetryDelay: delay } : {}),
      });
    }
    if (status < 500) {
      await recordAttempt(delivery.id, {
        statusCode: status,
        error: `refused by the subscriber (${status})`,
      });
      await finish(ref, 'failed');
      return 'failed';
    }
    await recordAttempt(delivery.id, { statusCode: status, error: `subscriber error (${status})` });
    throw ApplicationFailure.retryable(`the subscriber answered ${status}`, DeliveryFailure.unavailable);
  }

  /** 410 Gone: the subscription is retired, and its other waiting deliveries end without being sent. */
  async function retire(subscriptionId: string): Promise<void> {
    const at = now();
    await prisma.eventSubscription.updateMany({
      where: { id: subscriptionId, status: 'active' },
      data: { status: 'retired', endedAt: at, endedReason: 'the endpoint answered 410 Gone' },
    });
    logger.info({ subscriptionId }, 'event subscription retired: the endpoint answered 410 Gone');
  }

  /** After the last attempt: the delivery failed (a coordinator may re-send it). */
  async function recordDeliveryFailure(ref: DeliveryRef): Promise<void> {
    await finish(ref, 'failed');
  }

  return { deliverEvent, recordDeliveryFailure };
}

export type EventDeliveryActivities = ReturnType<typeof createEventDeliveryActivities>;

/** A short reason without the address or the token: the kind of failure only. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return 'timeout';
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'connection failed';
}
