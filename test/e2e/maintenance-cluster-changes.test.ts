// The cluster changes under an open dialog, or is already degraded: the monitor must notice at
// the moment of "y" and do nothing. A real 3-member cluster in tmux, one key at a time; what was
// (not) done is read from each member's own log. Tests share the cluster and run in order: the
// last two leave one member killed.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster, type TestMember } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { dialogText, everyMemberUp, key, memberRow, onDashboard, quit, select } from '../helpers/monitor-screen.js';

function defragCount(cluster: TestCluster, index: number): number {
  return cluster.memberLog(index).split('\n').filter((line) => /"msg":"(starting|finished) (to )?defragment/.test(line)).length;
}

const defragCounts = (cluster: TestCluster) => cluster.members.map((_, i) => defragCount(cluster, i));

/** Opens the defragment dialog on `member`, which must be offered as a follower. */
async function openDefrag(tmux: TmuxSession, member: TestMember): Promise<void> {
  await select(tmux, member.name);
  await key(tmux, 'd');
  const dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
  expect(dialog).toContain(`Member: ${member.name} id ${member.id} ${member.clientUrl} (FOLLOWER)`);
}

describe('the cluster changes, or is degraded, when an operation is confirmed', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let auditPath: string;

  const leaderNow = async () => cluster.members[await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader')]!;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-changes-'));
    auditPath = join(dir, 'audit.log');
    cluster = await startCluster();
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')] });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 20_000);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a follower that became the LEADER while the dialog was open is not defragmented', async () => {
    const leader = await leaderNow();
    const target = cluster.members.find((m) => m !== leader)!;
    await openDefrag(tmux, target);
    const before = defragCounts(cluster);

    const moved = await cluster.etcdctl(['move-leader', target.id], { endpoints: [leader.clientUrl] });
    expect(moved.code, moved.stderr).toBe(0);
    await waitFor(async () => (await cluster.leaderIndex()) === cluster.members.indexOf(target), 10_000, `${target.name} to lead`);

    await key(tmux, 'y');
    const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 15_000));
    expect(result).toContain(`REFUSED: ${target.name} (${target.id}) is now the LEADER since the dialog opened; nothing was done`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(defragCounts(cluster)).toEqual(before);
    expect(existsSync(auditPath) ? readFileSync(auditPath, 'utf8') : '').toBe('');
    await key(tmux, 'Enter');
    await tmux.waitForScreen(onDashboard);
  });

  it('a follower killed (SIGKILL) while the dialog was open is not defragmented', async () => {
    const leader = await leaderNow();
    const target = cluster.members.find((m) => m !== leader)!;
    await openDefrag(tmux, target);
    const before = defragCounts(cluster);

    await cluster.kill(cluster.members.indexOf(target));
    await key(tmux, 'y');
    const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 15_000));
    expect(result).toContain(`REFUSED: ${target.name} (${target.id}) is now DOWN since the dialog opened; nothing was done`);
    expect(defragCounts(cluster)).toEqual(before);
    expect(existsSync(auditPath) ? readFileSync(auditPath, 'utf8') : '').toBe('');
    await key(tmux, 'Enter');
    await tmux.waitForScreen(onDashboard);
  });

  it('with a member DOWN, d on a serving member is REFUSED (quorum), and y does nothing', async () => {
    const screen = await tmux.waitForScreen((s) => cluster.members.some((m) => / DOWN /.test(memberRow(s, m.name))), 15_000);
    const dead = cluster.members.find((m) => / DOWN /.test(memberRow(screen, m.name)))!;
    const serving = cluster.members.find((m) => m !== dead && !memberRow(screen, m.name).includes('LEADER'))!;
    const before = defragCounts(cluster);

    await select(tmux, serving.name);
    await key(tmux, 'd');
    const dialog = dialogText(await tmux.waitForScreen(/REFUSED:/));
    expect(dialog).toContain(`Defragment ${serving.name} (${serving.id})`);
    expect(dialog).toContain(`REFUSED: defragmenting ${serving.name} (${serving.id}) blocks it with ${dead.name} (${dead.id}) down: only 1 of 3 voters would serve, and quorum needs 2`);
    expect(dialog).not.toContain('Run it?');

    await key(tmux, 'y');
    // The refusal is repeated in the footer: y was read, and refused.
    await tmux.waitForScreen((s) => /╚═+╝\nYes, run it: refused: defragmenting /.test(s));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await tmux.screen()).not.toMatch(/RUNNING|DONE:|FAILED:/);
    expect(defragCounts(cluster)).toEqual(before);
    expect(existsSync(auditPath) ? readFileSync(auditPath, 'utf8') : '').toBe('');
  });
});
