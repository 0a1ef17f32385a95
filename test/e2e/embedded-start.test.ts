import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { acceptsConnections, findFreePort } from '../../scripts/services/ports';

/**
 * The README's first command on embedded defaults: it starts PostgreSQL, the Temporal dev server with its UI and
 * MailDev itself, keeps their state in DATA_DIR, stops them all on Ctrl-C, reuses the state on a second start, and
 * refuses a busy port with a clear sentence.
 */
const root = path.resolve(__dirname, '..', '..');

interface Run {
  output: () => string;
  /** Resolves once the product says it is running; rejects if it exits first. */
  running: () => Promise<void>;
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

function startProduct(env: Record<string, string>): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'SMTP_URL', 'LOG_LEVEL']) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = async (): Promise<void> => {
    const deadline = Date.now() + 120_000;
    while (!output.includes('signaalloket is running')) {
      if (child.exitCode !== null) throw new Error(`start exited with ${child.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`start did not report running: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  return {
    output: () => output,
    running,
    exited,
    stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Counts the signals in the embedded database, found through the runtime file that npm start writes. */
async function countSignals(dataDir: string): Promise<number> {
  const { databaseUrl } = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as {
    databaseUrl: string;
  };
  const client = new pg.Client(databaseUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM "Signal"');
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}

describe('npm start on embedded defaults', () => {
  let signalsAfterFirstStart = 0;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-start-'));
  fs.chmodSync(dataDir, 0o755);
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    for (const name of [
      'PORT',
      'OPS_PORT',
      'PG_PORT',
      'TEMPORAL_PORT',
      'TEMPORAL_UI_PORT',
      'SMTP_PORT',
      'MAIL_UI_PORT',
    ]) {
      ports[name] = await findFreePort();
    }
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const env = (): Record<string, string> => ({
    ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
    DATA_DIR: dataDir,
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.PORT}`,
  });

  it('starts every service, serves the product and the UIs, and stops them all on Ctrl-C', async () => {
    const run = startProduct(env());
    try {
      await run.running();
      const ready = await fetch(`http://127.0.0.1:${ports.OPS_PORT}/readyz`);
      expect(ready.status).toBe(200);
      expect(run.output()).toContain(
        `Readiness and metrics    http://127.0.0.1:${ports.OPS_PORT}/readyz  http://127.0.0.1:${ports.OPS_PORT}/metrics`,
      );
      expect((await fetch(`http://127.0.0.1:${ports.PORT}/metrics`)).status).toBe(404);
      expect(run.output()).toContain(`Temporal web UI          http://localhost:${ports.TEMPORAL_UI_PORT}`);
      expect(run.output()).toContain(`Mail inbox (MailDev)     http://localhost:${ports.MAIL_UI_PORT}`);
      // Both are single-page apps: they serve their page to what asks for HTML, as a browser does.
      const asBrowser = { headers: { accept: 'text/html' } };
      expect((await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/`, asBrowser)).status).toBe(200);
      const inbox = await fetch(`http://127.0.0.1:${ports.MAIL_UI_PORT}/`, asBrowser);
      expect(inbox.status).toBe(200);
      expect(await inbox.text()).toContain('<html');
      expect(run.output()).toMatch(/log in as\s+\S+@\S+ \/ \S+/);
      signalsAfterFirstStart = await countSignals(dataDir);
      expect(signalsAfterFirstStart).toBeGreaterThan(0);
    } finally {
      await expect(run.stop()).resolves.toBe(0);
    }
    for (const name of ['PORT', 'OPS_PORT', 'PG_PORT', 'TEMPORAL_PORT', 'SMTP_PORT', 'MAIL_UI_PORT']) {
      await expect(acceptsConnections(ports[name]!)).resolves.toBe(false);
    }
    expect(fs.existsSync(path.join(dataDir, 'temporal', 'temporal.db'))).toBe(true);
  }, 180_000);

  it('reuses the data on a second start: no new demo login, the signals are still there', async () => {
    const run = startProduct(env());
    try {
      await run.running();
      expect(run.output()).not.toMatch(/log in as\s+\S+@\S+ \/ \S+/);
      expect(run.output()).not.toContain('Demo RIEC API key');
      const ready = await fetch(`http://127.0.0.1:${ports.OPS_PORT}/readyz`);
      expect(ready.status).toBe(200);
      await expect(countSignals(dataDir)).resolves.toBe(signalsAfterFirstStart);
    } finally {
      await expect(run.stop()).resolves.toBe(0);
    }
  }, 180_000);

  it('refuses a busy port with a clear message instead of a stack trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.PORT, '127.0.0.1', resolve));
    try {
      const run = startProduct(env());
      await expect(run.exited).resolves.toBe(1);
      expect(run.output()).toContain(`Port ${ports.PORT} (the API and dashboard, PORT) is already in use`);
      expect(run.output()).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 60_000);
});
