// Fault matrix rows on bigger clusters: a 5-member cluster, healthy and then with 3 of 5 members
// down (quorum lost), and a 7-member cluster, healthy and with one member down. Each checks the
// monitor's screen in tmux (every member's row), `status -o json` and `check`'s exit code, and
// records the times until the fault shows and clears (test-results/fault-timings.jsonl).
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { checkExit, eventuallyCheck, FAULT_ARGS, runFaultRow, statusJson } from '../helpers/fault-row.js';
import { everyMemberUp, memberLines, memberRow, onDashboard, quit } from '../helpers/monitor-screen.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('fault matrix on 5- and 7-member clusters', () => {
  let cluster: TestCluster | undefined;
  let tmux: TmuxSession | undefined;

  afterEach(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    tmux = undefined;
    cluster = undefined;
  });

  const open = async (members: number) => {
    const started = await startCluster({ members, namePrefix: 'm-' });
    cluster = started;
    const names = started.members.map((m) => m.name);
    const allUp = (screen: string) => everyMemberUp(names)(screen) && onDashboard(screen);
    tmux = await startMonitor({ args: ['--endpoints', started.endpoints.join(','), ...FAULT_ARGS], columns: 140, rows: 50 });
    const screen = await tmux.waitForScreen(allUp, 30_000);
    expect(memberLines(screen).map((row) => row.name).sort()).toEqual([...names].sort());
    expect(screen).toMatch(new RegExp(`${members}/${members} answering`));
    const json = await statusJson(started.endpoints);
    expect(json.members).toHaveLength(members);
    expect(json.members.every((m) => m.reachable)).toBe(true);
    await eventuallyCheck(started.endpoints, 0);
    return { cluster: started, tmux, allUp };
  };

  const leaderOf = async (c: TestCluster) => waitFor(async () => {
    const index = await c.leaderIndex();
    return index === undefined ? undefined : { index };
  }, 20_000, 'a leader').then((found) => found.index);

  it('5 members: all shown UP, check 0; 3 of 5 down is CRITICAL quorum lost, check 2; clears when they return', async () => {
    const { cluster: c, tmux: t, allUp } = await open(5);
    const leader = await leaderOf(c);
    const victims = [0, 1, 2, 3, 4].filter((i) => i !== leader).slice(0, 3);
    await runFaultRow(t, {
      fault: 'quorum lost: 3 of 5 down',
      shows: 'CRITICAL quorum lost: 2 of 5 voting members reachable, 3 needed (down: …)',
      inject: async () => { for (const i of victims) await c.kill(i); },
      onScreen: (s) => /CRITICAL\s+quorum lost: 2 of 5 voting members reachable, 3 needed/.test(s) && victims.every((i) => / DOWN /.test(memberRow(s, c.members[i]!.name))),
      whileFaulty: async () => {
        const json = await statusJson(c.endpoints);
        expect(json.verdict.level).toBe('critical');
        expect(json.verdict.findings[0]?.code).toBe('quorum-lost');
        expect(json.members.filter((m) => m.reachable)).toHaveLength(2);
        expect((await checkExit(c.endpoints)).code).toBe(2);
      },
      undo: async () => { await Promise.all(victims.map((i) => c.restart(i))); },
      cleared: allUp,
    });
    await eventuallyCheck(c.endpoints, 0);
  });

  it('7 members: all shown UP, check 0; one down is a WARNING (quorum is not at risk), check 1; clears after a restart', async () => {
    const { cluster: c, tmux: t, allUp } = await open(7);
    const leader = await leaderOf(c);
    const victim = leader === 6 ? 5 : 6;
    const member = c.members[victim]!;
    await runFaultRow(t, {
      fault: '7-member cluster, one member killed',
      shows: 'WARNING the member unreachable; 6/7 answering',
      inject: () => c.kill(victim),
      onScreen: (s) => / DOWN /.test(memberRow(s, member.name)) && /WARNING/.test(s) && /6\/7 answering/.test(s),
      whileFaulty: async () => {
        const json = await statusJson(c.endpoints);
        expect(json.verdict.level).toBe('warning');
        const codes = json.verdict.findings.map((f) => f.code);
        expect(codes).toContain('member-unreachable');
        expect(codes).not.toContain('quorum-at-risk');
        expect((await checkExit(c.endpoints)).code).toBe(1);
      },
      undo: () => c.restart(victim),
      cleared: allUp,
    });
    await eventuallyCheck(c.endpoints, 0);
  }, 120_000);
});
