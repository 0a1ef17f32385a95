import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertTemporalInstalled } from '../../scripts/services/temporal';
import { startWorkflowBundle } from './workflow-bundle';

/**
 * The clock suite's global setup (jest.config.js): its workflows run on a time-skipping server of each file's own
 * (test/workflows/harness.ts) with in-memory activities, so it needs neither PostgreSQL nor the dev server, only the
 * workflow bundle, built once for the run. It does not wait for webpack: the suites start their servers meanwhile and
 * wait for the file before their first worker (awaitTestWorkflowBundle).
 */
declare global {
  var __signaalloketTimeSkippingDir: string | undefined;
}

export default function globalSetup(): void {
  assertTemporalInstalled(); // the time-skipping test server is installed with the CLI (scripts/ensure-tools.sh)
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-clocks-'));
  globalThis.__signaalloketTimeSkippingDir = tempDir;
  startWorkflowBundle(tempDir);
}
