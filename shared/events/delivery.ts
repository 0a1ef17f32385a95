import type { DeliveryRetry } from './config';

/** The input of the `deliverCloudEvent` workflow: ids and the retry policy only, never the token or the data. */
export interface DeliverCloudEventInput {
  deliveryId: string;
  /** A re-send is a new round of the same delivery (a new workflow); an older round's stragglers change nothing. */
  round: number;
  retry: DeliveryRetry;
  /** How long one attempt may take (the activity's timeout adds a margin to the request's). */
  requestTimeoutMs: number;
}

export type DeliveryOutcome = 'delivered' | 'failed' | 'cancelled' | 'skipped';

export interface DeliveryRef {
  deliveryId: string;
  round: number;
}

/** Failure types of a delivery attempt; a refusal (4xx) is not retried. */
export const DeliveryFailure = {
  unavailable: 'EndpointUnavailable',
  busy: 'EndpointBusy',
} as const;
