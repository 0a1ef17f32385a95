import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { request } from '../drill/http';
import { spawnBound } from '../services/bound-process';
import { findFreePort } from '../services/ports';
import { sleep } from '../drill/run';

const root = path.resolve(__dirname, '..', '..');

/**
 * The product's API exactly as deployed (api/main.ts, a process of its own, request logging at info), optionally
 * under `node --cpu-prof`. Its output goes nowhere: the benchmark measures the work, not a terminal.
 */
export interface ApiProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startApiProcess(options: {
  port: number;
  env: Record<string, string>;
  cpuProfileDir?: string;
  /** Another checkout's API (e.g. the commit before a change), to compare side by side in one run. */
  root?: string;
}): Promise<ApiProcess> {
  const args = [
    ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : []),
    '--import',
    'tsx',
    path.join(options.root ?? root, 'api', 'main.ts'),
  ];
  // Bound to this process (setpriv --pdeathsig): a benchmark that dies takes its API with it.
  const { child } = spawnBound(process.execPath, args, {
    stopSignal: 'SIGTERM',
    cwd: options.root ?? root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(options.port),
      OPS_PORT: String(await findFreePort()),
      // The load comes from one address and a few principals; the budgets are not what is measured.
      API_RATE_LIMIT: '1000000',
      API_ADDRESS_RATE_LIMIT: '1000000',
      // Production requires one; a benchmark that also runs a worker passes the worker's in options.env.
      RESPONSE_LINK_SECRET: crypto.randomBytes(32).toString('base64url'),
      ...options.env,
    },
    // BENCH_API_LOG=<file> keeps the API's log (pino JSON) for a look at what failed.
    stdio: [
      'ignore',
      process.env.BENCH_API_LOG ? fs.openSync(process.env.BENCH_API_LOG, 'a') : 'ignore',
      'pipe',
    ],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited during start: ${stderr}`);
    const ok = await request('GET', `${url}/healthz`, { timeoutMs: 2_000 }).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the API did not answer /healthz within 120 s: ${stderr}`);
    await sleep(250);
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
