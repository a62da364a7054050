// --read-only on a real cluster: every key of the keymap pressed one at a time opens no dialog
// and changes nothing (member logs, leader, revision, audit log, working directory), and the help
// lists the maintenance keys as unavailable.
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { everyMemberUp, key, onDashboard, quit } from '../helpers/monitor-screen.js';

/** Lines of a member's own log that an operation would leave: defragment, compaction, leadership transfer, snapshot. */
function operationLines(cluster: TestCluster, index: number): string[] {
  return cluster.memberLog(index).split('\n').filter((line) => /"msg":"[^"]*(defragment|compact|leadership transfer|transferee|snapshot)/i.test(line) && !/"msg":"[^"]*(saved snapshot|triggering snapshot)/.test(line));
}

// Every key of the keymap except quit, in tmux's names: the dangerous ones, those of the dialogs
// (confirm, edit, running, result), and the harmless ones around them.
const KEYS = ['d', 'y', 'c', 'y', 'A', 'y', 'm', 'y', 's', 'e', 'Enter', 'y', 'R', 'y', 's', 'a', 'n', 'Escape', '+', '-', 'Space', 'j', 'd', 'y', 'k', 'Down', 'Up', 'r', 'p', 'm', 'y', 'p'];

describe('read-only mode', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let auditPath: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-ro-'));
    auditPath = join(dir, 'audit.log');
    // A snapshot would land in the working directory: it must stay empty (but for our debug log).
    process.chdir(dir);
    cluster = await startCluster();
    // History to compact and a revision to watch: a compaction would show.
    for (const value of ['v1', 'v2']) expect((await cluster.etcdctl(['put', 'e2e/ro', value])).code).toBe(0);
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), '--read-only', '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')] });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 20_000);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    process.chdir(cwd);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('says READ-ONLY, and no key opens a dialog or changes the cluster', async () => {
    const screen = await tmux.screen();
    expect(screen).toContain('READ-ONLY');
    // The footer offers no maintenance key.
    expect(screen).not.toMatch(/\bd defrag|\bc compact|R NOSPACE/);
    const leaderBefore = await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader');
    const logBefore = cluster.members.map((_, i) => operationLines(cluster, i).length);

    for (const name of KEYS) {
      await tmux.press(name);
      const now = await tmux.screen();
      expect(now, `after ${name}`).not.toContain('╔');
      expect(now, `after ${name}`).not.toMatch(/Run it\?|REFUSED|RUNNING|Run the plan/);
    }
    // Bounded look for an operation that must not happen.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await tmux.waitForScreen(onDashboard);
    expect(after).toContain('READ-ONLY');
    expect(await tmux.alive()).toBe(true);

    expect(cluster.members.map((_, i) => operationLines(cluster, i).length)).toEqual(logBefore);
    expect(await cluster.leaderIndex()).toBe(leaderBefore);
    const old = await cluster.etcdctl(['get', 'e2e/ro', '--rev=2', '--print-value-only']);
    expect(old.stdout.trim(), old.stderr).toBe('v1');
    expect(existsSync(auditPath)).toBe(false);
    expect(readdirSync(dir).filter((name) => name !== 'etcdtop.log')).toEqual([]);
  });

  it('? lists the maintenance keys as unavailable (read-only mode)', async () => {
    await key(tmux, '?');
    const help = await tmux.waitForScreen(/etcdtop keys — READ-ONLY/);
    for (const label of ['Defragment the selected member', 'Compact the keyspace (whole cluster)', 'Disarm alarms', 'Move leadership to the selected member', 'Save a snapshot from the selected member', 'Guided NOSPACE recovery']) {
      const line = help.split('\n').find((l) => l.includes(label));
      expect(line, label).toMatch(/\(unavailable: read-only mode\)/);
    }
    expect(help.split('\n').find((l) => l.includes('Select next member'))).not.toContain('unavailable');
    // A dangerous key with help open still does nothing.
    await key(tmux, 'd');
    expect(await tmux.screen()).not.toContain('╔');
    await key(tmux, 'Escape');
    await tmux.waitForScreen(onDashboard);
  });
});
