import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import * as patches from '../../workflows/patches';
import { CLOCK_SUSPENSION, RECOMMENDATION_OUTCOMES } from '../../workflows/patches';
import { patchMarkerIds, readHistories } from './files';
import { deliveryScenarios } from './delivery-scenarios';
import { scenarios } from './scenarios';
import { unguardedWorkflows, workflowsWithFixedPatch } from './unguarded';
import { CLOSE_REQUIRES_FORWARDED_REPLIES } from '../../workflows/patches';
import { quietLogger, workflowBundle } from '../workflows/harness';

/**
 * Replays the committed histories of every lifecycle path against today's workflow code. A change that would
 * break a running workflow (new or reordered commands without patched()) fails here. The last test proves that it
 * can fail.
 */
jest.setTimeout(120_000);

const histories = readHistories();

async function replay(bundle: Awaited<ReturnType<typeof workflowBundle>>, only?: string[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const selected = histories.filter((h) => !only || only.includes(h.name));
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'signaalloket-replay' },
    selected.map(({ workflowId, history }) => ({ workflowId, history })),
  )) {
    results.push(result);
  }
  return results;
}

/** A signalLifecycle history: `<scenario>.signal`, or `<scenario>.signal.<patch-id>` when recorded after a change. */
const isParent = (name: string) => /\.signal(\.[a-z0-9-]+)?$/.test(name);

it('has a recorded history for every scenario, parents and ministry cases', () => {
  const names = histories.map((h) => h.name);
  for (const scenario of Object.keys(scenarios)) {
    // A scenario added with a change exists only in its recording after the change.
    expect(names.filter((name) => name.startsWith(`${scenario}.signal`) && isParent(name))).not.toEqual([]);
  }
  expect(names.filter((name) => name.includes('.ministry-')).length).toBeGreaterThanOrEqual(6);
});

it('has a recorded history for every path of an event delivery', () => {
  const names = histories.map((h) => h.name);
  for (const scenario of Object.keys(deliveryScenarios)) {
    expect(names.filter((name) => name.startsWith(`${scenario}.delivery`))).not.toEqual([]);
  }
});

it('replays every committed history without a determinism error', async () => {
  const results = await replay(await workflowBundle());
  expect(results).toHaveLength(histories.length);
  for (const result of results) {
    expect({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined }).toEqual({
      workflowId: result.workflowId,
      error: undefined,
    });
  }
});

it('carries no patch marker of an id that workflows/patches.ts does not list', () => {
  // Replay fails on the marker of a patch whose patched() call is gone, but skips a deprecated one (recorded while
  // the guard was deprecatePatch()): this keeps the histories in step with the list once such a guard goes too.
  const listed = new Set<string>(
    (Object.values(patches) as unknown[]).filter((id): id is string => typeof id === 'string'),
  );
  const stale = histories.flatMap((h) =>
    patchMarkerIds(h.history)
      .filter((id) => !listed.has(id))
      .map((id) => `${h.name}: ${id}`),
  );
  expect(stale).toEqual([]);
});

it('fails on a workflow change made without patched()', async () => {
  // The drifted bundle starts every signalLifecycle with an extra timer: each parent history must fail on it.
  const drifted = await bundleWorkflowCode({ workflowsPath: require.resolve('./drifted'), logger: quietLogger });
  const parents = histories.filter((h) => isParent(h.name)).map((h) => h.name);
  expect(parents.length).toBeGreaterThanOrEqual(Object.keys(scenarios).length);
  const results = await replay(drifted, parents);
  expect(results).toHaveLength(parents.length);
  for (const result of results) {
    // The SDK reports it as a DeterminismViolationError (a class of @temporalio/workflow, checked by name here).
    expect({ workflowId: result.workflowId, error: result.error?.name }).toEqual({
      workflowId: result.workflowId,
      error: 'DeterminismViolationError',
    });
    expect(String(result.error)).toMatch(/nondetermin|determinism/i);
  }
  // The control: ministryCase is unchanged in that bundle, and its histories still replay there.
  const untouched = await replay(drifted, ['joint-reply.ministry-bz', 'imported-sent.ministry-jenv']);
  expect(untouched.map((result) => result.error)).toEqual([undefined, undefined]);
});

