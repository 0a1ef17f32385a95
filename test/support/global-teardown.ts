import fs from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__signaalloketServices;
  if (!started) return;
  await started.temporal?.stop();
  await started.postgres?.stop();
  fs.rmSync(started.tempDir, { recursive: true, force: true });
}
