import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import {
  DECISIONS_WAIT_FOR_START_UP,
  IMPORTED_OVERDUE_ESCALATES_AT_ONCE,
  PAUSE_ESCALATION_WHILE_EXTENSION_PENDING,
  START_UP_AS_LOCAL_ACTIVITIES,
} from '../../workflows/patches';
import { readHistories } from './files';
import { scenarios } from './scenarios';
import { quietLogger, workflowBundle } from '../workflows/harness';

/**
 * Replays the committed histories of every lifecycle path against today's workflow code. A change that would
 * break a running workflow (new or reordered commands without patched()) fails here.
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

it('has a recorded history for every scenario, parents and ministry cases', () => {
  const names = histories.map((h) => h.name);
  for (const scenario of Object.keys(scenarios)) expect(names).toContain(`${scenario}.signal`);
  expect(names.filter((name) => name.includes('.ministry-')).length).toBeGreaterThanOrEqual(6);
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

it('replays histories recorded before and after each patched change', () => {
  const names = histories.map((h) => h.name);
  // 'pause-escalation-while-extension-pending': escalated while the request waited (before), held back (after).
  for (const scenario of ['extension-pending-refused', 'extension-pending-approved']) {
    expect(names).toEqual(expect.arrayContaining([`${scenario}.ministry-bzk`, `${scenario}.ministry-bzk.v2`]));
  }
  // 'decisions-wait-for-start-up': a decision sent with the start was refused (before), waits and is taken (after).
  expect(names).toEqual(
    expect.arrayContaining(['decision-at-start.signal', 'decision-at-start.signal.v3', 'decision-at-start.ministry-fin.v3']),
  );
  // 'imported-overdue-escalates-at-once': an overdue import waited for the next rung (before), escalates now (after).
  expect(names).toEqual(
    expect.arrayContaining([
      'imported-review-overdue.signal',
      'imported-review-overdue.signal.v4',
      'imported-sent.ministry-jenv',
      'imported-sent.ministry-jenv.v4',
    ]),
  );
  // 'short-activity-timeouts': every path again, with the shorter activity timeouts and notify's heartbeat timeout.
  for (const scenario of Object.keys(scenarios)) expect(names).toContain(`${scenario}.signal.v5`);
  // 'start-up-as-local-activities': every path again, its start-up look-ups as local activities.
  for (const scenario of Object.keys(scenarios)) expect(names).toContain(`${scenario}.signal.v6`);
});

it('fails on a workflow change made without patched()', async () => {
  const drifted = await bundleWorkflowCode({ workflowsPath: require.resolve('./drifted'), logger: quietLogger });
  const results = await replay(drifted, ['joint-reply.signal']);
  expect(results).toHaveLength(1);
  // The SDK reports it as a DeterminismViolationError (a class of @temporalio/workflow, checked by name here).
  expect(results[0]!.error?.name).toBe('DeterminismViolationError');
  expect(String(results[0]!.error)).toMatch(/nondetermin|determinism/i);
});

// Today's workflows with one change shipped without its guard: that patch's patched() answers true (no marker),
// the others work as shipped. Such a bundle must fail on histories recorded before that change.
const unguardedBundles = new Map<string, ReturnType<typeof bundleWorkflowCode>>();
function unguardedWorkflows(patchId: string): ReturnType<typeof bundleWorkflowCode> {
  let bundle = unguardedBundles.get(patchId);
  if (!bundle) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-unguarded-'));
    const idModule = path.join(dir, 'unguarded-patch.js');
    fs.writeFileSync(idModule, `exports.UNGUARDED_PATCH = ${JSON.stringify(patchId)};\n`);
    bundle = bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: quietLogger,
      webpackConfigHook: (config) => ({
        ...config,
        resolve: {
          ...config.resolve,
          alias: {
            ...(config.resolve?.alias as Record<string, string | false>),
            '@temporalio/workflow$': require.resolve('./unpatched/temporal-workflow'),
            'signaalloket-unguarded-patch$': idModule,
          },
        },
      }),
    }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    unguardedBundles.set(patchId, bundle);
  }
  return bundle;
}

it("fails on the old histories when the escalation pause ships without patched()", async () => {
  const unpatched = await unguardedWorkflows(PAUSE_ESCALATION_WHILE_EXTENSION_PENDING);
  const old = ['extension-pending-refused.ministry-bzk', 'extension-pending-approved.ministry-bzk'];
  const results = await replay(unpatched, old);
  expect(results).toHaveLength(old.length);
  for (const result of results) {
    expect({ workflowId: result.workflowId, error: result.error?.name }).toEqual({
      workflowId: result.workflowId,
      error: 'DeterminismViolationError',
    });
  }
  // The control: histories that never had a request pending over a deadline replay in that bundle too.
  const untouched = await replay(unpatched, ['withdrawn-mid-wait.ministry-bz', 'joint-reply.ministry-bz']);
  expect(untouched.map((result) => result.error)).toEqual([undefined, undefined]);
});

it('fails on the old history when decisions wait for start-up without patched()', async () => {
  const unpatched = await unguardedWorkflows(DECISIONS_WAIT_FOR_START_UP);
  // Before the change the early decision ran first (and was refused); without the guard, start-up runs first.
  const results = await replay(unpatched, ['decision-at-start.signal']);
  expect(results.map((result) => result.error?.name)).toEqual(['DeterminismViolationError']);
  // The control: a history whose decisions all came after start-up replays in that bundle too.
  const untouched = await replay(unpatched, ['review-escalation-withdrawn.signal']);
  expect(untouched.map((result) => result.error)).toEqual([undefined]);
});

it('fails on the old histories when overdue imports escalate at once without patched()', async () => {
  const unpatched = await unguardedWorkflows(IMPORTED_OVERDUE_ESCALATES_AT_ONCE);
  // Before the change nothing went out at the start of an overdue import; without the guard, an escalation would.
  const old = ['imported-review-overdue.signal', 'imported-sent.ministry-jenv'];
  const results = await replay(unpatched, old);
  expect(results.map((result) => result.error?.name)).toEqual(['DeterminismViolationError', 'DeterminismViolationError']);
});

it('fails on the old histories when start-up runs local activities without patched()', async () => {
  const unpatched = await unguardedWorkflows(START_UP_AS_LOCAL_ACTIVITIES);
  // Before the change the start-up scheduled its look-ups as activity tasks; without the guard they would be local.
  const old = ['review-escalation-withdrawn.signal.v5', 'imported-sent.signal.v5'];
  const results = await replay(unpatched, old);
  expect(results.map((result) => result.error?.name)).toEqual(['DeterminismViolationError', 'DeterminismViolationError']);
  // The control: ministry cases never run the start-up, and their histories replay in that bundle.
  const untouched = await replay(unpatched, ['joint-reply.ministry-bz.v5', 'imported-sent.ministry-jenv.v5']);
  expect(untouched.map((result) => result.error)).toEqual([undefined, undefined]);
});
