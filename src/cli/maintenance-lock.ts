// One maintenance run per cluster on this host at a time. A cron `etcdtop defrag` and an
// operator's `d` in the monitor started in the same second each pass the safety rules (neither
// defragment shows in the members' metrics yet) and would block two members at once: quorum,
// on a three-member cluster. A lock file per cluster id, holding who runs what, makes the
// second one refuse with the first one's name. A holder whose process is gone (killed, crashed)
// does not block: its file is taken over.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LockHolder {
  pid: number;
  user: string;
  operation: string;
  startedAt: string;
}

export type LockOutcome = { ok: true; release: () => void } | { ok: false; holder?: LockHolder; message: string };

/** ETCDTOP_LOCK_DIR moves it (tests, a host whose /tmp is per-user); the file name holds the cluster. */
export function maintenanceLockPath(clusterId: string | undefined, dir = process.env.ETCDTOP_LOCK_DIR || tmpdir()): string {
  return join(dir, `etcdtop-maintenance-${clusterId ?? 'unknown-cluster'}.lock`);
}

export function takeMaintenanceLock(path: string, who: { user: string; operation: string }, now = new Date()): LockOutcome {
  const me: LockHolder = { pid: process.pid, user: who.user, operation: who.operation, startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        writeSync(fd, `${JSON.stringify(me)}\n`);
      } finally {
        closeSync(fd);
      }
      return { ok: true, release: () => releaseIfOurs(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { ok: false, message: `cannot take the maintenance lock ${path}: ${(error as Error).message} (ETCDTOP_LOCK_DIR names a writable folder)` };
      }
    }
    const holder = readHolder(path);
    if (holder && isAlive(holder.pid)) return { ok: false, holder, message: busyMessage(holder) };
    // Left by a process that is gone (or unreadable, half written by one that died): take it over.
    try {
      unlinkSync(path);
    } catch {
      // Another run removed it first; the next attempt tells who won.
    }
  }
  return { ok: false, message: `another etcdtop took the maintenance lock ${path} at the same moment: try again` };
}

/** What a run refused by the lock answers: nothing was done, as a safety rule's refusal. */
export interface LockRefusal {
  ok: false;
  refused: true;
  message: string;
}

/** Runs `work` holding the lock, released whatever happens; refused when another run holds it. */
export async function underMaintenanceLock<T>(path: string, who: { user: string; operation: string }, work: () => Promise<T>): Promise<T | LockRefusal> {
  const held = takeMaintenanceLock(path, who);
  if (!held.ok) return { ok: false, refused: true, message: held.message };
  try {
    return await work();
  } finally {
    held.release();
  }
}

function busyMessage(holder: LockHolder): string {
  return `another etcdtop on this host runs maintenance on this cluster (${holder.operation}, by ${holder.user}, pid ${holder.pid}, since ${holder.startedAt}): wait for it to end`;
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? (parsed as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(path: string): void {
  if (readHolder(path)?.pid !== process.pid) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: nothing to release.
  }
}
