import fs from 'node:fs';
import path from 'node:path';
import { writeWorkflowBundle } from '../../worker/workflow-bundle-file';

const ENV = 'TEST_WORKFLOW_BUNDLE';
/** Written next to the bundle when bundling fails, with the error: suites waiting for the bundle report it. */
const FAILED = '.failed';

interface Bundling {
  codePath: string;
  /** Settles once the file is written (or bundling failed). */
  done: Promise<void>;
}

declare global {
  /** This jest run's bundle: both projects' global setups (jest.config.js) run in the one jest process. */
  var __signaalloketWorkflowBundle: Bundling | undefined;
}

/**
 * Starts bundling workflows/ once per jest run (webpack takes seconds and a core) and returns at once; the file
 * appears under `dir` when it is done, and suites' workers reuse it. A second call in the run (the other project's
 * global setup) gets the first one's bundle.
 */
export function startWorkflowBundle(dir: string): Bundling {
  const started = globalThis.__signaalloketWorkflowBundle;
  if (started) {
    process.env[ENV] = started.codePath;
    return started;
  }
  const codePath = path.join(dir, 'workflow-bundle.js');
  const done = writeWorkflowBundle(codePath).then(
    () => undefined,
    (error: unknown) => {
      fs.writeFileSync(
        `${codePath}${FAILED}`,
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
      throw error;
    },
  );
  done.catch(() => undefined); // reported by whoever waits for the bundle
  const bundling = { codePath, done };
  globalThis.__signaalloketWorkflowBundle = bundling;
  process.env[ENV] = codePath;
  return bundling;
}

/** Bundles workflows/ once per jest run and waits for the file. */
export async function prepareWorkflowBundle(dir: string): Promise<void> {
  await startWorkflowBundle(dir).done;
}

/** The run's prebuilt workflow bundle, for `Worker.create({ workflowBundle })` or `createWorker`. */
export function testWorkflowBundle(): { codePath: string } {
  const codePath = process.env[ENV];
  if (!codePath || !fs.existsSync(codePath)) {
    throw new Error(`${ENV} is not set: run the tests through jest (test/support/global-setup.ts)`);
  }
  return { codePath };
}

/**
 * The run's workflow bundle once it is there: the clock suite's global setup (global-setup-time-skipping.ts) does not
 * wait for webpack, so its suites start their servers while the bundle is still being built.
 */
export async function awaitTestWorkflowBundle(timeoutMs = 180_000): Promise<{ codePath: string }> {
  const codePath = process.env[ENV];
  if (!codePath)
    throw new Error(`${ENV} is not set: run the tests through jest (test/support/global-setup.ts)`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (fs.existsSync(codePath)) return { codePath };
    if (fs.existsSync(`${codePath}${FAILED}`)) {
      throw new Error(`bundling the workflows failed: ${fs.readFileSync(`${codePath}${FAILED}`, 'utf8')}`);
    }
    if (Date.now() > deadline)
      throw new Error(`the workflow bundle ${codePath} did not appear within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
