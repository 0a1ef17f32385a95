import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, withDatabase } from '../db/ensure-database';
import { applyMigrations } from '../db/migrations';
import { bundleWorkflows } from '../../worker/create-worker';
import { findFreePort } from '../services/ports';
import type { TemporalStarter } from '../services/embedded';
import { processTree } from '../services/proc';
import { startPostgres, type RunningPostgres } from '../services/postgres';
import { startTemporalDevServer, type RunningTemporal } from '../services/temporal';

/**
 * A private copy of the product's services for one benchmark or drill: PostgreSQL and the Temporal dev server on
 * free ports, state in a fresh temporary folder (never a developer's .data). Either service can be stopped and
 * started again on the same port and the same data, which is what the fault drills do. Given a Temporal starter
 * (the cluster drill and benchmark: the real server on this PostgreSQL), that Temporal instead of the dev server.
 */
export interface Stack {
  dir: string;
  databaseUrl: string;
  temporalAddress: string;
  /** The prebuilt workflow bundle (webpack runs once, not at every worker restart). */
  workflowBundlePath: string;
  postgresPid(): number | undefined;
  temporalPid(): number | undefined;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  stopTemporal(): Promise<void>;
  startTemporal(): Promise<void>;
  stop(): Promise<void>;
}

const DATABASE = 'signaalloket';

export interface StackOptions {
  log?: (line: string) => void;
  postgresArgs?: string[];
  /** Which Temporal: the dev server when absent, else the one this starts on the stack's PostgreSQL. */
  temporal?: TemporalStarter;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const log = options.log ?? (() => undefined);
  // /var/tmp rather than a private mktemp folder on the way: PostgreSQL runs as `postgres` when we are root.
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'signaalloket-run-'));
  fs.chmodSync(dir, 0o755);
  const pgPort = await findFreePort();
  const temporalPort = await findFreePort();
  const dbFile = path.join(dir, 'temporal', 'temporal.db');
  let postgres: RunningPostgres | undefined;
  let temporal: Pick<RunningTemporal, 'stop'> | undefined;
  let temporalAddress = `127.0.0.1:${temporalPort}`;
  let pgPid: number | undefined;

  const startPg = async (): Promise<void> => {
    postgres = await startPostgres({ dataDir: path.join(dir, 'pg'), port: pgPort });
    pgPid = postmasterPid(path.join(dir, 'pg'));
  };
  const startTemporal = async (): Promise<void> => {
    if (options.temporal) {
      const started = await options.temporal({ serverUrl: withDatabase(postgres!.url, 'postgres') });
      temporalAddress = started.address;
      temporal = started;
    } else temporal = await startTemporalDevServer({ port: temporalPort, dbFile });
  };
  const stopAll = async (): Promise<void> => {
    await temporal?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (options.temporal) {
      // The real Temporal server keeps its state in this PostgreSQL: it starts once PostgreSQL serves.
      log('starting PostgreSQL, then the Temporal cluster on it …');
      await startPg();
      await startTemporal();
    } else {
      log('starting PostgreSQL and the Temporal dev server …');
      await Promise.all([startPg(), startTemporal()]);
    }
    const databaseUrl = await ensureDatabase(postgres!.url, DATABASE);
    await applyMigrations(databaseUrl);
    const bundle = await bundleWorkflows();
    const workflowBundlePath = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(workflowBundlePath, bundle.code);
    return {
      dir,
      databaseUrl,
      temporalAddress,
      workflowBundlePath,
      postgresPid: () => pgPid,
      temporalPid: () => pidListeningOn(Number(temporalAddress.split(':').pop())),
      async stopPostgres() {
        await postgres?.stop();
        postgres = undefined;
        pgPid = undefined;
      },
      startPostgres: startPg,
      async stopTemporal() {
        await temporal?.stop();
        temporal = undefined;
      },
      startTemporal,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}

/** The pid of the process listening on a TCP port (from /proc/net/tcp and the fd links), for memory figures. */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[1]!.endsWith(`:${hexPort}`) && cols[3] === '0A') inodes.add(cols[9]!);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(pid);
      }
    } catch {
      // processes come and go, and some are not ours to read
    }
  }
  return undefined;
}

/**
 * Resident memory of a process in MiB (VmRSS). With its children (PostgreSQL: the postmaster and its backends)
 * the sum is of proportional set sizes (Pss): every backend maps the same shared buffers, and adding their VmRSS
 * counts those pages once per backend (at 15,800 open signals, one moment: 1,433 MiB summed VmRSS, 189 MiB Pss).
 */
export function rssMiB(pid: number | undefined, withChildren = false): number | undefined {
  if (!pid) return undefined;
  const kB = (file: string, field: RegExp): number => {
    try {
      const match = field.exec(fs.readFileSync(file, 'utf8'));
      return match ? Number(match[1]) : 0;
    } catch {
      return 0;
    }
  };
  if (!withChildren) return Math.round(kB(`/proc/${pid}/status`, /VmRSS:\s+(\d+) kB/) / 1024);
  const pss = (p: number): number => kB(`/proc/${p}/smaps_rollup`, /^Pss:\s+(\d+) kB/m);
  const total = processTree(pid).reduce((sum, p) => sum + pss(p.pid), 0);
  return Math.round(total / 1024);
}
