/**
 * Every patched() id in the workflows, with what it changed. The list restarts at the first release: the five
 * changes made before it (escalations pausing while an extension request waits, decisions waiting for start-up,
 * overdue imports escalating at once, short activity timeouts, start-up look-ups as local activities) were folded
 * into the code when no installation ran any workflow yet, and the histories were recorded again.
 *
 * The next change that alters the commands of a running workflow (a new, dropped or reordered activity, timer,
 * child, signal or marker, or a different activity type or options) goes like this:
 * 1. export its id here with a comment saying what changed, and guard the new code with `patched(ID)`, keeping
 *    the old branch for workflows that ran without it;
 * 2. in test/histories/replay.test.ts, a test that replays a history recorded before the change in a bundle
 *    without the guard and expects a DeterminismViolationError (so the guard is proved needed), while every
 *    committed history keeps replaying with it;
 * 3. record the new histories next to the old ones (`npx tsx scripts/record-histories.ts --suffix <id>`).
 * Once no workflow that ran the old branch is left, the guard becomes deprecatePatch(ID), and later goes.
 */
export {};
