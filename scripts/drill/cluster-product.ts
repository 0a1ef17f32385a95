import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDynamicConfig } from '../cluster/binaries';
import { startReplicas, type RunningReplicas } from '../cluster/replicas';
import type { ServiceProcess } from '../cluster/service-process';
import { startTemporalCluster, type RunningTemporalCluster } from '../cluster/temporal-cluster';
import { temporalDatabasesOn } from '../cluster/temporal-schema';
import type { TemporalStarter } from '../services/embedded';
import { findFreePort } from '../services/ports';
import { isNondeterminismLine } from './product';
import { seededConfig, type ProductAccess } from './seeded-config';
import type { Stack } from './stack';

/**
 * The product in its production topology on a drill's or benchmark's stack, started by the same modules as
 * `npm run cluster` (scripts/cluster): the real Temporal server on the stack's PostgreSQL (frontend, history,
 * matching and worker as processes of their own), two worker processes, two API replicas and HAProxy in front of
 * them; mail to an SMTP server in this process. Clients reach it only through the load balancer.
 */
export interface ClusterProduct extends ProductAccess {
  temporalCluster: RunningTemporalCluster;
  replicas: RunningReplicas;
  /** Every process of the product and of Temporal, by name (HAProxy too). */
  processes(): ServiceProcess[];
  /** Worker log lines about non-determinism. */
  nondeterminism: string[];
  /** Processes that exited without being asked to (each was started again, as a platform would). */
  unexpectedExits: string[];
  stop(): Promise<void>;
}

/** The real Temporal server as the stack's Temporal (startStack's `temporal` option), on one fixed frontend port. */
export async function clusterTemporal(
  supervisor: ExitSupervisor,
  options: {
    /** Settings added to the committed dynamic config (the versioning drill shortens drainage checks). */
    dynamicConfig?: Record<string, string | number | boolean>;
  } = {},
): Promise<{ start: TemporalStarter; current(): RunningTemporalCluster }> {
  const frontendPort = await findFreePort();
  let cluster: RunningTemporalCluster | undefined;
  return {
    start: async ({ serverUrl }) => {
      cluster = await startTemporalCluster({
        databases: temporalDatabasesOn(serverUrl, {
          temporal: 'temporal',
          visibility: 'temporal_visibility',
        }),
        namespace: 'default',
        frontendPort,
        events: { onUnexpectedExit: supervisor.onUnexpectedExit },
        ...(options.dynamicConfig
          ? {
              dynamicConfigFile: withDynamicConfig(
                path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-config-')), 'dynamicconfig.yaml'),
                options.dynamicConfig,
              ),
            }
          : {}),
      });
      return cluster;
    },
    current: () => {
      if (!cluster) throw new Error('the Temporal cluster has not been started');
      return cluster;
    },
  };
}

export interface ClusterProductOptions {
  supervisor: ExitSupervisor;
  apiReplicas?: number;
  workers?: number;
  /**
   * The task queue the API replicas start workflows on and the workers poll (default the product's). The submit
   * benchmark uses one no worker polls, with no workers, as on the dev server.
   */
  taskQueue?: string;
  /** Handed every line of the product's processes (after the non-determinism watch). */
  onLine?: (process: string, line: string) => void;
}

export async function startClusterProduct(
  stack: Stack,
  temporalCluster: RunningTemporalCluster,
  options: ClusterProductOptions,
): Promise<ClusterProduct> {
  const seeded = await seededConfig(stack, {
    temporalAddress: temporalCluster.address,
    taskQueue: options.taskQueue,
    env: {
      TEMPORAL_NAMESPACE: temporalCluster.namespace,
      // One RIEC key drives hundreds of signals a minute from one address; the budgets are not the drill's subject.
      // (The ministry contacts each connect from an address of their own, so their pages' budgets stay as shipped.)
      API_RATE_LIMIT: '1000000',
      API_ADDRESS_RATE_LIMIT: '1000000',
    },
  });
  const { config, prisma, temporal, smtp, keys } = seeded;
  const nondeterminism: string[] = [];
  let replicas: RunningReplicas | undefined;

  const processes = (): ServiceProcess[] => [
    ...Object.values(temporalCluster.services),
    ...(replicas
      ? [...replicas.workers, ...replicas.apis.map((api) => api.process), replicas.loadBalancer.process]
      : []),
  ];
  options.supervisor.watch(processes);
  try {
    replicas = await startReplicas({
      apiReplicas: options.apiReplicas ?? 2,
      workers: options.workers ?? 2,
      port: seeded.port,
      dir: stack.dir,
      workflowBundlePath: stack.workflowBundlePath,
      env: seeded.processEnv,
      events: {
        onLine: (name, line) => {
          if (name.startsWith('worker') && isNondeterminismLine(line))
            nondeterminism.push(`${name}: ${line.slice(0, 2000)}`);
          options.onLine?.(name, line);
        },
        onUnexpectedExit: options.supervisor.onUnexpectedExit,
      },
    });
  } catch (error) {
    await seeded.close();
    throw error;
  }
  return {
    apiUrl: replicas.url,
    config,
    prisma,
    temporal,
    smtp,
    keys,
    temporalCluster,
    replicas,
    processes,
    nondeterminism,
    unexpectedExits: options.supervisor.exits,
    async stop() {
      options.supervisor.stop();
      await replicas?.stop();
      await seeded.close();
    },
  };
}

/**
 * Plays the platform's part (Kubernetes, systemd): a process of the cluster that exits without being asked to is
 * noted and started again until it serves (a Temporal service cannot start while PostgreSQL is down, for instance).
 * Created before the processes, which report to it by name.
 */
export class ExitSupervisor {
  readonly exits: string[] = [];
  private processes: () => ServiceProcess[] = () => [];
  private stopping = false;

  constructor(private readonly log: (line: string) => void) {}

  watch(processes: () => ServiceProcess[]): void {
    this.processes = processes;
  }

  stop(): void {
    this.stopping = true;
  }

  readonly onUnexpectedExit = (name: string, code: number | null, signal: NodeJS.Signals | null): void => {
    if (this.stopping) return;
    this.exits.push(`${name} (${signal ?? `code ${code}`})`);
    this.log(`${name} exited on its own (${signal ?? `code ${code}`}); starting it again`);
    const service = this.processes().find((candidate) => candidate.name === name);
    if (service) void this.startAgain(service);
  };

  private async startAgain(service: ServiceProcess): Promise<void> {
    for (let attempt = 1; !this.stopping && !service.running(); attempt++) {
      try {
        await service.start();
        this.log(`${service.name} is back (attempt ${attempt})`);
        return;
      } catch (error) {
        if (service.running()) return;
        this.log(`${service.name} did not start (attempt ${attempt}): ${String(error).slice(0, 300)}`);
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }
}
