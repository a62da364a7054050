// NOSPACE end to end: a real 3-member cluster with a 16 MiB quota filled until etcd raises the
// alarm, then the monitor in tmux. Disarming is refused while the DBs are still over 90% of the
// quota; the guided recovery (R, y) brings the cluster back, defragmenting the leader last, and
// records every operation in the audit log. The tests share the cluster and run in order.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalIdToHex, parseEtcdJson, startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { auditLines, dialogText, key, quit } from '../helpers/monitor-screen.js';

const QUOTA_BYTES = 16 * 1024 * 1024;

interface DefragLine {
  phase: 'start' | 'finish';
  atMs: number;
}

/**
 * The defragment lines of a member's own zap log: the gRPC handler's "starting defragment" and
 * "finished defragment" (older: "…the storage backend"). 3.5's backend also logs "finished
 * defragmenting directory" in between, which is not a second run.
 */
function defragLines(cluster: TestCluster, index: number): DefragLine[] {
  return cluster.memberLog(index).split('\n').flatMap((line): DefragLine[] => {
    if (!line.startsWith('{')) return [];
    const entry = JSON.parse(line) as { msg?: string; ts?: string };
    const phase = /^starting (to )?defragment/.test(entry.msg ?? '') ? 'start' : /^finished defragment(ing the storage backend)?$/.test(entry.msg ?? '') ? 'finish' : undefined;
    return phase ? [{ phase, atMs: Date.parse(entry.ts ?? '') }] : [];
  });
}

/** Leader and raft term as every member reports them: one term before and after means no election in between. */
async function raftView(cluster: TestCluster): Promise<{ leaderId: string; terms: string[] }> {
  const r = await cluster.etcdctl(['endpoint', 'status', '-w', 'json']);
  const statuses = parseEtcdJson(r.stdout) as { Status: { leader: string; raft_term: string } }[];
  const leaders = new Set(statuses.map((s) => decimalIdToHex(String(s.Status.leader))));
  expect(leaders.size, r.stdout).toBe(1);
  return { leaderId: [...leaders][0]!, terms: [...new Set(statuses.map((s) => String(s.Status.raft_term)))] };
}

