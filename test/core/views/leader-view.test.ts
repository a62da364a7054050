import { describe, expect, it } from 'vitest';
import { leaderViewOf } from '../../../src/core/views/leader-view.js';
import { fixtures, NOW_MS, replay } from '../../helpers/monitor-fixtures.js';
import { healthyCluster, withLeader, withMemberDown, withStatus } from '../../helpers/snapshot-factory.js';

// Each fixture replays 60 rounds through the reducer: build them once.
const recorded = {
  healthy: fixtures.healthy(),
  noLeader: fixtures.noLeader(),
};

const texts = (lines: { text: string }[]) => lines.map((line) => line.text);

describe('leaderViewOf', () => {
  it('notes a tenure that began before etcdtop started', () => {
    expect(texts(leaderViewOf(recorded.healthy, NOW_MS).lines)).toEqual([
      'LEADER etcd-1 (4c95f7dc5897214a) · term 2',
      'leading for 59s (since etcdtop started)',
      '3 voting member(s) agree on this leader',
      'no leader change seen this session',
    ]);
  });

  it('counts a tenure from the change that began it, and lists every change newest first', () => {
    // The election raises the term, as etcd does: term 3 from the change on.
    const elected = () => [0, 1, 2].reduce((snap, m) => withStatus(snap, m, { raftTerm: 3n }), withLeader(healthyCluster(), 1));
    const state = replay(10, (i) => (i >= 4 ? elected() : healthyCluster()));
    expect(texts(leaderViewOf(state, NOW_MS).lines)).toEqual([
      'LEADER etcd-2 (66fb782b14ae096a) · term 3',
      'leading for 5s (since 11:59:55 UTC)',
      '3 voting member(s) agree on this leader',
      '1 leader change(s) this session (UTC):',
      '11:59:55  etcd-1 → etcd-2  term 3',
    ]);
  });

  it('says NO LEADER, since when, and what it was', () => {
    const view = leaderViewOf(recorded.noLeader, NOW_MS);
    expect(view.lines[0]).toEqual({ text: 'NO LEADER (was etcd-3)', tone: 'critical', bold: true });
    expect(texts(view.lines)).toContain('no leader for 4s (since 11:59:56 UTC)');
    expect(texts(view.lines)).toContain('11:59:56  etcd-3 → NO LEADER');
  });

  it('names the members that see another leader or none', () => {
    const split = withLeader(withLeader(healthyCluster({ members: 5 }), 1, [3]), null, [4]);
    const lines = texts(leaderViewOf(replay(1, () => split), NOW_MS).lines);
    expect(lines).toContain('etcd-4 (8e9e05c52164694d) sees etcd-2 as leader');
    expect(lines).toContain('etcd-5 (91bc3c398fb3c146) sees NO LEADER');
  });

  it('does not count a down member as disagreeing', () => {
    const lines = texts(leaderViewOf(replay(1, () => withMemberDown(healthyCluster(), 2)), NOW_MS).lines);
    expect(lines).toContain('2 voting member(s) agree on this leader');
  });
});
