import fs from 'node:fs';

/** What /proc/<pid>/stat says about one process (CPU in clock ticks). */
export interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children that exited and were reaped (PostgreSQL's ended backends), in clock ticks. */
  reaped: number;
}

export function readStat(pid: number | string): ProcStat | undefined {
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

/**
 * A process and everything below it (PostgreSQL's postmaster and its backends), each with its stat, read in one
 * pass over /proc. Empty when the process is gone.
 */
export function processTree(rootPid: number): Array<{ pid: number; stat: ProcStat }> {
  const root = readStat(rootPid);
  if (!root) return [];
  const children = new Map<number, Array<{ pid: number; stat: ProcStat }>>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (!stat) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push({ pid: Number(entry), stat });
    children.set(stat.ppid, siblings);
  }
  const tree = [{ pid: rootPid, stat: root }];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!.pid) ?? []));
  return tree;
}
