import path from 'node:path';
import http from 'node:http';
import { request } from '../../scripts/drill/http';
import { spawnBound, type BoundProcess } from '../../scripts/services/bound-process';
import { findFreePort } from '../../scripts/services/ports';
import { TEST_RESPONSE_LINK_SECRET } from './env';

/**
 * The product as separate processes, the way a platform runs it: API replicas (api/main.ts) and worker processes
 * (worker/main.ts, started from the run's prebuilt workflow bundle through WORKFLOW_BUNDLE_PATH, as the image
 * starts it), each with its own operations listener, all on one database, one Temporal and one SMTP relay. The
 * addresses are inputs, so the same test runs against the dev server or a real cluster.
 */
const root = path.resolve(__dirname, '..', '..');

export interface ReplicaServices {
  temporalAddress: string;
  /** Every process polls and starts on this queue (a test's own, so parallel suites never take its tasks). */
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
  /** The prebuilt workflow bundle the workers load (test/support/workflow-bundle.ts). */
  workflowBundle: string;
  /** More environment for every process (budgets, grace, log level). */
  env?: Record<string, string>;
}

export interface ReplicaProcess {
  name: string;
  pid: number;
  /** Resolves with the exit code (null if a signal ended it). */
  exited: Promise<number | null>;
  /** What the process wrote (pino JSON lines and anything else), the last 1 MB. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, and the exit code once it has drained (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

export interface WorkerReplica extends ReplicaProcess {
  /** The operations listener (/healthz, /readyz), as the kubelet's probes ask it. */
  opsUrl: string;
}

export interface ApiReplica extends WorkerReplica {
  /** The public listener, e.g. http://127.0.0.1:40123. */
  url: string;
}

function commonEnv(services: ReplicaServices): Record<string, string> {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_TASK_QUEUE: services.taskQueue,
    SMTP_URL: services.smtpUrl,
    // Every process derives the same response links: one secret for all of them, as in production.
    RESPONSE_LINK_SECRET: TEST_RESPONSE_LINK_SECRET,
    ...services.env,
  };
}

function spawnReplica(name: string, script: string, env: Record<string, string>): ReplicaProcess {
  const bound: BoundProcess = spawnBound(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    stopSignal: 'SIGTERM',
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-1_000_000));
  bound.child.stdout?.on('data', keep);
  bound.child.stderr?.on('data', keep);
  return {
    name,
    pid: bound.child.pid!,
    exited: bound.exited,
    output: () => output,
    kill: (signal) => bound.child.kill(signal),
    async stop(graceMs = 40_000) {
      await bound.stop(graceMs);
      return bound.exited;
    },
  };
}

async function waitUntil(
  replica: ReplicaProcess,
  ready: () => Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void replica.exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${replica.name} exited (${exitCode}): ${replica.output()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`${replica.name}: ${what} within ${timeoutMs} ms: ${replica.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Starts `script` with an operations listener of its own; resolves once its /readyz says ready. */
async function startProbedReplica(
  name: string,
  script: string,
  env: Record<string, string>,
): Promise<WorkerReplica> {
  const opsPort = await findFreePort();
  const opsUrl = `http://127.0.0.1:${opsPort}`;
  const replica = spawnReplica(name, script, { ...env, OPS_PORT: String(opsPort) });
  try {
    await waitUntil(
      replica,
      async () => (await request('GET', `${opsUrl}/readyz`, { timeoutMs: 3_000 })).status === 200,
      'not ready',
    );
  } catch (error) {
    await replica.stop(1_000);
    throw error;
  }
  return { ...replica, opsUrl };
}

/** One API process; resolves once its /readyz says ready (PostgreSQL and Temporal answer). */
export async function startApiReplica(services: ReplicaServices, name = 'api'): Promise<ApiReplica> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const replica = await startProbedReplica(name, 'api/main.ts', {
    ...commonEnv(services),
    PORT: String(port),
    PUBLIC_BASE_URL: url,
    ...services.env,
  });
  return { ...replica, url };
}

/** One worker process (worker/main.ts); resolves once its /readyz says it polls its task queue. */
export async function startWorkerReplica(services: ReplicaServices, name = 'worker'): Promise<WorkerReplica> {
  return startProbedReplica(name, 'worker/main.ts', {
    ...commonEnv(services),
    WORKFLOW_BUNDLE_PATH: services.workflowBundle,
  });
}

export interface ReplicaSet {
  apis: ApiReplica[];
  workers: WorkerReplica[];
  /** SIGTERM to every process at once; the exit codes by name. */
  stop(): Promise<Record<string, number | null>>;
}

/** `apis` API replicas and `workers` worker processes on the same services, started together. */
export async function startReplicas(
  services: ReplicaServices,
  counts: { apis: number; workers: number },
): Promise<ReplicaSet> {
  const started = await Promise.allSettled([
    ...Array.from({ length: counts.workers }, (_, i) => startWorkerReplica(services, `worker-${i + 1}`)),
    ...Array.from({ length: counts.apis }, (_, i) => startApiReplica(services, `api-${i + 1}`)),
  ]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(running.map((replica) => replica.stop(1_000)));
    throw failed.reason;
  }
  const workers = running.filter((replica) => replica.name.startsWith('worker-'));
  const apis = running.filter((replica): replica is ApiReplica => 'url' in replica);
  return {
    apis,
    workers,
    async stop() {
      const codes = await Promise.all(running.map((replica) => replica.stop()));
      return Object.fromEntries(running.map((replica, i) => [replica.name, codes[i]!]));
    },
  };
}

export interface BalancedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The replica (index into the URLs) that answered. */
  replica: number;
}

/**
 * What a load balancer in front of the replicas does, for a test without one: each request goes to the next
 * replica in turn (keep-alive connections per replica); a request that no replica read (connection refused, or
 * reset before any answer: a replica that stopped accepting) is sent to the next one, as HAProxy's `retry-on
 * conn-failure` with redispatch does. Behind a real balancer, give its one URL.
 */
export function createBalancer(urls: readonly string[]) {
  const agents = urls.map(() => new http.Agent({ keepAlive: true, maxSockets: 64 }));
  let next = 0;
  let redispatched = 0;

  function once(
    replica: number,
    method: string,
    pathAndQuery: string,
    headers: Record<string, string>,
    body?: string,
  ) {
    return new Promise<BalancedResponse>((resolve, reject) => {
      const req = http.request(
        `${urls[replica]}${pathAndQuery}`,
        {
          method,
          agent: agents[replica],
          headers:
            body === undefined ? headers : { 'content-length': String(Buffer.byteLength(body)), ...headers },
          timeout: 60_000,
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, replica }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${pathAndQuery} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  return {
    async send(
      method: string,
      pathAndQuery: string,
      options: { headers?: Record<string, string>; body?: string } = {},
    ): Promise<BalancedResponse> {
      const first = next++ % urls.length;
      let lastError: unknown;
      for (let tried = 0; tried < urls.length * 2; tried++) {
        const replica = (first + tried) % urls.length;
        try {
          return await once(replica, method, pathAndQuery, options.headers ?? {}, options.body);
        } catch (error) {
          const code = (error as { code?: string }).code;
          // Not read by the replica: safe to send elsewhere. Anything else is the caller's to judge.
          if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw error;
          lastError = error;
          redispatched += 1;
        }
      }
      throw lastError;
    },
    /** How many requests were sent on to another replica because theirs did not take them. */
    redispatched: () => redispatched,
    close: () => agents.forEach((agent) => agent.destroy()),
  };
}
