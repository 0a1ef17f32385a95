import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import {
  SignalMinistriesAttribute,
  SignalNextDeadlineAttribute,
  SignalOrganisationAttribute,
  SignalOverdueAttribute,
  SignalStatusAttribute,
  searchAttributeDefinitions,
} from '../../shared/search-attributes';
import { findFreePort, findFreePortBelow, waitForPort } from '../services/ports';
import { temporalCliPath } from '../services/temporal';
import { assertClusterBinariesInstalled, clusterBinaries, clusterConfig } from './binaries';
import { defineServiceProcess, eventsOf, type ProcessEvents, type ServiceProcess } from './service-process';
import { ensureTemporalSchemas, type TemporalDatabases } from './temporal-schema';

const run = promisify(execFile);

/** The services of a Temporal server, each a process of its own here (as they are deployed in production). */
export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface TemporalClusterOptions {
  databases: TemporalDatabases;
  namespace: string;
  /** The frontend's gRPC port: the address the product's API and workers use. */
  frontendPort: number;
  /** The Web UI's port; omitted means no UI. */
  uiPort?: number;
  /** The server's log level (default warn). */
  logLevel?: string;
  /**
   * Another dynamic config file in place of config/temporal/dynamicconfig.yaml (a drill that shortens the server's
   * intervals writes the committed file plus its own keys); see withDynamicConfig.
   */
  dynamicConfigFile?: string;
  events?: ProcessEvents;
}

export interface RunningTemporalCluster {
  address: string;
  namespace: string;
  uiUrl?: string;
  /** Each service's process (kill one, start it again: the fault tests and drills). */
  services: Record<TemporalService, ServiceProcess>;
  ui?: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * The real Temporal server on PostgreSQL: the schemas brought up to date, then the frontend, the namespace and the
 * product's search attributes registered through it, then history, matching and worker, each a process of the one
 * binary with the one config file (config/temporal/server.yaml), and the Web UI pointed at the frontend. Ready when
 * a workflow with every search attribute can be started (and is deleted again).
 */
export async function startTemporalCluster(options: TemporalClusterOptions): Promise<RunningTemporalCluster> {
  assertClusterBinariesInstalled();
  await ensureTemporalSchemas(options.databases);

  const ports = await clusterPorts(options.frontendPort);
  const address = `127.0.0.1:${options.frontendPort}`;
  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    CLUSTER_TEMPORAL_LOG_LEVEL: options.logLevel ?? 'warn',
    CLUSTER_DB_ADDRESS: `${options.databases.host}:${options.databases.port}`,
    CLUSTER_DB_USER: options.databases.user,
    CLUSTER_DB_PASSWORD: options.databases.password,
    CLUSTER_TEMPORAL_DB: options.databases.temporal,
    CLUSTER_VISIBILITY_DB: options.databases.visibility,
    CLUSTER_DYNAMIC_CONFIG: options.dynamicConfigFile ?? clusterConfig.dynamicConfig,
    CLUSTER_FRONTEND_PORT: String(options.frontendPort),
    CLUSTER_FRONTEND_MEMBERSHIP_PORT: String(ports.frontend.membership),
    CLUSTER_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    CLUSTER_HISTORY_PORT: String(ports.history.grpc),
    CLUSTER_HISTORY_MEMBERSHIP_PORT: String(ports.history.membership),
    CLUSTER_MATCHING_PORT: String(ports.matching.grpc),
    CLUSTER_MATCHING_MEMBERSHIP_PORT: String(ports.matching.membership),
    CLUSTER_WORKER_PORT: String(ports.worker.grpc),
    CLUSTER_WORKER_MEMBERSHIP_PORT: String(ports.worker.membership),
  };
  const services = Object.fromEntries(
    TEMPORAL_SERVICES.map((service) => [
      service,
      defineServiceProcess({
        name: `Temporal ${service}`,
        ...eventsOf(`Temporal ${service}`, options.events),
        command: clusterBinaries.server,
        args: ['--config-file', clusterConfig.server, '--allow-no-auth', 'start', '--service', service],
        env: { ...baseEnv, CLUSTER_METRICS_PORT: String(ports[service].metrics) },
        ready: () => waitForPort(ports[service].grpc, 60_000),
        stopGraceMs: 10_000,
      }),
    ]),
  ) as Record<TemporalService, ServiceProcess>;

  const ui =
    options.uiPort === undefined
      ? undefined
      : defineServiceProcess({
          name: 'Temporal Web UI',
          ...eventsOf('Temporal Web UI', options.events),
          command: clusterBinaries.uiServer,
          args: ['--root', '/', '--config', clusterConfig.uiDir, '--env', clusterConfig.uiEnv, 'start'],
          env: {
            PATH: baseEnv.PATH,
            CLUSTER_FRONTEND_ADDRESS: address,
            CLUSTER_UI_PORT: String(options.uiPort),
            CLUSTER_NAMESPACE: options.namespace,
          },
          ready: () => waitForPort(options.uiPort!, 30_000),
          stopGraceMs: 5_000,
        });

