// The fault matrix on one real 3-member cluster, with the monitor open on it in tmux (all three
// endpoints). Each row puts one fault in place and checks the monitor's screen, `status -o json`
// and `check`'s exit code, then undoes it and waits for the screen to clear; the times are
// recorded (test-results/fault-timings.jsonl). Where a key is pressed, only the member the dialog
// named is touched, read from each member's own log. Rows share the cluster and run in order;
// each leaves all three original members up. A kill/restart and a frozen leader on screen alone
// are in monitor-cluster-changes; the cluster id row is fault-cluster-id.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blackhole, canBlackhole } from '../helpers/blackhole.js';
import { startCluster, waitFor, type TestCluster, type TestMember } from '../helpers/etcd-cluster.js';
import { addLearner, type ExtraMember } from '../helpers/extra-member.js';
import { checkExit, eventuallyCheck, FAULT_ARGS, runFaultRow, statusJson } from '../helpers/fault-row.js';
import { auditLines, dialogText, everyMemberUp, key, memberLines, memberRow, onDashboard, quit, select } from '../helpers/monitor-screen.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const PREFIX = 'm-';

function defragCount(cluster: TestCluster, index: number): number {
  return cluster.memberLog(index).split('\n').filter((line) => /"msg":"(starting|finished) (to )?defragment/.test(line)).length;
}
const defragCounts = (cluster: TestCluster) => cluster.members.map((_, i) => defragCount(cluster, i));

describe('fault matrix on a 3-member cluster', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let auditPath: string;
  const names = () => cluster.members.map((m) => m.name);
  const allUp = (screen: string) => everyMemberUp(names())(screen) && onDashboard(screen);
  const isDown = (screen: string, member: TestMember) => / DOWN /.test(memberRow(screen, member.name));

  const leaderIndex = async () => waitFor(async () => {
    const index = await cluster.leaderIndex();
    return index === undefined ? undefined : { index };
  }, 20_000, 'a leader').then((found) => found.index);
  const followerIndex = async () => {
    const leader = await leaderIndex();
    return leader === 0 ? 1 : 0;
  };

  /** d on a member that does not answer: REFUSED, naming it; y then does nothing anywhere. */
  const defragRefusedOn = async (member: TestMember) => {
    const before = defragCounts(cluster);
    await select(tmux, member.name);
    await key(tmux, 'd');
    const dialog = dialogText(await tmux.waitForScreen(/REFUSED:/, 5000));
    expect(dialog).toContain(`Defragment ${member.name} (${member.id})`);
    expect(dialog).toContain(`REFUSED: ${member.name} (${member.id}) is DOWN`);
    await key(tmux, 'y');
    await key(tmux, 'Escape');
    await tmux.waitForScreen(onDashboard);
    expect(defragCounts(cluster)).toEqual(before);
  };

  const oneMemberDownRow = (fault: string, victimOf: () => TestMember, inject: () => Promise<void>, undo: () => Promise<void>, errorKind: string) => ({
    fault,
    shows: 'WARNING, the member DOWN with the reason, quorum one failure from lost',
    inject,
    onScreen: (s: string) => isDown(s, victimOf()) && /WARNING/.test(s),
    whileFaulty: async () => {
      const victim = victimOf();
      const json = await statusJson(cluster.endpoints);
      const row = json.members.find((m) => m.id === victim.id);
      expect(row).toMatchObject({ reachable: false, state: 'down', error: { kind: errorKind } });
      expect(json.verdict.level).toBe('warning');
      expect(json.verdict.findings.map((f) => f.code)).toContain('quorum-at-risk');
      expect((await checkExit(cluster.endpoints)).code).toBe(1);
      await defragRefusedOn(victim);
    },
    undo,
    cleared: allUp,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-faults-'));
    auditPath = join(dir, 'audit.log');
    cluster = await startCluster({ namePrefix: PREFIX });
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), ...FAULT_ARGS, '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')], columns: 140, rows: 45 });
    await tmux.waitForScreen(allUp, 30_000);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!canBlackhole)('a member blackholed (its loopback ports DROPped): DOWN (timeout), WARNING, check 1; clears when the rules go', async () => {
    const index = await followerIndex();
    const victim = cluster.members[index]!;
    let remove: (() => Promise<void>) | undefined;
    await runFaultRow(tmux, oneMemberDownRow('member blackholed (iptables DROP)', () => victim,
      async () => { remove = await blackhole([victim.clientUrl, victim.peerUrl, victim.metricsUrl]); },
      async () => { await remove?.(); }, 'timeout'));
    await eventuallyCheck(cluster.endpoints, 0);
  });

  it('a member SIGSTOPped, then SIGCONT: DOWN (timeout), WARNING, check 1; clears on SIGCONT', async () => {
    const index = await followerIndex();
    const victim = cluster.members[index]!;
    await runFaultRow(tmux, oneMemberDownRow('member SIGSTOPped, then SIGCONT', () => victim,
      async () => cluster.freeze(index), async () => cluster.thaw(index), 'timeout'));
    await eventuallyCheck(cluster.endpoints, 0);
  });

  it('a member killed, then started again: DOWN (unreachable), WARNING, check 1; clears after the restart', async () => {
    const index = await followerIndex();
    const victim = cluster.members[index]!;
    await runFaultRow(tmux, oneMemberDownRow('member killed, then restarted', () => victim,
      () => cluster.kill(index), () => cluster.restart(index), 'unreachable'));
    await eventuallyCheck(cluster.endpoints, 0);
  });

  it('quorum lost, 2 of 3 down: CRITICAL quorum lost, check 2; clears when both return', async () => {
    const leader = await leaderIndex();
    const victims = [0, 1, 2].filter((i) => i !== leader);
    await runFaultRow(tmux, {
      fault: 'quorum lost: 2 of 3 down',
      shows: 'CRITICAL quorum lost: 1 of 3 voting members reachable, 2 needed (down: …)',
      inject: async () => { for (const i of victims) await cluster.kill(i); },
      onScreen: (s) => /CRITICAL\s+quorum lost: 1 of 3 voting members reachable, 2 needed/.test(s),
      whileFaulty: async () => {
        const json = await statusJson(cluster.endpoints);
        expect(json.verdict.level).toBe('critical');
        expect(json.verdict.findings[0]?.code).toBe('quorum-lost');
        expect(json.members.filter((m) => m.reachable)).toHaveLength(1);
        const check = await checkExit(cluster.endpoints);
        expect(check.code, check.stdout).toBe(2);
      },
      undo: async () => { await Promise.all(victims.map((i) => cluster.restart(i))); },
      cleared: allUp,
    });
    await eventuallyCheck(cluster.endpoints, 0);
  });

  describe('membership changes while the monitor runs', () => {
    let extra: ExtraMember | undefined;
    afterAll(async () => {
      await extra?.stop();
    });

    it('a new member added as a learner, then promoted: shown as learner, then follower; check 0 throughout', async () => {
      extra = await addLearner(cluster, dir, `${PREFIX}3`);
      const added = extra;
      await runFaultRow(tmux, {
        fault: 'new member added as learner (then promoted)',
        shows: 'a fourth row, role learner, UP',
        inject: async () => undefined,
        onScreen: (s) => /\blearner\b/.test(memberRow(s, added.name)) && memberRow(s, added.name).includes(' UP '),
        whileFaulty: async () => {
          const json = await statusJson(cluster.endpoints);
          expect(json.members.find((m) => m.id === added.id)).toMatchObject({ isLearner: true, reachable: true });
          expect((await checkExit(cluster.endpoints)).code).toBe(0);
        },
        // "Undo" is the promotion: the learner becomes a voter.
        undo: async () => {
          await waitFor(async () => (await cluster.etcdctl(['member', 'promote', added.id], { endpoints: cluster.endpoints })).code === 0, 20_000, `${added.name} to be promoted`);
        },
        cleared: (s) => /\bfollower\b/.test(memberRow(s, added.name)) && !/\blearner\b/.test(memberRow(s, added.name)),
      });
      const json = await statusJson(cluster.endpoints);
      expect(json.members).toHaveLength(4);
      expect(json.members.find((m) => m.id === added.id)).toMatchObject({ isLearner: false, reachable: true });
      await eventuallyCheck(cluster.endpoints, 0);
    });

    it('a member removed with `member remove`: its row goes, 3/3 answering, check 0', async () => {
      const removed = extra;
      expect(removed, 'the learner row ran first').toBeDefined();
      await runFaultRow(tmux, {
        fault: 'member removed with member remove',
        shows: 'its row goes; 3/3 answering',
        inject: async () => {
          const r = await cluster.etcdctl(['member', 'remove', removed!.id], { endpoints: cluster.endpoints });
          expect(r.code, r.stderr).toBe(0);
        },
        onScreen: (s) => memberLines(s).length === 3 && !memberLines(s).some((row) => row.name === removed!.name) && /3\/3 answering/.test(s),
        whileFaulty: async () => {
          const json = await statusJson(cluster.endpoints);
          expect(json.members.map((m) => m.name).sort()).toEqual(names().sort());
          expect((await checkExit(cluster.endpoints)).code).toBe(0);
        },
        undo: async () => removed!.stop(),
        cleared: allUp,
      });
    });
  });

  it('leader moved during a follower\'s defragment: only the follower the dialog named is defragmented', async () => {
    // Enough data that the defragment takes a moment, so the move lands while it runs.
    for (let i = 0; i < 30; i++) {
      const put = await cluster.etcdctl(['put', `fault-matrix/${i}`], { input: Buffer.alloc(900_000, 'x') });
      expect(put.code, put.stderr).toBe(0);
    }
    const leader = await leaderIndex();
    const target = cluster.members[leader === 0 ? 1 : 0]!;
    const newLeader = cluster.members[[0, 1, 2].find((i) => i !== leader && cluster.members[i] !== target)!]!;
    const before = defragCounts(cluster);
    await select(tmux, target.name);
    await key(tmux, 'd');
    const dialog = dialogText(await tmux.waitForScreen(/Run it\? y = yes/));
    expect(dialog).toContain(`Member: ${target.name} id ${target.id} ${target.clientUrl} (FOLLOWER)`);
    const startedAt = Date.now();
    await key(tmux, 'y');
    const moved = await cluster.etcdctl(['move-leader', newLeader.id], { endpoints: [cluster.members[leader]!.clientUrl] });
    expect(moved.code, moved.stderr).toBe(0);
    const result = dialogText(await tmux.waitForScreen(/Enter or Esc to close/, 30_000));
    expect(result).toMatch(/DONE/);
    await key(tmux, 'Enter');
    const shown = await tmux.waitForScreen((s) => onDashboard(s) && /\bLEADER\b/.test(memberRow(s, newLeader.name)), 15_000);
    expect(memberRow(shown, target.name)).toMatch(/\bfollower\b/);
    const after = defragCounts(cluster);
    const deltas = after.map((count, i) => count - (before[i] ?? 0));
    expect(deltas).toEqual(cluster.members.map((m) => (m === target ? 2 : 0)));
    // The audit log names the same member, and nothing else was run in this session.
    const audit = auditLines(auditPath).filter((entry) => Date.parse(String(entry.time)) >= startedAt - 1000);
    expect(audit.map((entry) => [entry.operation, (entry.target as { id?: string }).id, entry.result])).toEqual([['defragment', target.id, 'ok']]);
    expect((await checkExit(cluster.endpoints)).code).toBe(0);
  });
});
