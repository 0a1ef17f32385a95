import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The API's and worker's logger writes asynchronously (shared/process-logger.ts): a request no longer waits for a
 * write(2) per line. What it must not do is lose lines when the process ends: after a drain (process.exit), on an
 * uncaught error, or when the event loop runs dry. Each case logs many lines in a burst, far more than one write
 * takes, then ends at once; every line must reach stdout (a pipe, as under a supervisor), redacted as before.
 */
const LINES = 20_000;
const moduleFile = path.resolve(__dirname, '..', '..', 'shared', 'process-logger.ts');

async function run(ending: string): Promise<{ lines: string[]; code: number | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'process-logger-'));
  const script = path.join(dir, 'log-then-end.ts');
  fs.writeFileSync(
    script,
    [
      `import { createProcessLogger } from ${JSON.stringify(moduleFile)};`,
      `const logger = createProcessLogger('info');`,
      `for (let i = 0; i < ${LINES}; i++) {`,
      `  logger.info({ i, req: { headers: { authorization: 'Bearer sk_secret' } } }, 'line');`,
      `}`,
      ending,
    ].join('\n'),
  );
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], {
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ lines: out.split('\n').filter(Boolean), code }));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function expectEveryLine(lines: string[]): void {
  expect(lines).toHaveLength(LINES);
  const parsed = lines.map(
    (line) => JSON.parse(line) as { i: number; req: { headers: { authorization: string } } },
  );
  expect(parsed.map((entry) => entry.i)).toEqual(Array.from({ length: LINES }, (_, i) => i));
  expect(new Set(parsed.map((entry) => entry.req.headers.authorization))).toEqual(new Set(['[Redacted]']));
}

describe('the process logger loses no line when the process ends', () => {
  it('on process.exit right after a burst (the end of a drain)', async () => {
    const { lines, code } = await run('process.exit(0);');
    expect(code).toBe(0);
    expectEveryLine(lines);
  }, 60_000);

  it('on an uncaught error', async () => {
    const { lines, code } = await run("setImmediate(() => { throw new Error('boom'); });");
    expect(code).toBe(1);
    expectEveryLine(lines);
  }, 60_000);

  it('when the event loop runs dry', async () => {
    const { lines, code } = await run('');
    expect(code).toBe(0);
    expectEveryLine(lines);
  }, 60_000);
});
