import { spawn } from 'node:child_process';
import path from 'node:path';

export interface JestRun {
  command: string;
  seconds: number;
  exitCode: number;
  tests: string;
  files: Array<{ file: string; seconds: number | null; passed: boolean }>;
}

export interface ClockFigures extends JestRun {
  /** test/workflows/lifecycle-integration.test.ts, timed on its own: not part of the clock suite's figure. */
  integration?: JestRun;
}

/**
 * The clock suite as a developer runs it, `npm run test:clocks` (jest.clocks.config.js): every clock path on the
 * Temporal time-skipping server with in-memory activities, global setup included. Then, unless
 * BENCH_CLOCKS_INTEGRATION=0, the one workflow file that needs the services (lifecycle-integration: dev server,
 * PostgreSQL, real activities) on its own, reported next to the figure but not in it.
 */
export async function benchClocks(progress: (l: string) => void): Promise<ClockFigures> {
  const suite = await timeJest('npm', ['run', 'test:clocks'], 'clock suite', progress);
  if (process.env.BENCH_CLOCKS_INTEGRATION === '0') return suite;
  const integration = await timeJest(
    'npx',
    ['jest', 'test/workflows/lifecycle-integration.test.ts'],
    'workflow integration file',
    progress,
  );
  const passed = integration.exitCode === 0 ? 'passed' : `FAILED (exit code ${integration.exitCode})`;
  return {
    ...suite,
    // report.ts prints `tests` after the figure: the integration file's run goes there, marked as separate.
    tests:
      `${suite.tests}; separately, not in this figure: \`${integration.command}\` (the dev server with real ` +
      `activities and PostgreSQL) ${integration.seconds} s wall clock including its global setup, ${passed}, ` +
      `tests: ${integration.tests}`,
    integration,
  };
}

async function timeJest(
  executable: string,
  args: string[],
  what: string,
  progress: (l: string) => void,
): Promise<JestRun> {
  const root = path.resolve(__dirname, '..', '..');
  const begin = Date.now();
  let output = '';
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(executable, args, {
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
      () => progress(`${what} running: ${Math.round((Date.now() - begin) / 1000)} s`),
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
  return { command: [executable, ...args].join(' '), seconds, exitCode, tests, files };
}
