// An operator watches the monitor (120x40, pointed at ONE endpoint, as they usually are) while the
// cluster changes under it: every member and the leader are on screen; a SIGKILLed member turns
// DOWN within 5 s while the others keep updating, and comes back UP after a restart; a frozen
// leader is replaced, the new one is marked LEADER and the change is listed in the events pane.
// One cluster and one monitor for the file; each test leaves all members up and serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster, type TestMember } from '../helpers/etcd-cluster.js';
import { memberLines, numberUnder } from '../helpers/monitor-screen.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

// Short names: "leader changed: m-0 (<16 hex>) → m-2 (…" fits the events pane at 120 columns.
const NAME_PREFIX = 'm-';
const FIRST_DATA_MS = 30_000;
const DOWN_WITHIN_MS = 5_000;
const KEYS_WRITTEN = 20;

function lineOf(screen: string, member: TestMember): string | undefined {
  return memberLines(screen).find((row) => row.name === member.name)?.line;
}

const isUp = (line: string | undefined) => line !== undefined && /\bUP\b/.test(line) && !/\bDOWN\b/.test(line);
const isDown = (line: string | undefined) => line !== undefined && /\bDOWN\b/.test(line);

async function leaderOf(cluster: TestCluster): Promise<number> {
  return waitFor(async () => {
    const index = await cluster.leaderIndex();
    return index === undefined ? undefined : { index };
  }, 20_000, 'a leader all members agree on').then((found) => found.index);
}

describe('monitor watching a changing cluster (120x40)', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;

  const allUp = (screen: string) => cluster.members.every((m) => isUp(lineOf(screen, m))) && /\bLEADER\b/.test(screen);

  beforeAll(async () => {
    cluster = await startCluster({ namePrefix: NAME_PREFIX });
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!], columns: 120, rows: 40 });
    await tmux.waitForScreen(allUp, FIRST_DATA_MS);
  });

  afterAll(async () => {
    await tmux?.kill();
    await cluster?.stop();
  });

  it('shows every member by name and hex id, and LEADER on the leader\'s row only', async () => {
    const leader = cluster.members[await leaderOf(cluster)]!;
    const screen = await tmux.waitForScreen(allUp);
    const rows = memberLines(screen);
    expect(rows.map((row) => row.name).sort()).toEqual(cluster.members.map((m) => m.name).sort());
    for (const member of cluster.members) {
      const line = lineOf(screen, member)!;
      expect(line, `${member.name}'s row shows its hex id`).toContain(member.id);
      if (member === leader) expect(line).toMatch(/\bLEADER\b/);
      else expect(line).toMatch(/\bfollower\b/);
    }
    expect(rows.filter((row) => /\bLEADER\b/.test(row.line))).toHaveLength(1);
    expect(screen).toMatch(new RegExp(`leader ${leader.name} · 3/3 answering`));
  });

  it('turns a SIGKILLed member DOWN within 5 s while the others keep updating, and UP after a restart', async () => {
    // A follower, the seed endpoint if it is one: the monitor must carry on through the others.
    const leaderIndex = await leaderOf(cluster);
    const victimIndex = leaderIndex === 0 ? 1 : 0;
    const victim = cluster.members[victimIndex]!;
    const survivors = cluster.members.filter((m) => m !== victim);
    const before = await tmux.waitForScreen(allUp);
    const indexBefore = Math.max(...survivors.map((m) => numberUnder(before, m.name, 'RAFT IDX') ?? Infinity));
    expect(Number.isFinite(indexBefore)).toBe(true);

    const killedAt = Date.now();
    await cluster.kill(victimIndex);
    try {
      await tmux.waitForScreen((s) => isDown(lineOf(s, victim)), DOWN_WITHIN_MS + 2_000);
      expect(Date.now() - killedAt, 'DOWN shown within 5 s of SIGKILL').toBeLessThanOrEqual(DOWN_WITHIN_MS);

      // etcd moves on: the survivors' rows must move with it, the victim's stays DOWN.
      const endpoints = survivors.map((m) => m.clientUrl);
      for (let i = 0; i < KEYS_WRITTEN; i++) {
        const put = await cluster.etcdctl(['put', `monitor-e2e/${i}`, 'v'], { endpoints });
        expect(put.code, put.stderr).toBe(0);
      }
      const after = await tmux.waitForScreen((s) => isDown(lineOf(s, victim))
        && survivors.every((m) => isUp(lineOf(s, m)) && (numberUnder(s, m.name, 'RAFT IDX') ?? 0) >= indexBefore + KEYS_WRITTEN), 10_000);
      for (const member of survivors) {
        expect(lineOf(after, member), `${member.name} is not stale`).not.toMatch(/STALE/);
      }
      expect(after).toMatch(new RegExp(`${victim.name} \\(${victim.id}\\) DOWN`));
      // One short reason, the same every round (grpc's wording alternated between
      // "connect ECONNREFUSED …" and "No connection established …").
      expect(lineOf(after, victim)).toMatch(/DOWN unreachable\b/);
      const later = await tmux.waitForScreen((s) => s !== after && isDown(lineOf(s, victim)), 5_000);
      expect(lineOf(later, victim)).toMatch(/DOWN unreachable\b/);
      expect(after).toMatch(/2\/3 answering/);
    } finally {
      await cluster.restart(victimIndex);
    }
    const back = await tmux.waitForScreen(allUp, 20_000);
    expect(back).toMatch(new RegExp(`${victim.name} \\(${victim.id}\\) back UP`));
    expect(back).toMatch(/3\/3 answering/);
  });

  it('shows the new leader when the leader is SIGSTOPped, and lists the change in the events pane', async () => {
    const oldIndex = await leaderOf(cluster);
    const old = cluster.members[oldIndex]!;
    await tmux.waitForScreen((s) => allUp(s) && /\bLEADER\b/.test(lineOf(s, old) ?? ''));
    cluster.freeze(oldIndex);
    let screen: string;
    try {
      screen = await tmux.waitForScreen((s) => {
        const leaderRow = memberLines(s).find((row) => /\bLEADER\b/.test(row.line));
        return leaderRow !== undefined && leaderRow.name !== old.name && /leader changed: /.test(s);
      }, 25_000);
    } finally {
      cluster.thaw(oldIndex);
    }
    const newName = memberLines(screen).find((row) => /\bLEADER\b/.test(row.line))!.name;
    const newLeader = cluster.members.find((m) => m.name === newName)!;
    expect(newLeader).not.toBe(old);
    // A round may fall inside the election (on a loaded machine it takes longer than a round):
    // the events then show the leader lost, and the new one as a change from none.
    const direct = new RegExp(`leader changed: ${old.name} \\(${old.id}\\) → ${newLeader.name}\\b`);
    if (!direct.test(screen)) {
      expect(screen).toMatch(new RegExp(`NO LEADER \\(was ${old.name} \\(${old.id}\\)\\)`));
      expect(screen).toMatch(new RegExp(`leader changed: none → ${newLeader.name}\\b`));
    }
    expect(screen).toMatch(new RegExp(`leader ${newLeader.name} · `));
    // The thawed member rejoins; the monitor agrees with etcd on who leads.
    const leaderNow = cluster.members[await leaderOf(cluster)]!;
    const settled = await tmux.waitForScreen((s) => allUp(s) && /\bLEADER\b/.test(lineOf(s, leaderNow) ?? ''), 20_000);
    expect(memberLines(settled).filter((row) => /\bLEADER\b/.test(row.line)).map((row) => row.name)).toEqual([leaderNow.name]);
  });
});
