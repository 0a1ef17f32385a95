import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { LifecycleActivities } from '../activities';

/**
 * Activity stubs with their retry policies, next to each other so the trade-offs are visible in one place.
 * Business errors are thrown non-retryable by the activities themselves (activities/lifecycle/errors.ts).
 *
 * Why short timeouts: an activity whose worker died (a crash, a SIGKILL) is only retried once its timeout passes,
 * and every step of a lifecycle would wait that long. The look-ups and read-model writes are single database
 * statements that take milliseconds, so 10 s is still generous under load; notify may talk to a slow relay for
 * longer, so it keeps its minute but heartbeats (worker/activity-heartbeat.ts), and a lost notify is retried after
 * the heartbeat timeout.
 */
const QUICK_STATEMENT: ActivityOptions = { startToCloseTimeout: '10 seconds' };
const LOST_MAIL_AFTER: ActivityOptions = { startToCloseTimeout: '1 minute', heartbeatTimeout: '10 seconds' };

/**
 * Look-ups and date planning run inside update handlers before anything changes: a few quick attempts, so a
 * caller whose decision cannot be checked (database down) gets an error instead of waiting, and nothing changed.
 */
type Checks = Pick<
  LifecycleActivities,
  'loadPolicy' | 'planClock' | 'shiftClock' | 'planFollowUp' | 'resolveMinistries' | 'verifyReply'
>;
const checksRetry: ActivityOptions['retry'] = {
  initialInterval: '500 milliseconds',
  backoffCoefficient: 2,
  maximumInterval: '10 seconds',
  maximumAttempts: 5,
};
export const checks = proxyActivities<Checks>({ ...QUICK_STATEMENT, retry: checksRetry });

/**
 * Planning at the start of a lifecycle (no caller is waiting): keep trying until the database is back. They run as
 * local activities: the worker runs them inside the workflow task that needs them, so the server schedules,
 * dispatches and records no activity task for them and no workflow task follows each. Fit for local activities: a
 * policy read, a working-day computation and a ministry look-up are quick and change nothing, so running one again
 * (after a killed worker) is harmless.
 */
type Startup = Pick<LifecycleActivities, 'loadPolicy' | 'planClock' | 'resolveMinistries'>;
const startupRetry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
};
export const startup = proxyLocalActivities<Startup>({ ...QUICK_STATEMENT, retry: startupRetry });

/**
 * The read model and the timeline record decisions already taken: they must land eventually, so retries never
 * stop (idempotent by version and business key); the interval is capped so recovery is quick.
 */
type ReadModel = Pick<LifecycleActivities, 'recordSignalState' | 'recordClockEvent'>;
const readModelRetry: ActivityOptions['retry'] = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
};
export const readModel = proxyActivities<ReadModel>({ ...QUICK_STATEMENT, retry: readModelRetry });

/**
 * Notifications only write to the mail outbox (delivery is retried there); a stuck outbox must not lose a mail.
 */
type Mail = Pick<LifecycleActivities, 'notify'>;
const mailRetry: ActivityOptions['retry'] = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
};
export const mail = proxyActivities<Mail>({ ...LOST_MAIL_AFTER, retry: mailRetry });
