// Full-screen README commands: the line runs in bash in a real terminal (tmux), its screen is read
// back, and it is quit with q as an operator would.
import { expect } from 'vitest';
import type { TestCluster } from '../../helpers/etcd-cluster.js';
import { key } from '../../helpers/monitor-screen.js';
import type { TmuxSession } from '../../helpers/tmux.js';
import type { ReadmeWorld } from './world.js';

export interface FullScreenRun {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** Starts `bash -c LINE` in a 120x40 terminal. */
export function openInTerminal(world: ReadmeWorld, line: string, run: FullScreenRun): Promise<TmuxSession> {
  return world.tmux({ command: ['bash', '-c'], args: [line], cwd: run.cwd, env: world.sandbox.env(run.env) });
}

/** The monitor is up on this cluster: every member, the leader, all of them answering. */
export function showsCluster(names: readonly string[]): (screen: string) => boolean {
  return (screen) => names.every((name) => screen.includes(name)) && screen.includes('LEADER') && screen.includes(`${names.length}/${names.length} answering`);
}

export const memberNames = (cluster: TestCluster) => cluster.members.map((member) => member.name);

/** Presses q and waits for the program, and the shell that ran it, to end. */
export async function quitWithQ(session: TmuxSession): Promise<void> {
  await key(session, 'q');
  await expect.poll(() => session.alive(), { timeout: 10_000 }).toBe(false);
}
