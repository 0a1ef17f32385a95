import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/create-worker';

const ENV = 'TEST_WORKFLOW_BUNDLE';

/** Bundles workflows/ once per jest run (webpack takes seconds and a core); suites' workers reuse the file. */
export async function prepareWorkflowBundle(dir: string): Promise<void> {
  const bundle = await bundleWorkflows();
  const codePath = path.join(dir, 'workflow-bundle.js');
  fs.writeFileSync(codePath, bundle.code);
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
