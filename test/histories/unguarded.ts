import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { quietLogger } from '../workflows/harness';

/**
 * Today's workflows with one patch's patched() fixed to an answer, recording no marker (unpatched/temporal-workflow.ts);
 * every other patch works as shipped. Answer true: the change shipped without its guard, which must fail on a history
 * recorded before the change (the proof the guard is needed). Answer false: the workflows as they were before the
 * change, which must fail on a history that took the new branch (docs/architecture.md, "Versioning workflow code").
 */
const bundles = new Map<string, ReturnType<typeof bundleWorkflowCode>>();

export function workflowsWithFixedPatch(
  patchId: string,
  answer: boolean,
  /** Another workflows module than workflows/ (the versioning drill's build B). */
  entry: string = require.resolve('../../workflows'),
): ReturnType<typeof bundleWorkflowCode> {
  const key = `${entry}:${patchId}=${answer}`;
  let bundle = bundles.get(key);
  if (!bundle) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-fixed-patch-'));
    const idModule = path.join(dir, 'fixed-patch.js');
    fs.writeFileSync(idModule, `exports.FIXED_PATCH = ${JSON.stringify({ id: patchId, answer })};\n`);
    bundle = bundleWorkflowCode({
      workflowsPath: entry,
      logger: quietLogger,
      webpackConfigHook: (config) => ({
        ...config,
        resolve: {
          ...config.resolve,
          alias: {
            ...(config.resolve?.alias as Record<string, string | false>),
            '@temporalio/workflow$': require.resolve('./unpatched/temporal-workflow'),
            'signaalloket-fixed-patch$': idModule,
          },
        },
      }),
    }).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
    bundles.set(key, bundle);
  }
  return bundle;
}

/** The change `patchId` shipped without its guard: its patched() answers true and records no marker. */
export const unguardedWorkflows = (patchId: string) => workflowsWithFixedPatch(patchId, true);