it('fails on a close recorded before forwarding existed when the forwarding rule ships without patched()', async () => {
  const unguarded = await unguardedWorkflows(CLOSE_REQUIRES_FORWARDED_REPLIES);
  // These closed replied signals without forwarding their replies: under the new rule the close is refused, so the
  // recorded closing (its read-model write, its mail) has no command to match.
  const old = ['joint-reply.signal', 'extension-pending-approved.signal'];
  const results = await replay(unguarded, old);
  expect(results.map((result) => [result.workflowId, result.error?.name])).toEqual(
    results.map((result) => [result.workflowId, 'DeterminismViolationError']),
  );
  expect(results).toHaveLength(old.length);
  // The control: histories of signals that never closed replay in that bundle too.
  const untouched = await replay(unguarded, ['review-escalation-withdrawn.signal', 'withdrawn-mid-wait.signal']);
  expect(untouched.map((result) => result.error)).toEqual([undefined, undefined]);
});

it("needs the 'clock-suspension' branch for histories that met a suspension, and only for those", async () => {
  // Today's workflows with patched('clock-suspension') answering false: the clock loops ignore a suspended plan, as
  // they did before the change. A history in which a clock stood still does not replay there (the marker recorded
  // with the suspension keeps a running workflow on the new branch); every history that never met a suspension
  // replays on either branch, so the guard changes nothing for workflows that ran before it.
  const withoutSuspension = await workflowsWithFixedPatch(CLOCK_SUSPENSION, false);
  const suspended = histories.filter((h) => patchMarkerIds(h.history).includes(CLOCK_SUSPENSION)).map((h) => h.name);
  expect(suspended).toEqual(
    expect.arrayContaining([
      'review-suspended-resumed.signal.clock-suspension',
      'ministry-suspensions.ministry-jenv.clock-suspension',
    ]),
  );
  const results = await replay(withoutSuspension, suspended);
  expect(results).toHaveLength(suspended.length);
  for (const result of results) {
    expect({ workflowId: result.workflowId, error: result.error?.name }).toEqual({
      workflowId: result.workflowId,
      error: 'DeterminismViolationError',
    });
  }
  const untouched = histories.filter((h) => !suspended.includes(h.name)).map((h) => h.name);
  const controls = await replay(withoutSuspension, untouched);
  expect(controls.map((result) => result.error)).toEqual(untouched.map(() => undefined));
});

it("needs the 'recommendation-outcomes' branch for histories with a follow-up, and only for those", async () => {
  // Today's workflows with patched('recommendation-outcomes') answering false: no follow-up is planned, a follow-up
  // run runs the case's clocks, and a closed signal ends at once. The recorded follow-up (the signal's history
  // and its follow-up run) does not replay there; every history from before outcomes existed replays on either
  // branch, since the guard is reached only once a ministry that replied took a recommendation up.
  const withoutFollowUps = await workflowsWithFixedPatch(RECOMMENDATION_OUTCOMES, false);
  const followedUp = histories
    .filter((h) => patchMarkerIds(h.history).includes(RECOMMENDATION_OUTCOMES))
    .map((h) => h.name);
  expect(followedUp).toEqual([
    'recommendation-follow-up.follow-up-bz.recommendation-outcomes',
    'recommendation-follow-up.signal.recommendation-outcomes',
  ]);
  const results = await replay(withoutFollowUps, followedUp);
  expect(results.map((result) => [result.workflowId, result.error?.name])).toEqual(
    results.map((result) => [result.workflowId, 'DeterminismViolationError']),
  );
  expect(results).toHaveLength(followedUp.length);
  const untouched = histories.filter((h) => !followedUp.includes(h.name)).map((h) => h.name);
  const controls = await replay(withoutFollowUps, untouched);
  expect(controls.map((result) => result.error)).toEqual(untouched.map(() => undefined));
});
