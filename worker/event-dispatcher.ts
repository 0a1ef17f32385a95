import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { EventDispatchQueue } from '../activities/events/dispatch-queue';
import type { EventsConfig } from '../shared/events/config';
import type { DeliverCloudEventInput } from '../shared/events/delivery';
import { eventDeliveryWorkflowId } from '../shared/ids';
import { createPollingLoop } from '../shared/polling-loop';

const FAN_OUT_BATCH = 200;

export interface EventDispatcherDeps {
  queue: EventDispatchQueue;
  /** A client on the worker's own connection: starting a workflow is all it does. */
  temporal: Client;
  taskQueue: string;
  events: EventsConfig;
  logger: Logger;
  /** How often the outbox is looked at (default 2 s). */
  pollIntervalMs?: number;
}

export interface EventDispatcher {
  start(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
  /** One pass: fan new events out to their subscriptions, start the rounds not started; returns the starts. */
  runOnce(): Promise<number>;
}

/**
 * From the event outbox to Temporal: every worker runs one. Delivery itself is Temporal work (the
 * `deliverCloudEvent` workflow per delivery and round, its activity retried with backoff), so the dispatcher only
 * starts workflows; the workflow id is derived from the delivery and its round with REJECT_DUPLICATE, so a round is
 * started once however many dispatchers race for it or a crash repeats a start. Temporal away: the rows keep their
 * lease, and the next pass after it tries again.
 */
export function createEventDispatcher(deps: EventDispatcherDeps): EventDispatcher {
  async function startRound(start: { id: string; round: number }): Promise<void> {
    const input: DeliverCloudEventInput = {
      deliveryId: start.id,
      round: start.round,
      retry: deps.events.retry,
      requestTimeoutMs: deps.events.requestTimeoutMs,
    };
    try {
      await deps.temporal.workflow.start('deliverCloudEvent', {
        workflowId: eventDeliveryWorkflowId(start.id, start.round),
        taskQueue: deps.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    await deps.queue.markStarted(start);
  }

  async function runOnce(): Promise<number> {
    // Batch after batch while they come full: a backlog (after an outage) is fanned out in one pass.
    while ((await deps.queue.fanOut(FAN_OUT_BATCH)) === FAN_OUT_BATCH) {
      // the next batch
    }
    let started = 0;
    for (const start of await deps.queue.claimStarts()) {
      await startRound(start);
      started += 1;
    }
    return started;
  }

  const loop = createPollingLoop({
    intervalMs: deps.pollIntervalMs ?? 2_000,
    pass: runOnce,
    onError: (error) => deps.logger.error({ err: error }, 'event dispatcher pass failed'),
  });

  return {
    ...loop,
    runOnce,
  };
}
