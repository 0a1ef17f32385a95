import { spawn } from 'node:child_process';
import path from 'node:path';

export interface ClockFigures {
  command: string;
  seconds: number;
  exitCode: number;
  tests: string;
  files: Array<{ file: string; seconds: number | null; passed: boolean }>;
}

/** The workflow suite (clocks under time skipping, plus the lifecycle paths) as a developer runs it. */
export async function benchClocks(
  progress: (l: string) => void,
  folder = 'test/workflows',
): Promise<ClockFigures> {
  const root = path.resolve(__dirname, '..', '..');
  const args = ['jest', folder];
  const begin = Date.now();
  let output = '';
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn('npx', args, {
      cwd: root,
      env: { ...process.env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const ticker = setInterval(
      () => progress(`clock suite running: ${Math.round((Date.now() - begin) / 1000)} s`),
      1_000,
    );
    child.on('exit', (code) => {
      clearInterval(ticker);
      resolve(code ?? 1);
    });
  });
  const seconds = Math.round((Date.now() - begin) / 100) / 10;
  const files = [...output.matchAll(/^(PASS|FAIL)\s+(\S+)(?:\s+\((\d+(?:\.\d+)?) s\))?/gm)].map((m) => ({
    file: m[2]!,
    seconds: m[3] ? Number(m[3]) : null,
    passed: m[1] === 'PASS',
  }));
  const tests = /^Tests:\s+(.*)$/m.exec(output)?.[1]?.trim() ?? 'unknown';
  return { command: `npx ${args.join(' ')}`, seconds, exitCode, tests, files };
}
