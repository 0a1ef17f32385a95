import fs from 'node:fs';
import {
  Worker,
  bundleWorkflowCode,
  type NativeConnection,
  type TLSConfig,
  type WorkerDeploymentOptions,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { RuntimeConfig, TemporalTls, WorkerDeploymentVersion } from '../shared/config';
import {
  activityTelemetry,
  WORKFLOW_TELEMETRY_MODULE,
  workflowTelemetrySinks,
} from '../shared/telemetry/temporal';
import type { Tracing } from '../shared/telemetry/tracing';
import { heartbeatWhileRunning } from './activity-heartbeat';

const workflowsPath = require.resolve('../workflows');

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** A prebuilt bundle (tests build it once per run); omitted means bundle from workflows/ at start. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
  /** On shutdown, how long activity tasks in progress may take to finish before they are cancelled (default 25 s). */
  shutdownGraceMs?: number;
  /** Where workflow spans go; omitted means tracing is off (the sink is then a no-op). */
  tracing?: Pick<Tracing, 'spanProcessor' | 'resource'>;
  /** Worker Versioning: the deployment version this worker polls as; omitted means unversioned. */
  workerDeployment?: WorkerDeploymentVersion;
}

// After the grace, cancelled activities get this long to wind up before the worker gives up on them and stops.
const SHUTDOWN_FORCE_AFTER_GRACE_MS = 5_000;

/** The worker hosting every workflow and activity of the product on one task queue. */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: deps.activities,
    interceptors: {
      activity: [heartbeatWhileRunning, activityTelemetry],
      // A prebuilt bundle already carries the tracing module (bundleWorkflows adds it); naming it again is ignored
      // by the SDK with a warning at every start.
      ...(deps.workflowBundle ? {} : { workflowModules: [WORKFLOW_TELEMETRY_MODULE] }),
    },
    sinks: workflowTelemetrySinks(deps.tracing),
    // A killed worker's sticky queue holds the next task of each workflow it cached until this passes (default
    // 10 s); then any worker takes it from the normal queue and replays. Short, so a lost worker costs seconds.
    stickyQueueScheduleToStartTimeout: '5 seconds',
    // Take no more tasks than this process finishes within their timeouts. A task taken is on the clock (workflow
    // tasks 10 s, database activities 10 s) and is lost with the process; one left on the server waits for free.
    // Under load (the kill drill on two shared cores) the defaults (40 workflow tasks, 100 activities against a
    // pool of 10 connections) had the worker start more than it could finish, so tasks timed out in a live worker
    // and the server's retry backoff for workflow tasks then held whole lifecycles for minutes.
    maxConcurrentWorkflowTaskExecutions: 10,
    maxConcurrentActivityTaskExecutions: 20,
    // A stopping worker polls no more tasks but lets the activities it runs finish (the SDK's default, 0, would
    // cancel them at once); a mail half-sent is then sent, not retried by another worker after a timeout.
    shutdownGraceTime: deps.shutdownGraceMs ?? 25_000,
    shutdownForceTime: (deps.shutdownGraceMs ?? 25_000) + SHUTDOWN_FORCE_AFTER_GRACE_MS,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    ...(deps.workerDeployment ? { workerDeploymentOptions: versionedAs(deps.workerDeployment) } : {}),
  });
}

/**
 * A versioned worker's options. Every workflow it starts or takes over is AUTO_UPGRADE: on its next workflow task
 * it moves to whichever version is current. A signal stays open for months (a ministry replies after weeks, an
 * escalation ladder runs for a year), so PINNED would keep every build alive until the last signal it started has
 * closed, and no fix would reach an open signal. Instead each build replays its predecessors' histories: every
 * workflow change is guarded with patched(), and the replay tests prove it (docs/production.md, Upgrades).
 */
function versionedAs(version: WorkerDeploymentVersion): WorkerDeploymentOptions {
  return { useWorkerVersioning: true, version, defaultVersioningBehavior: 'AUTO_UPGRADE' };
}

/** Bundles the product's workflows (or, for the versioning drill's second build, another entry module). */
export function bundleWorkflows(entry: string = workflowsPath): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: entry,
    workflowInterceptorModules: [WORKFLOW_TELEMETRY_MODULE],
    logger: quietBundlerLogger,
  });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * Connection options for a local or remote Temporal frontend, from the parsed config: plain for the dev server;
 * TLS (with a client certificate for mTLS, a private CA, a server name) for a self-hosted cluster or Temporal Cloud;
 * an API key as a bearer token, with the namespace in `temporal-namespace`, by which Temporal Cloud routes a
 * key's requests. The API and the worker connect through this one function.
 */
export function temporalConnectionOptions(temporal: RuntimeConfig['temporal']) {
  return {
    address: temporal.address,
    ...(temporal.tls ? { tls: tlsOptions(temporal.tls) } : {}),
    ...(temporal.apiKey
      ? { apiKey: temporal.apiKey, metadata: { 'temporal-namespace': temporal.namespace } }
      : {}),
  };
}

function tlsOptions(tls: TemporalTls): TLSConfig {
  // Read once at start: a file that is missing stops the process with its path, rather than a TLS error later.
  const read = (file: string | undefined): Buffer | undefined => (file ? fs.readFileSync(file) : undefined);
  const crt = read(tls.certPath);
  const key = read(tls.keyPath);
  const ca = read(tls.caPath);
  return {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
  };
}
