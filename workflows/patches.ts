/**
 * Every patched() id in the workflows, with what it changed. The list restarts at the first release: the five
 * changes guarded before it (reply escalations pausing while an extension request waits, decisions waiting for
 * start-up, overdue imports escalating at once, short activity timeouts, start-up look-ups as local activities)
 * were folded into the code while no installation had run a workflow, and the histories were recorded again.
 *
 * From the first release on, a change to a workflow's behaviour (docs/architecture.md#versioning-workflow-code):
 * 1. exports its id here, with a comment on what changed, and guards the new code with `patched(ID)`, the old
 *    branch kept for the workflows that ran without it;
 * 2. if its commands change (an activity, timer, child, signal or marker added, dropped or reordered), a test in
 *    test/histories/replay.test.ts replays a history recorded before the change in a bundle without the guard and
 *    expects a DeterminismViolationError, so the guard is shown to be needed;
 * 3. records the new histories next to the old ones (`npx tsx scripts/record-histories.ts --suffix <id>`).
 * Once no workflow that ran the old branch is left, the guard becomes deprecatePatch(ID), and later goes with its
 * id and its histories.
 */

/**
 * Closing needs the replies forwarded to the submitters (forwardReplies), or a reason why one was not
 * (`unforwardedReason`). Before it, a replied signal closed without either; a close in such a history must replay
 * as it ran. The forwardReplies update itself needs no guard: no history from before it holds one.
 */
export const CLOSE_REQUIRES_FORWARDED_REPLIES = 'close-requires-forwarded-replies';

/**
 * Clocks can be suspended and resumed (suspendClock, resumeClock, requestSuspension, decideSuspension): the review
 * and amendment loop (review-clocks.ts) and each ministry case (ministry-case.ts) send no reminder or escalation of
 * a suspended plan, and a ministry case holds its reply escalations while a suspension request waits. Reached only
 * once a clock is suspended (or a request waits), so histories of workflows that never met a suspension replay on
 * either branch; the old branch ignores a suspension, as the code before it did.
 */
export const CLOCK_SUSPENSION = 'clock-suspension';

/**
 * Follow-up of adopted recommendations (workflows/follow-up-case.ts): a `ministryCase` started with a follow-up plan
 * runs that plan instead of the case's clocks; the signal's workflow plans it when a replied ministry's outcome
 * becomes adopted or partly adopted (or a ministry with such an outcome replies), and stays open after closing until
 * every follow-up has been reported. Reached only once a recommendation was taken up, so no history from before
 * recommendation outcomes existed meets it.
 */
export const RECOMMENDATION_OUTCOMES = 'recommendation-outcomes';
