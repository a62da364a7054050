// The single-member and cluster-wide operations end to end, on a real 3-member cluster driven in
// tmux one key at a time: defragment of the selected member (and its cancel), compaction, moving
// leadership, and a snapshot to a path typed into the dialog. What happened is read back from
// the members themselves (their logs, etcdctl) and from the audit log. Tests share the cluster
// and run in order.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster, type TestMember } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { auditLines, dialogText, everyMemberUp, key, memberRow, onDashboard, quit, select, selectedName } from '../helpers/monitor-screen.js';

/** How many defragments a member's own zap log says it started (3.4: "starting defragment"). */
function defragCount(cluster: TestCluster, index: number): number {
  return cluster.memberLog(index).split('\n').filter((line) => /"msg":"starting (to )?defragment/.test(line)).length;
}

const run = promisify(execFile);

const defragCounts = (cluster: TestCluster) => cluster.members.map((_, i) => defragCount(cluster, i));

/** The file name being edited in the snapshot dialog, or undefined when not editing. */
const draftOf = (screen: string) => /File: (.*)_ {2}\(Enter to keep/.exec(screen)?.[1];

/**
 * Types one key into the file-name field and waits for the field to show `draft` before the next:
 * keys that reach the monitor together arrive as one input chunk, which it drops whole.
 */
async function typeKey(tmux: TmuxSession, name: string, draft: string): Promise<void> {
  await run('tmux', ['-L', tmux.name, 'send-keys', '-t', 'm', name]);
  await tmux.waitForScreen((s) => draftOf(s) === draft, 5000);
}

async function closeResult(tmux: TmuxSession): Promise<void> {
  await key(tmux, 'Enter');
  await tmux.waitForScreen(onDashboard);
}

describe('maintenance operations on a healthy cluster', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let auditPath: string;
  let locks: string;
  const cwd = process.cwd();
  let leader: TestMember;
  let followers: TestMember[];

  beforeAll(async () => {
    // Short: its default snapshot path is typed over, one backspace per character.
    dir = await mkdtemp(join(tmpdir(), 'eo-'));
    auditPath = join(dir, 'audit.log');
    process.chdir(dir);
    cluster = await startCluster();
    locks = join(dir, 'locks');
    mkdirSync(locks);
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')], env: { ETCDTOP_LOCK_DIR: locks } });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 20_000);
    leader = cluster.members[(await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader'))]!;
    followers = cluster.members.filter((m) => m !== leader);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    process.chdir(cwd);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('d then n cancels: nothing is defragmented and nothing is audited', async () => {
    const before = defragCounts(cluster);
    const name = selectedName(await tmux.screen())!;
    await key(tmux, 'd');
    expect(dialogText(await tmux.waitForScreen(/Run it\? y = yes/))).toContain(`Defragment ${name} (`);
    await key(tmux, 'n');
    const screen = await tmux.waitForScreen(onDashboard);
    expect(screen).toMatch(/^cancelled: nothing was done/m);
    // Bounded look for a defragment that must not happen.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(defragCounts(cluster)).toEqual(before);
    expect(existsSync(auditPath)).toBe(false);
  });

  it('d, y while another etcdtop on this host runs maintenance on the cluster: refused with its name, nothing run', async () => {
    const clusterId = /cluster (\w+) ·/.exec(await tmux.screen())![1]!;
    const lockFile = join(locks, `etcdtop-maintenance-${clusterId}.lock`);
    // A cron `etcdtop defrag` in progress (this test's process stands in for it: it is alive).
    writeFileSync(lockFile, `${JSON.stringify({ pid: process.pid, user: 'cron', operation: 'etcdtop defrag', startedAt: '2026-12-05T03:00:00.000Z' })}\n`);
    try {
      const before = defragCounts(cluster);
      await key(tmux, 'd');
      await tmux.waitForScreen(/Run it\? y = yes/);
      await key(tmux, 'y');
      const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 30_000));
      expect(result).toContain(`REFUSED: another etcdtop on this host runs maintenance on this cluster (etcdtop defrag, by cron, pid ${process.pid}`);
      expect(defragCounts(cluster)).toEqual(before);
      expect(existsSync(auditPath)).toBe(false);
      await closeResult(tmux);
    } finally {
      rmSync(lockFile, { force: true });
    }
  });

  it('d on the follower selected with j defragments exactly that member', async () => {
    // The follower lowest in the table: reaching it always takes at least one j.
    const table = await tmux.screen();
    const target = followers.slice().sort((a, b) => table.indexOf(memberRow(table, a.name)) - table.indexOf(memberRow(table, b.name))).at(-1)!;
    await select(tmux, target.name);
    const before = defragCounts(cluster);

    await key(tmux, 'd');
    const dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
    expect(dialog).toContain(`Defragment ${target.name} (${target.id})`);
    expect(dialog).toContain(`Member: ${target.name} id ${target.id} ${target.clientUrl} (FOLLOWER)`);
    await key(tmux, 'y');
    const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 30_000));
    expect(result).toContain(`DONE: defragmented ${target.name} (${target.id})`);

    const index = cluster.members.indexOf(target);
    await expect.poll(() => defragCount(cluster, index), { timeout: 5000 }).toBe(before[index]! + 1);
    expect(defragCounts(cluster)).toEqual(before.map((n, i) => (i === index ? n + 1 : n)));
    const audit = auditLines(auditPath);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ operation: 'defragment', target: { id: target.id, name: target.name, endpoint: target.clientUrl }, result: 'ok' });
    await closeResult(tmux);
  });

  it('c compacts the WHOLE CLUSTER to the current revision; again at the same revision is "already compacted"', async () => {
    for (const value of ['v1', 'v2', 'v3']) expect((await cluster.etcdctl(['put', 'e2e/compact', value])).code).toBe(0);
    const got = await cluster.etcdctl(['get', 'e2e/compact', '-w', 'json']);
    const revision = Number((JSON.parse(got.stdout) as { header: { revision: number } }).header.revision);
    // The dialog shows what the monitor last polled: reopen it until that includes the puts.
    let dialog = '';
    await waitFor(async () => {
      await key(tmux, 'c');
      dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
      if (dialog.includes(`Current revision: ${revision} `)) return true;
      await key(tmux, 'Escape');
      await tmux.waitForScreen(onDashboard);
      return false;
    }, 10_000, `the compact dialog to show revision ${revision}`);
    expect(dialog).toContain('Compact the keyspace \u2014 WHOLE CLUSTER');
    expect(dialog).toContain(`Current revision: ${revision} target: ${revision} (current revision)`);

    await key(tmux, 'y');
    expect(dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 15_000))).toContain(`DONE: compacted the cluster to revision ${revision}`);
    const old = await cluster.etcdctl(['get', 'e2e/compact', '--rev=1']);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toContain('required revision has been compacted');
    expect((await cluster.etcdctl(['get', 'e2e/compact', '--print-value-only'])).stdout.trim()).toBe('v3');
    await closeResult(tmux);

    await key(tmux, 'c');
    expect(dialogText(await tmux.waitForScreen(/Run it\? y = yes/))).toContain(`Current revision: ${revision} `);
    await key(tmux, 'y');
    const again = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 15_000));
    expect(again).toContain(`DONE: already compacted at revision ${revision}: nothing to do`);
    expect(again).not.toContain('FAILED');
    const compactions = auditLines(auditPath).filter((e) => e.operation === 'compact');
    expect(compactions).toHaveLength(2);
    for (const entry of compactions) expect(entry).toMatchObject({ target: 'cluster', parameters: { revision: String(revision) }, result: 'ok' });
    await closeResult(tmux);
  });

  it('m moves leadership to the selected follower: the screen and etcdctl agree', async () => {
    const target = followers[0]!;
    await select(tmux, target.name);
    await key(tmux, 'm');
    const dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
    expect(dialog).toContain(`Move leadership to ${target.name} (${target.id})`);
    expect(dialog).toContain(`From ${leader.name} (${leader.id}) to ${target.name} (${target.id}).`);
    // Where the target stands against the leader; a target behind is a WARNING with the count.
    const position = new RegExp(`Raft index: ${target.name} (\\d+), leader (\\d+) \\((up to date|(\\d+) behind)\\)\\.`).exec(dialog);
    expect(position, dialog).not.toBeNull();
    const behind = Number(position![2]) - Number(position![1]);
    if (behind > 0) expect(dialog).toContain(`WARNING: ${target.name} (${target.id}) is ${behind} raft entr`);
    else expect(dialog).not.toContain('behind the leader');
    await key(tmux, 'y');
    expect(dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 15_000))).toContain(`DONE: leadership moved from ${leader.name} (${leader.id}) to ${target.name} (${target.id})`);
    await closeResult(tmux);
    const screen = await tmux.waitForScreen((s) => memberRow(s, target.name).includes('LEADER'), 10_000);
    expect(memberRow(screen, leader.name)).not.toContain('LEADER');
    expect(await cluster.leaderIndex()).toBe(cluster.members.indexOf(target));
    expect(auditLines(auditPath).at(-1)).toMatchObject({ operation: 'move-leader', target: { id: target.id }, result: 'ok' });
    leader = target;
    followers = cluster.members.filter((m) => m !== leader);
  });

  it('s saves a snapshot to a path typed in with e; the result shows size, revision and hash', async () => {
    const snapDir = await mkdtemp(join(tmpdir(), 'es-'));
    const path = join(snapDir, 's.db');
    try {
      const source = followers[0]!;
      await select(tmux, source.name);
      await key(tmux, 's');
      const dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
      expect(dialog).toContain(`Save a snapshot from ${source.name} (${source.id})`);
      const defaultPath = /File: (\S+)/.exec(dialog)![1]!;
      expect(defaultPath.startsWith(dir)).toBe(true);

      await key(tmux, 'e');
      expect(draftOf(await tmux.waitForScreen(/Enter to keep, Esc to undo/))).toBe(defaultPath);
      for (let left = defaultPath.length - 1; left >= 0; left--) await typeKey(tmux, 'BSpace', defaultPath.slice(0, left));
      for (let typed = 1; typed <= path.length; typed++) await typeKey(tmux, path[typed - 1]!, path.slice(0, typed));
      await key(tmux, 'Enter');
      const edited = dialogText(await tmux.waitForScreen((s) => s.includes('Run it? y = yes') && !s.includes('Enter to keep')));
      expect(edited).toContain(`File: ${path} `);

      await key(tmux, 'y');
      const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 30_000));
      const shown = /DONE: snapshot (\S+): ([\d.]+ (?:[KMG]i)?B), revision (\d+), sha256 ([0-9a-f]{64})/.exec(result);
      expect(shown, result).not.toBeNull();
      expect(shown![1]).toBe(path);
      expect(readdirSync(snapDir)).toEqual(['s.db']);
      expect(readdirSync(dir).filter((f) => f.includes('snapshot'))).toEqual([]);

      const status = await cluster.etcdctl(['snapshot', 'status', path, '-w', 'json']);
      expect(status.code, status.stderr).toBe(0);
      const { revision, totalSize } = JSON.parse(status.stdout) as { revision: number; totalSize: number };
      expect(shown![3]).toBe(String(revision));
      // etcd appends a sha256 of the DB to the stream; etcdctl sizes the DB alone.
      expect(statSync(path).size).toBe(totalSize + 32);
      expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(shown![4]);
      expect(auditLines(auditPath).at(-1)).toMatchObject({ operation: 'snapshot', target: { id: source.id }, parameters: { path }, result: 'ok', message: expect.stringContaining(`sha256 ${shown![4]}`) });
      await closeResult(tmux);
    } finally {
      await rm(snapDir, { recursive: true, force: true });
    }
  });
});
