// A lab whose etcdtop was SIGKILLed (or lost power) could not clean up: its members died with it
// through setpriv's parent-death signal, but its folder stayed. The next lab removes such
// folders, and kills any member still running from one (no setpriv on that machine). Only
// folders whose owner pid file names a dead process are touched.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR_PREFIX, MEMBER_PIDS_FILE, OWNER_PID_FILE } from './lab-cluster.js';

export interface SweepDeps {
  isAlive: (pid: number) => boolean;
  /** NUL-separated command line of a process, '' when there is none. */
  commandLine: (pid: number) => string;
  kill: (pid: number) => void;
}

const realDeps: SweepDeps = {
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  commandLine(pid) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return '';
    }
  },
  kill(pid) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  },
};

function readPids(path: string): number[] {
  try {
    return readFileSync(path, 'utf8').split('\n').map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    return [];
  }
}

/** Removes abandoned lab folders under `root`; returns the folders removed. */
export function sweepStaleLabs(root: string, deps: SweepDeps = realDeps): string[] {
  let entries: string[];
  try {
    entries = readdirSync(root).filter((name) => name.startsWith(LAB_DIR_PREFIX));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of entries) {
    const dir = join(root, name);
    const [owner] = readPids(join(dir, OWNER_PID_FILE));
    if (owner === undefined || owner === process.pid || deps.isAlive(owner)) continue;
    for (const pid of readPids(join(dir, MEMBER_PIDS_FILE))) {
      // A pid can be reused: kill only a process that is still an etcd of this folder.
      if (deps.commandLine(pid).includes(`--data-dir=${dir}/`)) deps.kill(pid);
    }
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      removed.push(dir);
    } catch {
      // Someone else's folder (another user's /tmp entry): not ours to force.
    }
  }
  return removed;
}
