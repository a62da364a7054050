// Every member down (or frozen, or refusing Status) for a while: nobody can say who leads. That is
// "leader unknown", not "NO LEADER": the monitor's host losing the network for ten seconds must
// not read as an election, count two leader changes (which feed the leader-change finding) or
// log NO LEADER then a new leader.
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import { bannerViewOf } from '../../src/core/views/banner-view.js';
import { leaderViewOf } from '../../src/core/views/leader-view.js';
import { raftViewOf } from '../../src/core/views/raft-view.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import { healthyCluster, memberIdAt, TAKEN_AT_MS, withLeader, withMemberDown } from '../helpers/snapshot-factory.js';

const STEP_MS = 1000;
const allDown = (snapshot: ClusterSnapshot) => [0, 1, 2].reduce((s, i) => withMemberDown(s, i), snapshot);

function replay(rounds: ClusterSnapshot[]): MonitorState {
  return rounds.reduce((s, snapshot, i) => reduceMonitor(s, { type: 'round', snapshot: { ...snapshot, takenAtMs: TAKEN_AT_MS + i * STEP_MS } }),
    initialMonitorState({ historyCapacity: 100 }));
}

const healthy = healthyCluster();
const banner = (state: MonitorState) => bannerViewOf(state, { width: 120, nowMs: state.latest!.takenAtMs, intervalMs: STEP_MS, paused: false, readOnly: false });
const eventTexts = (state: MonitorState) => state.events.map((event) => event.message);

describe('leader unknown while no voting member answers', () => {
  it('is said as unknown, names the last leader seen, and leaves nothing to act on', () => {
    const state = replay([healthy, healthy, allDown(healthy), allDown(healthy)]);
    expect(state.leader.id).toBeNull();
    expect(maintenanceContextOf(state).leaderId).toBeNull();
    expect(banner(state).meta).toContain('leader unknown');
    expect(banner(state).meta).not.toContain('NO LEADER');
    const lines = leaderViewOf(state, state.latest!.takenAtMs).lines.map((line) => line.text);
    expect(lines[0]).toBe('LEADER UNKNOWN: no voting member answers');
    expect(lines[1]).toMatch(new RegExp(`^for 1s \\(since \\d\\d:\\d\\d:\\d\\d UTC\\) · last seen: etcd-1 \\(${memberIdAt(0)}\\)$`));
    expect(lines.join('\n')).not.toContain('NO LEADER');
    expect(raftViewOf(state, 58).title).toContain('leader unknown');
    expect(eventTexts(state).join('\n')).not.toMatch(/NO LEADER|leader changed/);
  });

  it('the same leader seen again: no change counted, its tenure goes on from before', () => {
    const state = replay([healthy, healthy, allDown(healthy), allDown(healthy), healthy]);
    expect(state.leader).toEqual({ id: memberIdAt(0), sinceMs: TAKEN_AT_MS, changes: [] });
    expect(eventTexts(state).join('\n')).not.toMatch(/NO LEADER|leader changed/);
    expect(banner(state).meta).toContain('leader etcd-1');
  });

  it('another leader seen after the blackout: one change, from the last leader seen to the new one', () => {
    const state = replay([healthy, allDown(healthy), withLeader(healthy, 2)]);
    expect(state.leader.id).toBe(memberIdAt(2));
    expect(state.leader.changes).toEqual([expect.objectContaining({ fromId: memberIdAt(0), toId: memberIdAt(2) })]);
    expect(eventTexts(state)).toContainEqual(expect.stringMatching(/^leader changed: etcd-1 .* → etcd-3 /));
    expect(eventTexts(state).join('\n')).not.toContain('NO LEADER');
  });

  it('from the start: unknown until someone answers, then that leader with no change counted', () => {
    const unknown = replay([allDown(healthy)]);
    expect(banner(unknown).meta).toContain('leader unknown');
    const state = replay([allDown(healthy), allDown(healthy), healthy]);
    expect(state.leader).toEqual({ id: memberIdAt(0), sinceMs: TAKEN_AT_MS + 2 * STEP_MS, changes: [] });
  });

  it('members that answer and see no leader are still NO LEADER', () => {
    const state = replay([healthy, withLeader(healthy, null)]);
    expect(banner(state).meta).toContain('leader NO LEADER');
    expect(eventTexts(state)[0]).toMatch(/^NO LEADER \(was etcd-1/);
  });
});
