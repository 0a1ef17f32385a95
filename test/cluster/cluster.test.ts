import crypto from 'node:crypto';
import { request, type HttpResponse } from '../../scripts/drill/http';
import { until } from '../../scripts/cluster/replicas';
import type { ServiceProcess } from '../../scripts/cluster/service-process';
import { startTestCluster, type TestCluster } from '../support/cluster';

/**
 * The product in its production topology (test/support/cluster.ts, the same modules as `npm run cluster`): the
 * real Temporal server on PostgreSQL with its services as separate processes, two workers, two API replicas and
 * HAProxy. Every request goes through the load balancer, as a client's would.
 */
describe('the product as a cluster: Temporal on PostgreSQL, two workers, two API replicas behind HAProxy', () => {
  let cluster: TestCluster;

  beforeAll(async () => {
    cluster = await startTestCluster({ ui: true });
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  const call = (method: string, path: string, key: string, body?: object): Promise<HttpResponse> =>
    request(method, `${cluster.url}${path}`, {
      headers: {
        authorization: `Bearer ${key}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      timeoutMs: 30_000,
    });

  /**
   * A submit as a careful client makes it: with an Idempotency-Key, sent again after a gateway error or a broken
   * connection (a replica that died mid-request), so it is accepted once and only once.
   */
  async function submit(
    title = 'Misbruik van een vergunningstelsel',
  ): Promise<{ id: string; attempts: number }> {
    const body = JSON.stringify({
      title,
      summary: 'Samenvatting voor de clustertest.',
      content: 'Bevindingen uit het onderzoek.',
      recommendations: ['Deel gegevens tussen de diensten.'],
    });
    const idempotencyKey = crypto.randomUUID();
    for (let attempt = 1; ; attempt++) {
      const response = await request('POST', `${cluster.url}/api/v1/signals`, {
        headers: {
          authorization: `Bearer ${cluster.keys.riec}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body,
        timeoutMs: 30_000,
      }).catch(() => undefined);
      if (response && response.status === 201)
        return { id: response.json<{ id: string }>().id, attempts: attempt };
      if (response && response.status < 500)
        throw new Error(`submit refused: ${response.status} ${response.text}`);
      if (attempt >= 10) throw new Error(`submit failed 10 times: ${response?.status} ${response?.text}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async function statusOf(id: string): Promise<string> {
    const response = await call('GET', `/api/v1/signals/${id}`, cluster.keys.coordinator);
    expect(response.status).toBe(200);
    return response.json<{ status: string }>().status;
  }

  async function reaches(id: string, status: string, timeoutMs = 60_000): Promise<void> {
    await until(async () => (await statusOf(id)) === status, timeoutMs);
  }

  /** Review → accept for both ministries → sent, and the ministries' request mails out. */
  async function reviewAndSend(id: string): Promise<void> {
    await reaches(id, 'in_review');
    const reference = (await call('GET', `/api/v1/signals/${id}`, cluster.keys.coordinator)).json<{
      reference: string;
    }>().reference;
    const review = await call('POST', `/api/v1/signals/${id}/review`, cluster.keys.coordinator, {
      decision: 'accept',
      ministryCodes: cluster.ministryCodes,
    });
    expect(review.status).toBe(200);
    expect(review.json<{ status: string }>().status).toBe('sent');
    for (const code of cluster.ministryCodes) {
      await cluster.smtp.waitFor(
        (mail) =>
          mail.to !== undefined &&
          JSON.stringify(mail.to).includes(`contact@${code.toLowerCase()}.example`) &&
          (mail.subject ?? '').includes(reference),
        60_000,
      );
    }
  }

  /** HAProxy's own view of each replica (its statistics as CSV): UP, DOWN, ... */
  async function balancerStatus(): Promise<Record<string, string>> {
    const csv = (await request('GET', `${cluster.replicas.statsUrl};csv`)).text.trim().split('\n');
    const header = csv[0]!.replace(/^# /, '').split(',');
    const [proxy, server, status] = ['pxname', 'svname', 'status'].map((name) => header.indexOf(name));
    return Object.fromEntries(
      csv
        .slice(1)
        .map((line) => line.split(','))
        .filter(
          (fields) =>
            fields[proxy!] === 'api_replicas' && !['FRONTEND', 'BACKEND'].includes(fields[server!]!),
        )
        .map((fields) => [fields[server!]!, fields[status!]!]),
    );
  }

  /** The worker process (by pid, in its default identity `pid@host`) that completed a workflow's last task. */
  async function workerThatRan(workflowId: string): Promise<ServiceProcess> {
    const { events } = await cluster.client.workflow.getHandle(workflowId).fetchHistory();
    const identity = events
      ?.map((event) => event.workflowTaskCompletedEventAttributes?.identity)
      .filter((value): value is string => Boolean(value))
      .pop();
    const pid = Number(identity?.split('@')[0]);
    const worker = cluster.replicas.workers.find((candidate) => candidate.pid() === pid);
    if (!worker) throw new Error(`no worker process with the identity ${identity}`);
    return worker;
  }

  async function servedBy(count: number): Promise<string[]> {
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await call('GET', '/api/v1/signals?limit=1', cluster.keys.coordinator);
      expect(response.status).toBe(200);
      names.push(String(response.headers['x-served-by']));
    }
    return names;
  }

  it('runs the Temporal services as separate processes, with the namespace, search attributes and Web UI', async () => {
    const pids = Object.values(cluster.temporal.services).map((service) => service.pid());
    expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
    expect(new Set(pids).size).toBe(4);
    const listed = await cluster.client.connection.operatorService.listSearchAttributes({
      namespace: 'default',
    });
    const custom = Object.keys(listed.customAttributes ?? {});
    expect(custom).toEqual(
      expect.arrayContaining([
        'SignalStatus',
        'SignalOrganisation',
        'SignalMinistries',
        'SignalNextDeadline',
        'SignalOverdue',
      ]),
    );
    // The Web UI's server answers for the cluster's namespace (its API is a gateway to the frontend).
    const ui = await request('GET', `${cluster.temporal.uiUrl}/api/v1/namespaces/default`);
    expect(ui.status).toBe(200);
    expect(ui.json<{ namespaceInfo: { name: string } }>().namespaceInfo.name).toBe('default');
  }, 60_000);

  it('takes a signal submitted through the load balancer from review to the ministries', async () => {
    const { id } = await submit();
    await reviewAndSend(id);
    // Temporal's own list view (visibility on PostgreSQL) finds it by the product's search attribute.
    await until(async () => {
      const found: string[] = [];
      for await (const workflow of cluster.client.workflow.list({ query: `SignalStatus = 'sent'` })) {
        found.push(workflow.workflowId);
      }
      return found.includes(`signal-${id}`);
    }, 30_000);
  }, 180_000);

  it('spreads requests over both API replicas, round robin', async () => {
    const names = await servedBy(6);
    expect(new Set(names)).toEqual(new Set(['api1', 'api2']));
    // Round robin: never the same replica twice in a row while both are up.
    for (let i = 1; i < names.length; i++) expect(names[i]).not.toBe(names[i - 1]);
  }, 60_000);

  it('keeps taking signals through the load balancer while an API replica is killed, each exactly once', async () => {
    const victim = cluster.replicas.apis[0]!;
    const before = await cluster.db.prisma.signal.count();
    const submits: Array<Promise<{ id: string; attempts: number }>> = [];
    // Submits keep coming, four at a time, while the replica dies under them.
    const load = (async () => {
      for (let round = 0; round < 6; round++) {
        const batch = Array.from({ length: 4 }, (_, i) => submit(`Signaal ${round}-${i} tijdens de storing`));
        submits.push(...batch);
        await Promise.all(batch);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await victim.process.kill('SIGKILL');
    await load;
    const accepted = await Promise.all(submits);
    expect(accepted).toHaveLength(24);
    // Each accepted once: as many new rows as submits, none twice.
    expect(new Set(accepted.map((a) => a.id)).size).toBe(24);
    expect((await cluster.db.prisma.signal.count()) - before).toBe(24);
    // The health check took the dead replica out: everything now goes to the other one.
    await until(async () => (await balancerStatus())[victim.name] === 'DOWN', 15_000);
    expect(new Set(await servedBy(4))).toEqual(new Set(['api2']));
    // Every one of them reached Temporal: each workflow started its review.
    for (const { id } of accepted) await reaches(id, 'in_review');

    // Started again, it passes the health check and takes its share.
    await victim.process.start();
    await until(async () => (await balancerStatus())[victim.name] === 'UP', 15_000);
    expect(new Set(await servedBy(4))).toEqual(new Set(['api1', 'api2']));
  }, 300_000);

  it('keeps lifecycles going when the worker that runs them is killed', async () => {
    const under = await submit('Signaal dat al loopt');
    await reaches(under.id, 'in_review');
    // The worker that took the workflow's last task holds it in its cache and on its sticky queue: that one dies.
    const victim = await workerThatRan(`signal-${under.id}`);
    await victim.kill('SIGKILL');
    const fresh = await submit('Signaal na het uitvallen van een worker');
    await reviewAndSend(under.id);
    await reviewAndSend(fresh.id);
    expect(victim.running()).toBe(false);
    await victim.start();
  }, 300_000);
});
