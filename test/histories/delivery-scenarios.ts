import crypto from 'node:crypto';
import { ApplicationFailure, type ActivityInterface } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { EventDeliveryActivities } from '../../activities/events/deliver';
import { DeliveryFailure, type DeliverCloudEventInput, type DeliveryOutcome, type DeliveryRef } from '../../shared/events/delivery';
import { eventDeliveryWorkflowId } from '../../shared/ids';
import { workflowTelemetrySinks } from '../../shared/telemetry/temporal';
import type { deliverCloudEvent } from '../../workflows/event-delivery';
import { workflowBundle } from '../workflows/harness';
import type { RecordedHistory } from './files';

/**
 * The paths of one event delivery (`deliverCloudEvent`), on the time-skipping server with in-memory activities:
 * what each attempt answers is scripted. Used by test/workflows/event-delivery.test.ts and recorded by
 * scripts/record-histories.ts (`<scenario>.delivery`) for the replay gate.
 */
export type AttemptAnswer = 'delivered' | 'refused' | 'unavailable' | { retryAfterMs: number };

export interface DeliveryRun {
  outcome: DeliveryOutcome;
  /** When each attempt ran, in the server's (skipped) time. */
  attemptsScheduledAt: number[];
  failuresRecorded: DeliveryRef[];
  recorded: RecordedHistory;
}

export const RETRY = { initialIntervalMs: 1_000, maximumIntervalMs: 60_000, maximumAttempts: 4 };

export async function runDelivery(
  env: TestWorkflowEnvironment,
  name: string,
  answers: AttemptAnswer[],
): Promise<DeliveryRun> {
  const attemptsScheduledAt: number[] = [];
  const failuresRecorded: DeliveryRef[] = [];
  const activities: Pick<EventDeliveryActivities, 'deliverEvent' | 'recordDeliveryFailure'> & ActivityInterface = {
    deliverEvent: async () => {
      const info = Context.current().info;
      attemptsScheduledAt.push(await env.currentTimeMs());
      const answer = answers[Math.min(info.attempt - 1, answers.length - 1)]!;
      if (answer === 'delivered') return 'delivered' as const;
      if (answer === 'refused') return 'failed' as const;
      if (answer === 'unavailable') {
        throw ApplicationFailure.retryable('the subscriber answered 503', DeliveryFailure.unavailable);
      }
      throw ApplicationFailure.create({
        message: 'the subscriber asked to wait (429)',
        type: DeliveryFailure.busy,
        nextRetryDelay: answer.retryAfterMs,
      });
    },
    recordDeliveryFailure: (ref: DeliveryRef) => {
      failuresRecorded.push(ref);
      return Promise.resolve();
    },
  };
  const taskQueue = `delivery-${crypto.randomBytes(4).toString('hex')}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    sinks: workflowTelemetrySinks(),
  });
  const deliveryId = crypto.randomUUID();
  const input: DeliverCloudEventInput = { deliveryId, round: 1, retry: RETRY, requestTimeoutMs: 10_000 };
  const workflowId = eventDeliveryWorkflowId(deliveryId, 1);
  const outcome = await worker.runUntil(
    env.client.workflow.execute<typeof deliverCloudEvent>('deliverCloudEvent', {
      taskQueue,
      workflowId,
      args: [input],
    }),
  );
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return {
    outcome,
    attemptsScheduledAt,
    failuresRecorded,
    recorded: { name: `${name}.delivery`, workflowId, history },
  };
}

/** The recorded paths: delivered at once; a refusal; retries exhausted; a 429's wait, then delivered. */
export const deliveryScenarios: Record<string, AttemptAnswer[]> = {
  'event-delivered': ['delivered'],
  'event-refused': ['refused'],
  'event-retries-exhausted': ['unavailable'],
  'event-retry-after': [{ retryAfterMs: 3_600_000 }, 'delivered'],
};
