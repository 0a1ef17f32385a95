/**
 * Build B of the versioning drill: today's workflows (build A) plus one real change to `signalLifecycle`, guarded
 * as every change to running workflow code must be. This module is the drill's stand-in for "the next release";
 * it never ships. It exports the same workflow types as workflows/index.ts.
 *
 * The change adds commands (a memo write) at two places:
 * - before the lifecycle starts: a workflow started on A has no marker there, so B's patched() answers false on
 *   replay and B replays A's history as A wrote it. Without the guard, B would emit a command A never did and every
 *   workflow started on A would fail its next workflow task on non-determinism;
 * - after the lifecycle's end: a workflow that started on A and ends on B runs B's new code there (patched() answers
 *   true and records its marker), which shows the workflow really moved to build B.
 */
import { patched, upsertMemo } from '@temporalio/workflow';
import { signalLifecycle as lifecycleOfBuildA } from '../../../workflows';
import type { LifecycleSnapshot, SignalLifecycleInput } from '../../../shared/lifecycle';

export { deliverCloudEvent, ministryCase } from '../../../workflows';

export const OPENED_ON_B_PATCH = 'drill-build-b-opened';
export const CLOSED_ON_B_PATCH = 'drill-build-b-closed';

export async function signalLifecycle(input: SignalLifecycleInput): Promise<LifecycleSnapshot> {
  if (patched(OPENED_ON_B_PATCH)) upsertMemo({ openedOnBuild: 'B' });
  const snapshot = await lifecycleOfBuildA(input);
  if (patched(CLOSED_ON_B_PATCH)) upsertMemo({ closedOnBuild: 'B' });
  return snapshot;
}
