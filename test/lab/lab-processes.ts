// For the lab's end-to-end tests: each test gives etcdtop its own TMPDIR, so "every process and
// folder this lab made" is exactly what mentions that folder, however many other etcd clusters
// (other tests, other engineers) run on the machine.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  args: string[];
}

/** A fresh folder to pass as TMPDIR; not named like a lab folder, so no sweep ever touches it. */
export function makeLabRoot(): string {
  return mkdtempSync(join(tmpdir(), 'etcdtop-e2e-lab-root-'));
}

/** The lab folders (etcdtop-lab-*) under a TMPDIR. */
export function labDirs(root: string): string[] {
  return readdirSync(root).filter((name) => name.startsWith('etcdtop-lab-')).map((name) => join(root, name));
}

/** Every live process whose command line mentions `root` (zombies have none, so they do not count). */
export function processesUnder(root: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((arg) => arg !== '');
      // The tmux server that hosts the test's terminal names root in its command too: not the lab's.
      if (!args.some((arg) => arg.includes(root)) || /(^|\/)tmux$/.test(args[0] ?? '')) continue;
      const ppid = Number(/^PPid:\s*(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] ?? 0);
      found.push({ pid: Number(entry), ppid, args });
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** The lab's etcd members (not etcdtop itself, whose --log may also point under root). */
export function membersUnder(root: string): ProcessInfo[] {
  return processesUnder(root).filter((p) => p.args.some((arg) => arg.startsWith('--data-dir=')));
}

/** Test clean-up whatever happened: SIGKILL anything left, delete the folder. */
export function removeLabRoot(root: string): void {
  for (const p of processesUnder(root)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
