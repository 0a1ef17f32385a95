import fs from 'node:fs';

export default function globalTeardown(): void {
  const tempDir = globalThis.__signaalloketTimeSkippingDir;
  if (!tempDir) return;
  fs.rmSync(tempDir, { recursive: true, force: true });
  globalThis.__signaalloketTimeSkippingDir = undefined;
}
