import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  // A run that needed no worker may end before webpack does: let it finish before its folder goes.
  await globalThis.__signaalloketWorkflowBundle?.done.catch(() => undefined);
  const tempDir = globalThis.__signaalloketTimeSkippingDir;
  if (!tempDir) return;
  fs.rmSync(tempDir, { recursive: true, force: true });
  globalThis.__signaalloketTimeSkippingDir = undefined;
}
