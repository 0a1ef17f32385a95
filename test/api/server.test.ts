import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { startApiServer, type RunningApiServer } from '../../api/server';
import { createUser } from '../../scripts/admin/commands';
import { findFreePort } from '../../scripts/services/ports';
import { requiredTestEnv } from '../support/env';
import { createApiHarness, validSignal, type ApiHarness } from './harness';
import { TEST_PROCESSING_LOG } from '../support/processing-log';

const execFileAsync = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');

let h: ApiHarness;
let server: RunningApiServer;

beforeAll(async () => {
  h = await createApiHarness({ worker: true });
  server = await startApiServer({ ...h.deps, port: 0, host: '127.0.0.1', reconcileIntervalMs: 0 });
});
afterAll(async () => {
  await server.close();
  await h.close();
});

describe('the API server', () => {
  it('listens, and refuses a busy port with a clear message', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const port = Number(new URL(server.url).port);
    await expect(
      startApiServer({ ...h.deps, port, host: '127.0.0.1', reconcileIntervalMs: 0 }),
    ).rejects.toThrow(`Port ${port} is already in use`);
  });

  it('closes gracefully: an in-flight request finishes, idle keep-alive connections do not hold it open', async () => {
    const other = await startApiServer({
      ...h.deps,
      port: 0,
      host: '127.0.0.1',
      reconcileIntervalMs: 0,
      shutdownGraceMs: 30_000,
    });
    const { port } = new URL(other.url);
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${other.url}/healthz`, { agent }, (res) => res.resume().on('end', resolve))
        .on('error', reject);
    }); // leaves an idle keep-alive connection behind

    // A submission whose body is still arriving when the shutdown begins.
    const body = JSON.stringify(validSignal({ title: 'Tijdens het afsluiten' }));
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/signals',
      headers: {
        ...h.auth('riecA'),
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    const answered = new Promise<number>((resolve, reject) => {
      request.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)));
      request.on('error', reject);
    });
    const arrived = once(other.server, 'request');
    request.write(body.slice(0, 20));
    await arrived;
    const started = Date.now();
    const closing = other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    request.end(body.slice(20));
    expect(await answered).toBe(201);
    await closing;
    // Far below the 30 s grace: the idle keep-alive connection did not keep the server open.
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(fetch(`${other.url}/healthz`)).rejects.toThrow();
    agent.destroy();
  }, 60_000);
});

describe('api/main.ts, the standalone API process', () => {
  it('starts from the environment, serves, and exits 0 on SIGTERM', async () => {
    const port = await findFreePort();
    const opsPort = await findFreePort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'api', 'main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: h.db.url,
        TEMPORAL_ADDRESS: requiredTestEnv('TEST_TEMPORAL_ADDRESS'),
        PORT: String(port),
        OPS_PORT: String(opsPort),
        LOG_LEVEL: 'silent',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      let ready = 0;
      for (let i = 0; i < 150 && ready !== 200; i++) {
        ready = await fetch(`http://127.0.0.1:${opsPort}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(ready).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(404);
      const unauthenticated = await fetch(`http://127.0.0.1:${port}/api/v1/signals`);
      expect(unauthenticated.status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('the README session', () => {
  it('runs verbatim (apart from the address) against a running server', async () => {
    await createUser(
      h.db.prisma,
      {
        email: 'coordinator@liec.example.org',
        name: 'Sanne de Vries (LIEC loket)',
        role: 'coordinator',
      },
      TEST_PROCESSING_LOG,
    );
    const script = fs
      .readFileSync(path.join(__dirname, 'fixtures', 'readme-session.sh'), 'utf8')
      .replace('API=http://localhost:3000', `API=${server.url}`);
    const { stdout } = await execFileAsync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: h.db.url },
    });
    expect(stdout).toMatch(/"reference": "BS-\d{4}-\d{4}"/);
    expect(stdout).toMatch(/"status": "in_review"/);
    expect(stdout).toMatch(/"type": "review_started"/);
    expect(stdout).toMatch(/"filename": "bijlage-1.txt"/);
    expect(stdout).toMatch(/"sha256": "[0-9a-f]{64}"/);
    expect(stdout).toMatch(/content-disposition: attachment; filename="bijlage-1.txt"/i);
    expect(stdout).toMatch(/x-checksum-sha256: ([0-9a-f]{64})[\s\S]*\1 {2}\S*download\.txt/i);
    expect(stdout).toMatch(/"status": "sent"/);
    expect(stdout).toMatch(/"code": "BZ"/);
    expect(stdout).toMatch(/"replyForwarding": "pending"/);
    expect(stdout).toMatch(/"text": null/);
    expect(stdout).toMatch(/"status": 409/);
    expect(stdout).toMatch(/cannot close: 1 reply has not been forwarded to the submitters/);
    expect(stdout).toMatch(/"forwardedAt": "\d{4}-\d{2}-\d{2}T/);
    expect(stdout).toMatch(/x-checksum-sha256: ([0-9a-f]{64})[\s\S]*\1 {2}\S*letter\.pdf/i);
    expect(stdout).toMatch(/"status": "closed"/);
    expect(
      await h.db.prisma.signal.count({ where: { title: 'Misbruik van de visum- en asielprocedure' } }),
    ).toBe(1);
  }, 90_000);

  it('is the session the README shows, line for line', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const script = fs.readFileSync(path.join(__dirname, 'fixtures', 'readme-session.sh'), 'utf8');
    expect(readme).toContain(`\`\`\`sh\n${script}\`\`\``);
  });
});
