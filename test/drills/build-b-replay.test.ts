import { Worker, type ReplayResult } from '@temporalio/worker';
import { OPENED_ON_B_PATCH } from '../../scripts/drill/versioning/build-b-workflows';
import { bundleWorkflows } from '../../worker/create-worker';
import { readHistories } from '../histories/files';
import { workflowsWithFixedPatch } from '../histories/unguarded';

/**
 * Build B of the versioning drill (scripts/drill/versioning/build-b-workflows.ts) stands in for the next release,
 * so it meets the rule every workflow change meets: it replays every committed history (each recorded on today's
 * code, as build A's workflows are), and without the guard on its opening step it does not. The drill then shows
 * the same live, on the real server, for the lifecycles it moves from A to B.
 */
jest.setTimeout(180_000);

const buildB = require.resolve('../../scripts/drill/versioning/build-b-workflows');
const histories = readHistories();

async function replay(bundle: { code: string }, names?: string[]): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const selected = histories.filter((h) => !names || names.includes(h.name));
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'signaalloket-build-b' },
    selected.map(({ workflowId, history }) => ({ workflowId, history })),
  )) {
    results.push(result);
  }
  return results;
}

it('replays every committed history', async () => {
  const results = await replay(await bundleWorkflows(buildB));
  expect(results).toHaveLength(histories.length);
  expect(results.filter((result) => result.error).map((r) => [r.workflowId, String(r.error)])).toEqual([]);
});

it('does not without patched() on its opening step: every lifecycle history then fails on non-determinism', async () => {
  const unguarded = await workflowsWithFixedPatch(OPENED_ON_B_PATCH, true, buildB);
  const lifecycles = histories.filter((h) => /\.signal(\.[a-z0-9-]+)?$/.test(h.name)).map((h) => h.name);
  expect(lifecycles.length).toBeGreaterThan(5);
  const results = await replay(unguarded, lifecycles);
  expect(results.map((result) => [result.workflowId, result.error?.name])).toEqual(
    results.map((result) => [result.workflowId, 'DeterminismViolationError']),
  );
  expect(results).toHaveLength(lifecycles.length);
});
