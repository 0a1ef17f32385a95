import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

/**
 * Runs one of the project's database scripts (scripts/db/*.ts) in a child process, as a user would. Prisma's
 * WebAssembly schema engine is an ES module with timers of its own; outside jest's sandbox it loads and exits
 * cleanly.
 */
export async function runDbScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts', 'db', script), ...args],
    {
      cwd: root,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}
