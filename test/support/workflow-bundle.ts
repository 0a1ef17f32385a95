import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/create-worker';

const ENV = 'TEST_WORKFLOW_BUNDLE';

declare global {
  /** The bundle this jest run built: both projects' global setups run in the one jest process. */
  var __signaalloketWorkflowBundle: string | undefined;
}

/**
 * Bundles workflows/ once per jest run (webpack takes seconds and a core); suites' workers reuse the file. When both
 * projects run (jest.config.js), the second global setup finds the first one's bundle and keeps it.
 */
export async function prepareWorkflowBundle(dir: string): Promise<void> {
  const built = globalThis.__signaalloketWorkflowBundle;
  if (built && fs.existsSync(built)) {
    process.env[ENV] = built;
    return;
  }
  const bundle = await bundleWorkflows();
  const codePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(codePath, bundle.code);
  globalThis.__signaalloketWorkflowBundle = codePath;
  process.env[ENV] = codePath;
}

/** The run's prebuilt workflow bundle, for `Worker.create({ workflowBundle })` or `createWorker`. */
export function testWorkflowBundle(): { codePath: string } {
  const codePath = process.env[ENV];
  if (!codePath || !fs.existsSync(codePath)) {
    throw new Error(`${ENV} is not set: run the tests through jest (test/support/global-setup.ts)`);
  }
  return { codePath };
}