  const started: ServiceProcess[] = [];
  // One at a time, the last started first (UI, worker, matching, history, frontend): in about 2 s. Stopped all
  // at once they wait on each other, and take the full grace period.
  const stop = async (): Promise<void> => {
    for (const service of [...started].reverse()) await service.stop().catch(() => undefined);
  };
  try {
    // The frontend alone first: the namespace and search attributes must exist before history starts, or its
    // search-attribute cache (refreshed once a minute) would refuse the product's first workflows for a while.
    started.push(services.frontend);
    await services.frontend.start();
    await registerNamespace(address, options.namespace, () => assertRunning(started));
    const others = [services.history, services.matching, services.worker];
    started.push(...others);
    await Promise.all(others.map((service) => service.start()));
    await waitUntilServing(address, options.namespace, () => assertRunning(started));
    if (ui) {
      started.push(ui);
      await ui.start();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    namespace: options.namespace,
    ...(options.uiPort !== undefined ? { uiUrl: `http://localhost:${options.uiPort}` } : {}),
    services,
    ...(ui ? { ui } : {}),
    stop,
  };
}

interface ServicePorts {
  grpc: number;
  membership: number;
  metrics: number;
}

async function clusterPorts(frontendPort: number) {
  const service = async (grpc?: number): Promise<ServicePorts> => ({
    grpc: grpc ?? (await findFreePort()),
    // The membership table keeps ports as smallint.
    membership: await findFreePortBelow(32_768),
    metrics: await findFreePort(),
  });
  return {
    frontend: await service(frontendPort),
    frontendHttp: await findFreePort(),
    history: await service(),
    matching: await service(),
    worker: await service(),
  };
}

/**
 * The namespace and the product's search attributes (shared/search-attributes.ts), with the Temporal CLI as an
 * operator would; both are kept in PostgreSQL, so a second start finds them. Retried: a namespace the frontend has
 * just created reaches its namespace cache a few seconds later.
 */
async function registerNamespace(address: string, namespace: string, alive: () => void): Promise<void> {
  const cli = (args: string[]) =>
    run(temporalCliPath, [...args, '--address', address, '--namespace', namespace], {
      // The CLI reads TEMPORAL_* variables too (TEMPORAL_ADDRESS is also the product's): only the flags count.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' },
      timeout: 30_000,
    });
  await retry('registering the namespace', 60_000, alive, async () => {
    const described = await cli(['operator', 'namespace', 'describe']).then(
      () => true,
      () => false,
    );
    if (!described) await cli(['operator', 'namespace', 'create', '--retention', '30d']);
  });
  const attributes = searchAttributeDefinitions.flatMap(([name, type]) => ['--name', name, '--type', type]);
  await retry('registering the search attributes', 60_000, alive, () =>
    cli(['operator', 'search-attribute', 'create', ...attributes]),
  );
}

/**
 * Ready means what the product does first works: a workflow start with every search attribute (the frontend knows
 * the namespace and the attributes, a history host owns the shard). The probe is deleted at once; no worker polls
 * its task queue.
 */
async function waitUntilServing(address: string, namespace: string, alive: () => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace });
    await retry('waiting for the cluster to serve', 90_000, alive, async () => {
      const handle = await client.workflow.start('clusterReadinessProbe', {
        taskQueue: 'cluster-readiness-probe',
        workflowId: `cluster-readiness-probe-${Date.now()}`,
        workflowExecutionTimeout: '1 minute',
        typedSearchAttributes: [
          { key: SignalStatusAttribute, value: 'probe' },
          { key: SignalOrganisationAttribute, value: 'probe' },
          { key: SignalMinistriesAttribute, value: ['probe'] },
          { key: SignalNextDeadlineAttribute, value: new Date() },
          { key: SignalOverdueAttribute, value: false },
        ],
      });
      await connection.workflowService.deleteWorkflowExecution({
        namespace,
        workflowExecution: { workflowId: handle.workflowId, runId: handle.firstExecutionRunId },
      });
    });
  } finally {
    await connection.close();
  }
}

/** A service that died while we wait for the cluster fails the start at once, with what it said. */
function assertRunning(services: ServiceProcess[]): void {
  for (const service of services) {
    if (!service.running())
      throw new Error(`${service.name} exited during start: ${service.output().trim().slice(-3000)}`);
  }
}

async function retry(
  what: string,
  timeoutMs: number,
  alive: () => void,
  attempt: () => Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    alive();
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const { stderr } = error as { stderr?: string };
        throw new Error(`${what} failed after ${timeoutMs} ms: ${stderr?.trim() || String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
