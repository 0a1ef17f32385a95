import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../shared/config';
import { bundleWorkflows } from './create-worker';

/**
 * The workflow bundle as a file: built once (when the container image is built, or once per test run) and loaded
 * by every worker that starts from it, so a worker needs neither webpack nor the workflow sources at start.
 */

/** Bundles workflows/ into `file`, whole or not at all (a reader may be waiting for the file to appear). */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const bundle = await bundleWorkflows();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.partial`, bundle.code);
  fs.renameSync(`${file}.partial`, file);
}

/** The prebuilt bundle WORKFLOW_BUNDLE_PATH names, checked at start; undefined means bundle at start. */
export function prebuiltWorkflowBundle(file: string | undefined): { codePath: string } | undefined {
  if (!file) return undefined;
  const codePath = path.resolve(file);
  if (!fs.existsSync(codePath)) {
    throw new ConfigError(
      `WORKFLOW_BUNDLE_PATH: there is no workflow bundle at ${codePath} (npm run build:workflow-bundle -- <file> writes one)`,
    );
  }
  return { codePath };
}
