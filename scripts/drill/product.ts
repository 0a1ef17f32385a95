import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { startApiServer, type RunningApiServer } from '../../api/server';
import { spawnBound } from '../services/bound-process';
import { seededConfig, type ProductAccess } from './seeded-config';
import type { Stack } from './stack';

/**
 * The product on a drill's stack: the API in this process (as api/main.ts composes it), the worker as a child
 * process it can kill (scripts/services/worker-process.ts), an SMTP server in this process, and a world of one RIEC, two
 * ministries with contacts, and a coordinator, each with an API key.
 */
export interface Product extends ProductAccess {
  /** The operations listener (/readyz, /metrics). */
  opsUrl: string;
  worker: WorkerSupervisor;
  stop(): Promise<void>;
}

export async function startProduct(stack: Stack, options: { log: (line: string) => void }): Promise<Product> {
  const seeded = await seededConfig(stack, { temporalAddress: stack.temporalAddress });
  const { apiUrl, port, config, prisma, temporal, smtp, keys } = seeded;
  const worker = new WorkerSupervisor(
    { ...process.env, ...seeded.processEnv, WORKFLOW_BUNDLE: stack.workflowBundlePath },
    options.log,
  );
  let api: RunningApiServer | undefined;
  try {
    api = await startApiServer({
      config,
      prisma,
      temporal,
      logger: pino({ level: process.env.DRILL_API_LOG ?? 'silent' }),
      port,
      host: '127.0.0.1',
      ops: { port: 0 },
      // One RIEC key drives hundreds of signals a minute here; the budget is the product's, not the drill's subject.
      rateLimit: { limit: 1_000_000, addressLimit: 1_000_000 },
      app: { respond: { rateLimit: { limit: 1_000_000, tokenLimit: 1_000_000 } } },
      reconcileIntervalMs: 2_000,
    });
    await worker.start();
  } catch (error) {
    await api?.close();
    await worker.stop();
    await seeded.close();
    throw error;
  }
  return {
    apiUrl,
    opsUrl: api.opsUrl!,
    config,
    prisma,
    temporal,
    smtp,
    worker,
    keys,
    async stop() {
      await worker.stop();
      await api?.close();
      await seeded.close();
    },
  };
}

/** A worker's log line about a workflow task that failed on non-determinism. */
export function isNondeterminismLine(line: string): boolean {
  return /nondetermin|TMPRL1100/i.test(line);
}

/** Runs the worker as a child process; SIGKILLs and restarts it on request; watches its log for non-determinism. */
export class WorkerSupervisor {
  private child: ChildProcess | undefined;
  private exited: Promise<void> | undefined;
  readonly nondeterminism: string[] = [];
  readonly errors: string[] = [];
  starts = 0;
  kills = 0;
  /** Seconds from spawn to polling, summed over every start: how long each restart leaves the queue unserved. */
  startSeconds = 0;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly log: (line: string) => void,
  ) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null && this.child.signalCode === null ? this.child.pid : undefined;
  }

  /** Another worker like this one with some settings changed (the versioning drill's builds A and B). */
  sibling(env: NodeJS.ProcessEnv): WorkerSupervisor {
    return new WorkerSupervisor({ ...this.env, ...env }, this.log);
  }

  /** Starts the worker and waits until it polls. */
  async start(): Promise<void> {
    const began = Date.now();
    const script = path.join(__dirname, '..', 'services', 'worker-process.ts');
    // Bound to this process (setpriv --pdeathsig): a drill that dies takes its worker with it.
    const { child } = spawnBound(process.execPath, ['--import', 'tsx', script], {
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      stopSignal: 'SIGKILL',
    });
    this.child = child;
    this.starts += 1;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    let pending = '';
    const onData = (chunk: Buffer): void => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('WORKER_READY')) ready();
        else if (isNondeterminismLine(line)) this.nondeterminism.push(line.slice(0, 2000));
        else if (/"level":(50|60)/.test(line) || /^Error/.test(line)) this.errors.push(line.slice(0, 2000));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    await Promise.race([
      isReady,
      this.exited.then(() => {
        throw new Error(`the worker exited during start: ${this.errors.slice(-3).join('\n')}`);
      }),
    ]);
    this.startSeconds += (Date.now() - began) / 1000;
  }

  async kill(): Promise<void> {
    if (!this.pid) return;
    this.child!.kill('SIGKILL');
    this.kills += 1;
    await this.exited;
  }

  async stop(): Promise<void> {
    if (!this.pid) return;
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
