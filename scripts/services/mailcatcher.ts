import path from 'node:path';
import fs from 'node:fs';
import { spawnBound } from './bound-process';
import { projectRoot } from './paths';
import { waitForPort } from './ports';

/**
 * MailDev (npm): a local SMTP server with a web inbox, so a person running the product can read every mail the
 * product sends and follow its links. Only the embedded default; SMTP_URL points at a real relay.
 */
export interface RunningMailCatcher {
  smtpUrl: string;
  webUrl: string;
  stop(): Promise<void>;
}

export async function startMailCatcher(options: {
  smtpPort: number;
  webPort: number;
  mailDirectory: string;
}): Promise<RunningMailCatcher> {
  fs.mkdirSync(options.mailDirectory, { recursive: true });
  const bin = path.join(projectRoot, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const service = spawnBound(
    process.execPath,
    [
      bin,
      '--smtp',
      String(options.smtpPort),
      '--web',
      String(options.webPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      options.mailDirectory,
      '--silent',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], stopSignal: 'SIGTERM' },
  );
  let errors = '';
  service.child.stderr?.on('data', (chunk: Buffer) => {
    errors = (errors + chunk.toString()).slice(-2000);
  });
  try {
    await Promise.race([
      Promise.all([waitForPort(options.smtpPort, 20_000), waitForPort(options.webPort, 20_000)]),
      service.exited.then((code) => {
        throw new Error(`MailDev exited with code ${code} during start: ${errors.trim()}`);
      }),
    ]);
  } catch (error) {
    await service.stop(0);
    throw error;
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${options.smtpPort}`,
    webUrl: `http://localhost:${options.webPort}`,
    stop: () => service.stop(5_000),
  };
}
