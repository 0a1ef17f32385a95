import path from 'node:path';
import { request } from '../drill/http';
import { findFreePort } from '../services/ports';
import { projectRoot } from '../services/paths';
import { startLoadBalancer, type RunningLoadBalancer } from './haproxy';
import { defineServiceProcess, eventsOf, type ProcessEvents, type ServiceProcess } from './service-process';

/**
 * The product as deployed: N workers and N API replicas, each a process of its own on the one database and the one
 * Temporal namespace, and HAProxy in front of the replicas. Any of them can be killed and started again.
 */
export interface ApiReplica {
  process: ServiceProcess;
  name: string;
  port: number;
  opsPort: number;
  /** The replica itself, past the load balancer. */
  url: string;
  readyUrl: string;
}

export interface ReplicasOptions {
  apiReplicas: number;
  workers: number;
  /** The load balancer's port: the product's public address. */
  port: number;
  statsPort?: number;
  /**
   * The product's environment for every process: DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, SMTP_URL,
   * RESPONSE_LINK_SECRET, PUBLIC_BASE_URL, LOG_LEVEL, ... (PORT, OPS_PORT and TRUST_PROXY are set per replica).
   */
  env: Record<string, string>;
  /** A workflow bundle built beforehand (worker/create-worker.ts bundleWorkflows), shared by every worker. */
  workflowBundlePath: string;
  /** Where HAProxy's generated configuration goes. */
  dir: string;
  events?: ProcessEvents;
}

export interface RunningReplicas {
  url: string;
  statsUrl: string;
  apis: ApiReplica[];
  workers: ServiceProcess[];
  loadBalancer: RunningLoadBalancer;
  stop(): Promise<void>;
}

const tsx = (script: string): string[] => ['--import', 'tsx', path.join(projectRoot, script)];

export async function startReplicas(options: ReplicasOptions): Promise<RunningReplicas> {
  const baseEnv = { ...process.env, ...options.env };

  const workers = Array.from({ length: options.workers }, (_, i) =>
    defineServiceProcess({
      name: `worker ${i + 1}`,
      command: process.execPath,
      args: tsx('scripts/services/worker-process.ts'),
      cwd: projectRoot,
      env: { ...baseEnv, WORKFLOW_BUNDLE: options.workflowBundlePath },
      ready: (started) => until(() => started.output().includes('WORKER_READY'), 90_000),
      readyTimeoutMs: 120_000,
      // worker/process.ts stops the worker on SIGTERM: running activities finish, then it exits.
      stopGraceMs: 15_000,
      ...eventsOf(`worker ${i + 1}`, options.events),
    }),
  );

  const apis: ApiReplica[] = [];
  for (let i = 0; i < options.apiReplicas; i++) {
    const name = `api${i + 1}`;
    const port = await findFreePort();
    const opsPort = await findFreePort();
    const readyUrl = `http://127.0.0.1:${opsPort}/readyz`;
    apis.push({
      name,
      port,
      opsPort,
      url: `http://127.0.0.1:${port}`,
      readyUrl,
      process: defineServiceProcess({
        name: `API replica ${i + 1}`,
        command: process.execPath,
        args: tsx('api/main.ts'),
        cwd: projectRoot,
        env: {
          ...baseEnv,
          PORT: String(port),
          OPS_PORT: String(opsPort),
          OPS_HOST: '127.0.0.1',
          // HAProxy appends the client's address to X-Forwarded-For; the API takes the last entry.
          TRUST_PROXY: '1',
        },
        ready: () => until(() => isReady(readyUrl), 90_000),
        readyTimeoutMs: 120_000,
        stopGraceMs: 15_000,
        ...eventsOf(`API replica ${i + 1}`, options.events),
      }),
    });
  }

  const started: ServiceProcess[] = [];
  let loadBalancer: RunningLoadBalancer | undefined;
  const stop = async (): Promise<void> => {
    // The load balancer first (no new requests), then the replicas, then the workers (they finish their tasks).
    await loadBalancer?.stop().catch(() => undefined);
    await Promise.all(apis.map((api) => api.process.stop().catch(() => undefined)));
    await Promise.all(workers.map((worker) => worker.stop().catch(() => undefined)));
  };
  try {
    const all = [...workers, ...apis.map((api) => api.process)];
    started.push(...all);
    await Promise.all(all.map((service) => service.start()));
    loadBalancer = await startLoadBalancer({
      port: options.port,
      statsPort: options.statsPort ?? (await findFreePort()),
      backends: apis.map(({ name, port, opsPort }) => ({ name, port, opsPort })),
      dir: options.dir,
      ...(options.events ? { events: options.events } : {}),
    });
    // Until HAProxy's first health checks pass it has no server to send a request to.
    await until(() => balancerServes(loadBalancer!.url), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url: loadBalancer.url,
    statsUrl: loadBalancer.statsUrl,
    apis,
    workers,
    loadBalancer,
    stop,
  };
}

async function isReady(url: string): Promise<boolean> {
  return request('GET', url, { timeoutMs: 2_000 }).then(
    (response) => response.status === 200,
    () => false,
  );
}

async function balancerServes(url: string): Promise<boolean> {
  return request('GET', `${url}/healthz`, { timeoutMs: 2_000 }).then(
    (response) => response.status === 200,
    () => false,
  );
}

/** Polls `check` until it holds, or fails after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
