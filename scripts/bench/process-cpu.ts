import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let clockTicks: number | undefined;

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children that exited and were reaped (PostgreSQL's ended backends), in clock ticks. */
  reaped: number;
}

function readStat(pid: number | string): ProcStat | undefined {
  try {
    // The command name may hold spaces: count fields after its closing parenthesis.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      ppid: Number(fields[1]),
      own: Number(fields[11]) + Number(fields[12]),
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined; // gone meanwhile
  }
}

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
  const root = readStat(rootPid);
  if (!root) return undefined;
  const children = new Map<number, Array<{ pid: number; stat: ProcStat }>>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push({ pid: Number(entry), stat });
    children.set(stat.ppid, siblings);
  }
  let ticks = root.own + root.reaped;
  const stack = [rootPid];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      ticks += child.stat.own + child.stat.reaped;
      stack.push(child.pid);
    }
  }
  return ticksToMs(ticks);
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
