/**
 * Every patched() id in the workflows, with what it changed. A workflow that ran the old code replays its old
 * branch (no marker in its history); once no such workflow is left, the guard becomes deprecatePatch() and then goes.
 */

/** ministryCase: reply escalations wait while the ministry's extension request awaits the coordinator's decision. */
export const PAUSE_ESCALATION_WHILE_EXTENSION_PENDING = 'pause-escalation-while-extension-pending';

/**
 * signalLifecycle: a decision that reaches the workflow before its start-up (policy loaded, first commit) waits for
 * it in the handler instead of being refused with "the deadline policy is not loaded yet".
 */
export const DECISIONS_WAIT_FOR_START_UP = 'decisions-wait-for-start-up';

/**
 * signalLifecycle and ministryCase: an imported signal whose deadline passed before its workflow existed sends one
 * catch-up escalation at once (the latest one planned for before the start, with that rung's recipients), then
 * the regular repeats; before, the first mail waited for the next repeat.
 */
export const IMPORTED_OVERDUE_ESCALATES_AT_ONCE = 'imported-overdue-escalates-at-once';

/**
 * signalLifecycle and ministryCase: activities time out sooner (database steps 10 s instead of 30 s or a minute;
 * notify heartbeats with a 10 s heartbeat timeout), so one lost with a killed worker is retried within seconds. No
 * command changes; the options are chosen per call (activity-stubs.ts).
 */
export const SHORT_ACTIVITY_TIMEOUTS = 'short-activity-timeouts';

/**
 * signalLifecycle: the start-up's look-ups (deadline policy, review or ministry clocks, ministries of an import) run
 * as local activities, inside the workflow task, instead of as activity tasks each followed by a workflow task.
 * Commands change (markers instead of scheduled activities), so old histories need the old branch.
 */
export const START_UP_AS_LOCAL_ACTIVITIES = 'start-up-as-local-activities';
