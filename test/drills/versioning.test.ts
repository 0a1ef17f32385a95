import { useDrillCommand } from './drill-command';

/**
 * Issue 19, item 4, on the real Temporal server: the versioning drill's short form (scripts/drill/versioning.ts,
 * `npm run drill -- --short versioning`) in a child process on a stack of its own. Three of twelve lifecycles start
 * on an unversioned worker; build A of the workflows is made current with the Temporal CLI; all twelve go to the
 * ministries on A; build B (A plus a change guarded by patched()) is started and made current; every lifecycle ends
 * on B; A is stopped once the server reports it drained. The
 * drill fails on any lost or doubled signal, event or mail, any non-determinism (histories and both workers' logs),
 * any workflow task on an older build after one on a newer, and any lifecycle that did not end on B's code.
 */
jest.setTimeout(15 * 60_000);

const drill = useDrillCommand(['--short', 'versioning']);

/** One figure of the drill's verdict line (`name=value`). */
function figure(name: string): number | undefined {
  const match = new RegExp(`versioning (?:passed|FAILED) in \\d+ s: .*\\b${name}=(\\d+)`).exec(drill.output);
  return match ? Number(match[1]) : undefined;
}

it('rolls build B out over build A with every signal closed, nothing lost or doubled, no non-determinism', () => {
  const verdict = drill.output.slice(drill.output.indexOf('── versioning:'));
  expect({ passed: /✓ versioning passed/.test(drill.output), exitCode: drill.exitCode, verdict }).toEqual({
    passed: true,
    exitCode: 0,
    verdict,
  });
  expect({
    signals: figure('signals'),
    signalsNotClosed: figure('signalsNotClosed'),
    workflowsStartedUnversioned: figure('workflowsStartedUnversioned'),
    acceptedOnA: figure('acceptedOnA'),
    lifecyclesClosedByB: figure('lifecyclesClosedByB'),
    nondeterminismErrors: figure('nondeterminismErrors'),
  }).toEqual({
    signals: 12,
    signalsNotClosed: 0,
    workflowsStartedUnversioned: 3,
    acceptedOnA: 12,
    lifecyclesClosedByB: 12,
    nondeterminismErrors: 0,
  });
  // Every workflow (12 lifecycles and their ministry cases) ran on A and on B.
  expect(figure('workflowsOnBothBuilds')).toBe(figure('workflowsChecked'));
});
