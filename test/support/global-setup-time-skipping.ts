import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalTestServerPath } from '../../scripts/services/temporal';
import { prepareWorkflowBundle } from './workflow-bundle';

/**
 * The clock suite's global setup (jest.config.js): its workflows run on a time-skipping server of each file's own
 * (test/workflows/harness.ts) with in-memory activities, so it needs neither PostgreSQL nor the dev server, only the
 * workflow bundle, built once for the run.
 */
declare global {
  var __signaalloketTimeSkippingDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(temporalTestServerPath)) {
    throw new Error(
      `${temporalTestServerPath} is missing: run \`bash scripts/ensure-tools.sh\` (npm start and npm test do this)`,
    );
  }
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-clocks-'));
  globalThis.__signaalloketTimeSkippingDir = tempDir;
  await prepareWorkflowBundle(tempDir);
}
