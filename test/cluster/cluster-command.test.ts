import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { request } from '../../scripts/drill/http';
import { acceptsConnections, findFreePort } from '../../scripts/services/ports';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { requiredTestEnv } from '../support/env';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * `npm run cluster` as a person runs it (scripts/cluster/main.ts), on this run's PostgreSQL and SMTP server through
 * the documented variables: it starts the Temporal cluster, two workers, two API replicas and HAProxy, prints where
 * everything is, takes a signal through the load balancer, and stops every process on Ctrl-C.
 */
const root = path.resolve(__dirname, '..', '..');

describe('npm run cluster (scripts/cluster/main.ts)', () => {
  let db: TestDatabase;
  let smtp: TestSmtpServer;
  let product: ChildProcess;
  let output = '';
  let dataDir: string;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    [db, smtp] = await Promise.all([createTestDatabase(), startTestSmtpServer()]);
    for (const name of ['PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT']) ports[name] = await findFreePort();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalloket-cluster-command-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ['TEMPORAL_ADDRESS', 'LOG_LEVEL', 'PUBLIC_BASE_URL']) delete env[name];
    product = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'cluster', 'main.ts')], {
      cwd: root,
      env: {
        ...env,
        DATABASE_URL: db.url,
        SMTP_URL: smtp.url,
        DATA_DIR: dataDir,
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    product.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    product.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 540_000;
    while (!output.includes('signaalloket is running')) {
      if (product.exitCode !== null)
        throw new Error(`npm run cluster exited with ${product.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`npm run cluster did not report running: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 600_000);

  afterAll(async () => {
    if (product && product.exitCode === null) product.kill('SIGKILL');
    await smtp?.stop();
    await db?.drop();
    // The cluster's Temporal databases, made next to the product's on the same server.
    const admin = new pg.Client(requiredTestEnv('TEST_DATABASE_ADMIN_URL'));
    await admin.connect();
    for (const name of ['temporal', 'temporal_visibility'])
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('prints the load balancer, each replica, the Temporal Web UI and the demo login', () => {
    const base = `http://localhost:${ports.PORT}`;
    expect(output).toContain(`Dashboard (coordinators) ${base}/`);
    expect(output).toContain(`Temporal web UI          http://localhost:${ports.TEMPORAL_UI_PORT}`);
    expect(output).toContain(`Temporal frontend        127.0.0.1:${ports.TEMPORAL_PORT}`);
    expect(output).toMatch(/Load balancer \(HAProxy\)\s+http:\/\/127\.0\.0\.1:\d+\s+statistics: http/);
    expect(output).toMatch(
      /API replica 1\s+http:\/\/127\.0\.0\.1:\d+\s+readiness: http:\/\/127\.0\.0\.1:\d+\/readyz/,
    );
    expect(output).toMatch(/API replica 2\s+http/);
    expect(output).toMatch(/Workers\s+worker 1 \(pid \d+\), worker 2 \(pid \d+\)/);
    expect(output).toMatch(/log in as\s+\S+@\S+ \/ \S+/);
    expect(output).toMatch(/Demo RIEC API key\s+sk_/);
  });

  it('takes a signal through the load balancer, and its workflow starts on the cluster', async () => {
    const apiKey = /Demo RIEC API key\s+(sk_\S+)/.exec(output)![1]!;
    const submitted = await request('POST', `http://127.0.0.1:${ports.PORT}/api/v1/signals`, {
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Misbruik van een vergunningstelsel',
        summary: 'Samenvatting voor de proef',
        content: 'Bevindingen',
        recommendations: ['Aanbeveling'],
      }),
    });
    expect(submitted.status).toBe(201);
    const { id } = submitted.json<{ id: string }>();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const row = await db.prisma.signal.findUniqueOrThrow({ where: { id } });
      if (row.status === 'in_review') break;
      if (Date.now() > deadline) throw new Error(`the signal stayed ${row.status}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 120_000);

  it('stops every process on Ctrl-C', async () => {
    const replicaPorts = [
      ...output.matchAll(
        /API replica \d\s+http:\/\/127\.0\.0\.1:(\d+)\s+readiness: http:\/\/127\.0\.0\.1:(\d+)/g,
      ),
    ].flatMap((match) => [Number(match[1]), Number(match[2])]);
    const workerPids = [...output.matchAll(/worker \d \(pid (\d+)\)/g)].map((match) => Number(match[1]));
    expect(replicaPorts).toHaveLength(4);
    expect(workerPids).toHaveLength(2);
    const exited = new Promise<number | null>((resolve) => product.once('exit', (code) => resolve(code)));
    product.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('signaalloket: stopped');
    for (const port of [...Object.values(ports), ...replicaPorts])
      expect(await acceptsConnections(port)).toBe(false);
    for (const pid of workerPids) expect(alive(pid)).toBe(false);
  }, 120_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
