import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { EventDeliveryActivities } from '../activities/events/deliver';
import type { DeliverCloudEventInput, DeliveryOutcome } from '../shared/events/delivery';

// Margin beyond the request's own timeout for reading the row and recording the attempt.
const BOOKKEEPING_MS = 10_000;

/**
 * One event to one subscriber, one round (a re-send is a new round): the `deliverEvent` activity with the
 * subscription's retry policy, exponential backoff up to the last attempt (a 429's Retry-After overrides the wait
 * of that retry). The activity decides 2xx, 410 and 4xx itself; what is still failing after the last attempt is
 * marked failed here. A worker or the subscriber away for a while loses nothing: the workflow waits in Temporal.
 */
export async function deliverCloudEvent(input: DeliverCloudEventInput): Promise<DeliveryOutcome> {
  const { deliverEvent } = proxyActivities<Pick<EventDeliveryActivities, 'deliverEvent'>>({
    startToCloseTimeout: input.requestTimeoutMs + BOOKKEEPING_MS,
    retry: {
      initialInterval: input.retry.initialIntervalMs,
      backoffCoefficient: 2,
      maximumInterval: input.retry.maximumIntervalMs,
      maximumAttempts: input.retry.maximumAttempts,
    },
  });
  // Recording the failure must land, however long the database is away.
  const { recordDeliveryFailure } = proxyActivities<Pick<EventDeliveryActivities, 'recordDeliveryFailure'>>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  });
  const ref = { deliveryId: input.deliveryId, round: input.round };
  try {
    return await deliverEvent(ref);
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await recordDeliveryFailure(ref);
    return 'failed';
  }
}
