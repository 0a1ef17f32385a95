import { spawn } from 'node:child_process';
import path from 'node:path';

export interface DrillCommand {
  /** Everything the drill printed, stdout and stderr in arrival order. */
  output: string;
  exitCode: number | null;
}

/**
 * `npm run drill -- <args>` in a child process for the whole test file (filled in by `beforeAll`, like the other
 * per-file harnesses). A mail whose delivery a SIGKILL interrupted stays leased for the outbox's 90 seconds
 * (activities/mail/deps.ts), hence the drills' long outbox wait.
 */
export function useDrillCommand(args: string[]): DrillCommand {
  const root = path.resolve(__dirname, '..', '..');
  const run: DrillCommand = { output: '', exitCode: null };
  beforeAll(async () => {
    run.exitCode = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'scripts', 'drill', 'main.ts'), ...args],
        {
          cwd: root,
          env: { ...process.env, DRILL_OUTBOX_WAIT_MS: '240000' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (run.output += chunk.toString()));
      child.on('exit', (code) => resolve(code));
    });
  });
  // A failed drill's whole account (its steps' errors, the clients' retries, the faults' table) in the CI log: the
  // failed expectation shows only the start of it.
  afterAll(() => {
    if (run.exitCode !== 0) {
      process.stderr.write(
        `\n--- npm run drill -- ${args.join(' ')} exited ${run.exitCode} ---\n${run.output}\n`,
      );
    }
  });
  return run;
}
