import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';

/**
 * Spawns a service that stops by itself when this Node process dies, however it dies (Ctrl-C, crash, SIGKILL
 * of a test runner), so no PostgreSQL or Temporal server is left behind. util-linux's `setpriv --pdeathsig`
 * asks the kernel to send the service its polite stop signal when its parent goes away.
 */
export interface BoundProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Sends the stop signal, escalating to SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const SETPRIV = '/usr/bin/setpriv';

export function spawnBound(
  command: string,
  args: string[],
  options: SpawnOptions & { stopSignal: NodeJS.Signals },
): BoundProcess {
  const { stopSignal, ...rest } = options;
  const child = fs.existsSync(SETPRIV)
    ? spawn(SETPRIV, ['--pdeathsig', stopSignal, '--', command, ...args], rest)
    : spawn(command, args, rest);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
