import fs from 'node:fs';
import {
  Worker,
  bundleWorkflowCode,
  type NativeConnection,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type { RuntimeConfig } from '../shared/config';
import { heartbeatWhileRunning } from './activity-heartbeat';

const workflowsPath = require.resolve('../workflows');

export interface WorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: object;
  /** A prebuilt bundle (tests build it once per run); omitted means bundle from workflows/ at start. */
  workflowBundle?: WorkflowBundleWithSourceMap | { codePath: string };
}

/** The worker hosting every workflow and activity of the product on one task queue. */
export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    activities: deps.activities,
    interceptors: { activity: [heartbeatWhileRunning] },
    // A killed worker's sticky queue holds the next task of each workflow it cached until this passes (default
    // 10 s); then any worker takes it from the normal queue and replays. Short, so a lost worker costs seconds.
    stickyQueueScheduleToStartTimeout: '5 seconds',
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
  });
}

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/** Connection options for a local or remote (TLS / API key) Temporal frontend, from the parsed config. */
export function temporalConnectionOptions(temporal: RuntimeConfig['temporal']) {
  return {
    address: temporal.address,
    ...(temporal.tls || temporal.apiKey ? { tls: temporal.tls ? tlsOptions(temporal.tls) : true } : {}),
    ...(temporal.apiKey ? { apiKey: temporal.apiKey } : {}),
  };
}

function tlsOptions(tls: NonNullable<RuntimeConfig['temporal']['tls']>) {
  const read = (file: string | undefined): Buffer | undefined => (file ? fs.readFileSync(file) : undefined);
  const crt = read(tls.certPath);
  const key = read(tls.keyPath);
  const ca = read(tls.caPath);
  return {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
  };
}