describe('NOSPACE: disarm refused above 90%, then guided recovery', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession | undefined;
  let dir: string;
  let auditPath: string;
  const cwd = process.cwd();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-nospace-'));
    auditPath = join(dir, 'audit.log');
    // The recovery's snapshot goes to the monitor's working directory: keep it out of the repo.
    process.chdir(dir);
    cluster = await startCluster({ quotaBackendBytes: QUOTA_BYTES });
    await cluster.fillUntilNoSpace();
    // The filler keys are all live, so compaction could free nothing: recovery would end at ~80%
    // of the quota and a write or two later bolt's high-water mark is back over it. Deleting them
    // (allowed under NOSPACE) turns them into history, which is what compaction exists to free.
    const del = await cluster.etcdctl(['del', '--prefix', 'etcdtop-fill/']);
    expect(del.code, del.stderr).toBe(0);
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')] });
    await tmux.waitForScreen((s) => cluster.members.every((m) => s.includes(m.name)) && s.includes('LEADER') && /NOSPACE on/.test(s), 20_000);
  }, 120_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    process.chdir(cwd);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('A is REFUSED while the DBs are above 90% of the quota, and y then does nothing', async () => {
    await key(tmux!, 'A');
    const text = dialogText(await tmux!.waitForScreen(/REFUSED:/));
    expect(text).toContain('Disarm alarms');
    expect(text).toMatch(/NOSPACE would fire again at the next write/);
    expect(text).toMatch(/below 90%/);
    const percents = [...text.matchAll(/at (\d+)%/g)].map((m) => Number(m[1]));
    expect(percents.length).toBeGreaterThan(0);
    expect(percents.every((p) => p >= 90)).toBe(true);
    expect(text).not.toContain('Run it?');

    await key(tmux!, 'y');
    // The refusal is repeated in the footer: y was read, and refused.
    const after = await tmux!.waitForScreen((s) => /╚═+╝\n.*at \d+%/.test(s));
    expect(after).toContain('REFUSED:');
    // Bounded look for a disarm that must not happen (it would take one poll and one call).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await tmux!.screen())).not.toMatch(/RUNNING|DONE:|FAILED:/);
    expect((await cluster.etcdctl(['alarm', 'list'])).stdout).toContain('alarm:NOSPACE');
    expect(auditLines(auditPath)).toEqual([]);

    await key(tmux!, 'Escape');
    await tmux!.waitForScreen((s) => !s.includes('╔') && s.includes('Members'));
  });

  it('R shows the plan; y runs it: alarm gone, writes work, followers then the leader defragmented, all audited', async () => {
    const before = await raftView(cluster);
    const leaderIndex = cluster.members.findIndex((m) => m.id === before.leaderId);
    const leader = cluster.members[leaderIndex]!;
    const followers = cluster.members.filter((_, i) => i !== leaderIndex);
    const baseline = cluster.members.map((_, i) => defragLines(cluster, i).length);

    await key(tmux!, 'R');
    const plan = await tmux!.waitForScreen(/Run the plan\? y = yes/);
    expect(plan).toMatch(/\[ {4}\] Snapshot to \//);
    expect(plan).toContain('[    ] Compact to the current revision (whole cluster)');
    for (const f of followers) expect(plan).toContain(`[    ] Defragment follower ${f.name} (${f.id}), then check its health`);
    expect(plan).toContain(`[    ] Defragment the leader last (${leader.name} (${leader.id}) now)`);
    expect(plan).toContain('[    ] Disarm every alarm');
    expect(plan).toContain('[    ] Verify that a write succeeds');

    await key(tmux!, 'y');
    await tmux!.waitForScreen(/RUNNING for/);
    const done = await tmux!.waitForScreen(/Enter or Esc to close/, 60_000);
    expect(dialogText(done)).toContain('DONE: recovery complete: alarms disarmed and a write went through');
    expect(done.match(/\[DONE\]/g)).toHaveLength(5 + followers.length);

    // The cluster is writable again.
    expect((await cluster.etcdctl(['alarm', 'list'])).stdout.trim()).toBe('');
    const put = await cluster.etcdctl(['put', 'e2e/after-recovery', 'ok']);
    expect(put.code, put.stderr).toBe(0);
    // The verification write proved its point and was deleted: nothing of etcdtop's is left behind.
    expect(dialogText(done)).toContain('succeeded and was deleted again');
    const left = await cluster.etcdctl(['get', 'etcdtop/recovery-check', '-w', 'json']);
    expect(left.code, left.stderr).toBe(0);
    expect((JSON.parse(left.stdout) as { count?: number }).count ?? 0).toBe(0);

    // Each member's own log: one defragment each, the leader's started after every follower's ended.
    const runs = cluster.members.map((_, i) => defragLines(cluster, i).slice(baseline[i]));
    for (const lines of runs) expect(lines.map((l) => l.phase)).toEqual(['start', 'finish']);
    const leaderStart = runs[leaderIndex]![0]!.atMs;
    for (const [i, lines] of runs.entries()) {
      if (i !== leaderIndex) expect(lines[1]!.atMs).toBeLessThanOrEqual(leaderStart);
    }
    // Same leader and term as before: it was the leader the whole time.
    const afterView = await raftView(cluster);
    expect(afterView).toEqual(before);

    // One audit line per operation, in order, with who, what, on what, how and how long.
    const audit = auditLines(auditPath);
    expect(audit.map((e) => e.operation)).toEqual(['snapshot', 'compact', 'defragment', 'defragment', 'defragment', 'disarm']);
    for (const entry of audit) {
      expect(Object.keys(entry)).toEqual(expect.arrayContaining(['time', 'user', 'operation', 'target', 'parameters', 'result', 'durationMs']));
      expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
      expect(entry.user).toBe(userInfo().username);
      expect(entry.result).toBe('ok');
      expect(entry.durationMs).toEqual(expect.any(Number));
      expect(entry.durationMs as number).toBeGreaterThanOrEqual(0);
    }
    const defragTargets = audit.filter((e) => e.operation === 'defragment').map((e) => (e.target as { id: string }).id);
    expect(defragTargets.slice(0, 2).sort()).toEqual(followers.map((f) => f.id).sort());
    expect(defragTargets[2]).toBe(leader.id);
    expect(audit[1]!.target).toBe('cluster');
    expect(audit[5]!.target).toBe('cluster');

    // The snapshot taken first is a real etcd snapshot, and its audit line tells its revision and hash.
    const snapshot = audit[0]!;
    const path = (snapshot.parameters as { path: string }).path;
    expect(path.startsWith(dir)).toBe(true);
    const status = await cluster.etcdctl(['snapshot', 'status', path, '-w', 'json']);
    expect(status.code, status.stderr).toBe(0);
    const { revision } = JSON.parse(status.stdout) as { revision: number };
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    expect(snapshot.message).toContain(`revision ${revision}, sha256 ${sha256}`);

    await key(tmux!, 'Enter');
    await tmux!.waitForScreen((s) => !s.includes('╔') && s.includes('No active alarms'), 15_000);
  });
});
