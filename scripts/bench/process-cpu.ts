import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { processTree, readStat } from '../services/proc';

let clockTicks: number | undefined;

function ticksToMs(ticks: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (ticks / clockTicks) * 1000;
}

/** CPU time (user + system, all threads) one process has used so far, from /proc: load on the machine aside. */
export function cpuMsOf(pid: number): number {
  return ticksToMs(readStat(pid)?.own ?? 0);
}

/**
 * CPU time of a process and everything below it, reaped children included: PostgreSQL does its work in backends
 * forked by the postmaster. Undefined when the process is gone.
 */
export function cpuMsOfTree(rootPid: number | undefined): number | undefined {
  if (!rootPid) return undefined;
  const tree = processTree(rootPid);
  if (tree.length === 0) return undefined;
  return ticksToMs(tree.reduce((ticks, p) => ticks + p.stat.own + p.stat.reaped, 0));
}

/** The whole machine's busy and total CPU time so far (all cores, from /proc/stat), in clock ticks. */
export function machineTicks(): { busy: number; total: number } {
  // cpu  user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
  const fields = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/** How busy the whole machine was between two readings of machineTicks(), in cores (2 = both cores saturated). */
export function busyCoresBetween(
  before: { busy: number; total: number },
  after: { busy: number; total: number },
): number {
  const share = (after.busy - before.busy) / Math.max(1, after.total - before.total);
  return Math.round(share * os.cpus().length * 100) / 100;
}

/** CPU time of this process so far: the benchmark's own, as the load generator. */
export function loadGeneratorCpuMs(): number {
  const own = process.cpuUsage();
  return (own.user + own.system) / 1000;
}

/** CPU ms per request of one phase by process, all of them, and how busy the whole machine was meanwhile. */
export interface PhaseCpu<Name extends string = string> {
  perProcess: Record<Name, number>;
  total: number;
  /** How busy the whole machine was during the phase, in cores (2 = both cores saturated), whoever used them. */
  machineBusyCores: number;
}

/** Runs a phase and reports its CPU; the phase says how many requests it made. */
export type CpuMeter<Cpu> = <T extends { count: number; errors: number }>(
  phase: () => Promise<T>,
) => Promise<{ result: T; cpu: Cpu }>;

/**
 * A meter over named processes, each read (from /proc, so the machine's other load does not count) before and
 * after a phase; each process's CPU over the phase is divided by the phase's requests. A process that is gone
 * reads as 0.
 */
export function cpuMeter<Name extends string>(
  processes: ReadonlyArray<readonly [Name, () => number | undefined]>,
): CpuMeter<PhaseCpu<Name>> {
  const snapshot = () => processes.map(([, read]) => read() ?? 0);
  return async (phase) => {
    const before = snapshot();
    const machineBefore = machineTicks();
    const result = await phase();
    const after = snapshot();
    const machineBusyCores = busyCoresBetween(machineBefore, machineTicks());
    const requests = Math.max(1, result.count + result.errors);
    const perProcess = Object.fromEntries(
      processes.map(([name], i) => [name, Math.round(((after[i]! - before[i]!) / requests) * 100) / 100]),
    ) as Record<Name, number>;
    const total = Math.round(Object.values<number>(perProcess).reduce((a, b) => a + b, 0) * 100) / 100;
    return { result, cpu: { perProcess, total, machineBusyCores } };
  };
}
