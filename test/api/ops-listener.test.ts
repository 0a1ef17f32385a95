import net from 'node:net';
import { startApiServer, type RunningApiServer } from '../../api/server';
import { findFreePort } from '../../scripts/services/ports';
import { createApiHarness, type ApiHarness } from './harness';

/**
 * The public listener must be reachable for the ministries' /respond links; readiness (which names the services
 * behind the API) and the metrics (counts of signals and mails) are for operations only: a listener of their
 * own, on loopback unless OPS_HOST says otherwise.
 */
let h: ApiHarness;
let server: RunningApiServer;

beforeAll(async () => {
  h = await createApiHarness();
  server = await startApiServer({
    ...h.deps,
    port: 0,
    host: '127.0.0.1',
    ops: { port: 0 },
    reconcileIntervalMs: 0,
  });
});
afterAll(async () => {
  await server?.close();
  await h?.close();
});

describe('the operations listener', () => {
  it('serves /readyz and /metrics on loopback; the public listener only /healthz', async () => {
    expect(server.opsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.opsUrl).not.toBe(server.url);

    for (const path of ['/readyz', '/metrics']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const ready = await fetch(`${server.opsUrl!}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      status: 'up',
      checks: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
    expect((await fetch(`${server.opsUrl!}/healthz`)).status).toBe(200);

    // The public listener's requests are counted in the registry the operations listener serves.
    const listed = await fetch(`${server.url}/api/v1/signals`, { headers: h.auth('riecA') });
    expect(listed.status).toBe(200);
    const metrics = await fetch(`${server.opsUrl!}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(
      /http_requests_total\{method="GET",route="\/api\/v1\/signals",status="200"\} 1/,
    );

    // Nothing else is served there: not the API, not the pages.
    const api = await fetch(`${server.opsUrl!}/api/v1/signals`, { headers: h.auth('riecA') });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('refuses a busy OPS_PORT with one sentence naming the variable, and frees the public port again', async () => {
    const [port, busy] = [await findFreePort(), await findFreePort()];
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(busy, '127.0.0.1', resolve));
    try {
      await expect(
        startApiServer({
          ...h.deps,
          port,
          host: '127.0.0.1',
          ops: { port: busy },
          reconcileIntervalMs: 0,
        }),
      ).rejects.toThrow(`Port ${busy} is already in use; set OPS_PORT to a free port`);
      const again = await startApiServer({ ...h.deps, port, host: '127.0.0.1', reconcileIntervalMs: 0 });
      await again.close();
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });
});
