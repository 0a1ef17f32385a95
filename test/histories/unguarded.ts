import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { quietLogger } from '../workflows/harness';

/**
 * Today's workflows with one change shipped without its guard: that patch's patched() answers true and records no
 * marker (unpatched/temporal-workflow.ts), every other patch works as shipped. Such a bundle must fail on a
 * history recorded before that change: the proof that the guard is needed (docs/architecture.md, "Versioning
 * workflow code").
 */
const bundles = new Map<string, ReturnType<typeof bundleWorkflowCode>>();

export function unguardedWorkflows(patchId: string): ReturnType<typeof bundleWorkflowCode> {
  let bundle = bundles.get(patchId);
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
    bundles.set(patchId, bundle);
  }
  return bundle;
}
