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
