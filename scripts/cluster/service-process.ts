import type { SpawnOptions } from 'node:child_process';
import { spawnBound, type BoundProcess } from '../services/bound-process';

/**
 * One process of the cluster (a Temporal service, the Web UI, HAProxy, an API replica, a worker): bound to this
 * process (it dies with us), its output kept for error messages, started again with the same command on demand.
 * The fault tests and drills kill one with SIGKILL and start it again.
 */
export interface ServiceProcess {
  readonly name: string;
  /** The running process's pid; undefined while it is down. */
  pid(): number | undefined;
  running(): boolean;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  output(): string;
  /** Starts it (again) and waits until `ready` resolves; fails if it exits first. */
  start(): Promise<void>;
  /** Sends `signal` (default SIGKILL: a crash) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Its polite stop signal, then SIGKILL after the grace period. */
  stop(): Promise<void>;
}

export interface ServiceProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves when the process serves (a port answers, a line appears); may use the output so far. */
  ready(process: { output(): string }): Promise<void>;
  readyTimeoutMs?: number;
  stopSignal?: NodeJS.Signals;
  stopGraceMs?: number;
  onLine?: (line: string) => void;
  /** Called when it exits without being asked to (a crash, a kill from outside). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  uid?: SpawnOptions['uid'];
  gid?: SpawnOptions['gid'];
}

export function defineServiceProcess(spec: ServiceProcessSpec): ServiceProcess {
  let current: BoundProcess | undefined;
  let output = '';
  // Set while we stop or kill it ourselves, so only other exits count as unexpected.
  let expectingExit = false;
  const stopSignal = spec.stopSignal ?? 'SIGTERM';
  const tail = (): string => output;

  const start = async (): Promise<void> => {
    if (current && current.child.exitCode === null && current.child.signalCode === null) {
      throw new Error(`${spec.name} is already running`);
    }
    output = '';
    expectingExit = false;
    const service = spawnBound(spec.command, spec.args, {
      env: spec.env,
      ...(spec.cwd ? { cwd: spec.cwd } : {}),
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      stopSignal,
    });
    current = service;
    service.child.once('exit', (code, signal) => {
      if (!expectingExit && spec.onUnexpectedExit) spec.onUnexpectedExit(code, signal);
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      output = (output + text).slice(-8000);
      if (spec.onLine) for (const line of text.split('\n')) if (line.trim()) spec.onLine(line);
    };
    service.child.stdout?.on('data', collect);
    service.child.stderr?.on('data', collect);
    const timeoutMs = spec.readyTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        spec.ready({ output: tail }),
        service.exited.then((code) => {
          throw new Error(
            `${spec.name} exited with code ${code} during start: ${output.trim().slice(-3000)}`,
          );
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`${spec.name} was not ready after ${timeoutMs} ms: ${output.trim().slice(-3000)}`),
              ),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      expectingExit = true;
      await service.stop(0);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    name: spec.name,
    pid: () =>
      current && current.child.exitCode === null && current.child.signalCode === null
        ? current.child.pid
        : undefined,
    running: () => Boolean(current && current.child.exitCode === null && current.child.signalCode === null),
    output: tail,
    start,
    async kill(signal = 'SIGKILL') {
      if (!current || current.child.exitCode !== null || current.child.signalCode !== null) return;
      expectingExit = true;
      current.child.kill(signal);
      await current.exited;
    },
    async stop() {
      expectingExit = true;
      await current?.stop(spec.stopGraceMs ?? 15_000);
    },
  };
}

/** What a caller hears from a group of processes, each by its name. */
export interface ProcessEvents {
  onLine?: (process: string, line: string) => void;
  onUnexpectedExit?: (process: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

/** The spec fields that pass one process's events on to the group's listener, under its name. */
export function eventsOf(
  name: string,
  events: ProcessEvents | undefined,
): Pick<ServiceProcessSpec, 'onLine' | 'onUnexpectedExit'> {
  const onLine = events?.onLine;
  const onUnexpectedExit = events?.onUnexpectedExit;
  return {
    ...(onLine ? { onLine: (line: string) => onLine(name, line) } : {}),
    ...(onUnexpectedExit ? { onUnexpectedExit: (code, signal) => onUnexpectedExit(name, code, signal) } : {}),
  };
}
