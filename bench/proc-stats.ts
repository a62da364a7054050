// CPU time and resident memory of a process and its descendants, read from /proc.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: its own CPU time and that of children it has reaped. */
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state) of proc(5); field n is fields[n - 3].
  const field = (n: number) => Number(fields[n - 3]);
  return { pid, ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
}

let ticksPerSecond: number | undefined;

export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const out = (() => {
      try {
        return execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    ticksPerSecond = Number(out.trim()) || 100;
  }
  return ticksPerSecond;
}

/** CPU seconds used so far by `rootPid` and every live descendant (plus reaped ones). */
export function treeCpuSeconds(rootPid: number): number {
  const all = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map((name) => readStat(Number(name)));
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) {
    if (stat === undefined) continue;
    const siblings = children.get(stat.ppid) ?? [];
    siblings.push(stat);
    children.set(stat.ppid, siblings);
  }
  const root = readStat(rootPid);
  if (root === undefined) return Number.NaN;
  let ticks = 0;
  const queue = [root];
  // Bounded: every pid is visited once at most, and /proc holds finitely many.
  for (let i = 0; i < queue.length && i < all.length + 1; i += 1) {
    ticks += queue[i]!.ticks;
    queue.push(...(children.get(queue[i]!.pid) ?? []));
  }
  return ticks / clockTicksPerSecond();
}

/** VmRSS in KiB; undefined once the process is gone. */
export function rssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface SystemCpu {
  busyTicks: number;
  totalTicks: number;
}

/** All CPUs together, from /proc/stat: to tell whether other work shared the machine. */
export function systemCpu(): SystemCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.split(/\s+/).slice(1).map(Number);
  const busyTicks = user + nice + system + irq + softirq + steal;
  return { busyTicks, totalTicks: busyTicks + idle + iowait };
}

/** Share of all CPUs that were busy between two readings, in percent. */
export function busyPercent(from: SystemCpu, to: SystemCpu): number {
  const total = to.totalTicks - from.totalTicks;
  return total > 0 ? ((to.busyTicks - from.busyTicks) / total) * 100 : Number.NaN;
}
