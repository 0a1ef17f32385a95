import { proxyActivities } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities';

/**
 * Activity stubs with their retry policies, next to each other so the trade-offs are visible in one place.
 * Business errors are thrown non-retryable by the activities themselves (activities/lifecycle/errors.ts).
 */

/**
 * Look-ups and date planning run inside update handlers before anything changes: a few quick attempts, so a
 * caller whose decision cannot be checked (database down) gets an error instead of waiting, and nothing changed.
 */
export const checks = proxyActivities<
  Pick<LifecycleActivities, 'loadPolicy' | 'planClock' | 'resolveMinistries' | 'verifyReply'>
>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
  },
});

/**
 * Planning at the start of a lifecycle (no caller is waiting): keep trying until the database is back.
 */
export const startup = proxyActivities<
  Pick<LifecycleActivities, 'loadPolicy' | 'planClock' | 'resolveMinistries'>
>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The read model and the timeline record decisions already taken: they must land eventually, so retries never
 * stop (idempotent by version and business key); the interval is capped so recovery is quick.
 */
export const readModel = proxyActivities<Pick<LifecycleActivities, 'recordSignalState' | 'recordClockEvent'>>(
  {
    startToCloseTimeout: '1 minute',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
);

/**
 * Notifications only write to the mail outbox (delivery is retried there); a stuck outbox must not lose a mail.
 */
export const mail = proxyActivities<Pick<LifecycleActivities, 'notify'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
