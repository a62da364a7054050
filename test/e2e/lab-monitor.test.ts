// `etcdtop lab` in a real terminal: a local 3-member cluster on screen with its leader, and
// nothing left behind (no etcd process, no data folder) after q or a SIGTERM.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/etcd-cluster.js';
import { labEtcdArgs } from '../helpers/etcd-binaries.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { labDirs, makeLabRoot, membersUnder, processesUnder, removeLabRoot } from '../lab/lab-processes.js';

const START_MS = 30_000;

describe('etcdtop lab in tmux', () => {
  let root: string;
  let tmux: TmuxSession | undefined;
  beforeEach(() => {
    root = makeLabRoot();
  });
  afterEach(async () => {
    await tmux?.kill();
    tmux = undefined;
    removeLabRoot(root);
  });

  async function startLab(): Promise<{ dir: string; screen: string }> {
    tmux = await startMonitor({ args: ['lab', ...labEtcdArgs(), '--log', join(root, 'etcdtop.log')], env: { TMPDIR: root } });
    const screen = await tmux.waitForScreen((s) => ['etcd-0', 'etcd-1', 'etcd-2', 'LEADER'].every((word) => s.includes(word)), START_MS);
    const [dir, ...more] = labDirs(root);
    expect(more).toEqual([]);
    return { dir: dir!, screen };
  }

  it('shows three members and their leader; q stops every member and deletes the data', async () => {
    const { dir, screen } = await startLab();
    expect(screen).toMatch(/3\/3 answering/);
    expect(screen).toMatch(/etcd-\d\b.*\bLEADER\b/);
    const members = membersUnder(root);
    expect(members).toHaveLength(3);
    // Only on 127.0.0.1.
    for (const member of members) {
      for (const arg of member.args.filter((a) => /-urls=/.test(a))) expect(arg).toMatch(/=http:\/\/127\.0\.0\.1:\d+(,|$)/);
    }
    await tmux!.press('q');
    await expect.poll(() => tmux!.alive(), { timeout: 10_000 }).toBe(false);
    // etcdtop waits for its members to exit before it exits itself.
    expect(processesUnder(root)).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('a SIGTERM to etcdtop stops every member and deletes the data too', async () => {
    const { dir } = await startLab();
    const parents = new Set(membersUnder(root).map((member) => member.ppid));
    expect(parents.size).toBe(1);
    const [etcdtopPid] = parents;
    process.kill(etcdtopPid!, 'SIGTERM');
    await expect.poll(() => tmux!.alive(), { timeout: 10_000 }).toBe(false);
    await waitFor(() => processesUnder(root).length === 0, 5_000, 'no process of the lab left');
    expect(existsSync(dir)).toBe(false);
  });
});
