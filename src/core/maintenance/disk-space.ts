// A snapshot is the whole DB file: written to a disk without room for it, it fails after
// minutes of streaming and leaves the disk full (the etcd data dir is often on the same one).
// Both front ends (the `s` key and `etcdtop snapshot`) go through execute, which asks this first.
import { statfs } from 'node:fs/promises';
import { formatBytes } from '../format.js';

/** Bytes an unprivileged writer may still use in `dir`; undefined when it cannot be read. */
export type FreeDiskBytes = (dir: string) => Promise<number | undefined>;

export const freeDiskBytes: FreeDiskBytes = async (dir) => {
  try {
    const stats = await statfs(dir);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    // A folder that does not exist: the write itself fails with the clearer error.
    return undefined;
  }
};

/** Why a snapshot of `neededBytes` must not be written to `dir`, or undefined to go ahead. */
export function snapshotSpaceRefusal(neededBytes: number | undefined, freeBytes: number | undefined, dir: string): string | undefined {
  if (neededBytes === undefined || freeBytes === undefined || freeBytes >= neededBytes) return undefined;
  return `not enough disk space for the snapshot: ${dir} has ${formatBytes(freeBytes)} free (${freeBytes} bytes), the DB is ${formatBytes(neededBytes)} (${neededBytes} bytes); free some space or write it elsewhere`;
}
