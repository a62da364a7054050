import { describe, expect, it } from 'vitest';
import { RAFT_LAYOUT, formatEntries, raftViewOf, sparkWidthFor } from '../../../src/core/views/raft-view.js';
import { PANE_FRAME_COLUMNS } from '../../../src/core/views/view-text.js';
import { initialMonitorState, reduceMonitor } from '../../../src/core/monitor-state.js';
import { fixtures } from '../../helpers/monitor-fixtures.js';
import { TAKEN_AT_MS, healthyCluster, withMemberDown, withStatus } from '../../helpers/snapshot-factory.js';

describe('raftViewOf', () => {
  it('drift: etcd-3 is over both thresholds, with words, and its sparklines rise', () => {
    const view = raftViewOf(fixtures.drift(), 58);
    const etcd3 = view.members[2]!;
    expect(etcd3).toMatchObject({ name: 'etcd-3', raftIndexDrift: 2360, applyLag: 1180, driftOverThreshold: true, applyLagOverThreshold: true });
    expect(view.members.slice(0, 2).every((m) => !m.driftOverThreshold && !m.applyLagOverThreshold)).toBe(true);
    // One scale per column, shared by every member: the leader's zeros stay at the bottom.
    expect(view.driftScaleMax).toBe(2360);
    expect(etcd3.driftSparkline.at(-1)).toBe('█');
    expect(view.members[0]!.driftSparkline).toMatch(/^▁+$/);
    expect(view.title).toBe(' Raft · leader etcd-1 · last 7s ');
  });

  it('noLeader: drift is unknown, not zero, and the missing rounds are blank', () => {
    const view = raftViewOf(fixtures.noLeader(), 58);
    expect(view.leaderName).toBeUndefined();
    expect(view.title).toContain('NO LEADER');
    for (const member of view.members) {
      expect(member.raftIndexDrift).toBeUndefined();
      expect(member.driftSparkline.slice(-5)).toBe('     ');
    }
  });

  it('memberDown: the member that stopped answering has no figures and blank sparklines', () => {
    const etcd2 = raftViewOf(fixtures.memberDown(), 78).members[1]!;
    expect(etcd2).toMatchObject({ state: 'down', driftOverThreshold: false });
    expect(etcd2.raftIndexDrift).toBeUndefined();
    expect(etcd2.driftSparkline.trim()).toBe('');
  });

  it('a few entries of timing noise stay near the bottom of the sparkline (scale floor: a tenth of the threshold)', () => {
    let state = initialMonitorState({ historyCapacity: 10 });
    for (let i = 0; i < 4; i++) {
      const snapshot = withStatus(healthyCluster(), 1, { raftIndex: 812n - BigInt(i * 5) });
      state = reduceMonitor(state, { type: 'round', snapshot: { ...snapshot, takenAtMs: TAKEN_AT_MS + i * 1000 } });
    }
    const view = raftViewOf(state, 58);
    expect(view.driftScaleMax).toBe(100);
    expect(view.members[1]!.driftSparkline.trim()).toBe('▁▁▂▂');
  });

  it('a member that joins the history late is padded with blanks, not zeros', () => {
    let state = initialMonitorState({ historyCapacity: 10 });
    for (let i = 0; i < 3; i++) {
      const snapshot = i === 0 ? withMemberDown(healthyCluster(), 2) : healthyCluster();
      state = reduceMonitor(state, { type: 'round', snapshot: { ...snapshot, takenAtMs: TAKEN_AT_MS + i * 1000 } });
    }
    const spark = raftViewOf(state, 58).members[2]!.driftSparkline;
    expect(spark.slice(-3)).toBe(' ▁▁');
  });

  it.each([
    { width: 58, nameWidth: 6, expected: 8 },
    { width: 78, nameWidth: 6, expected: 18 },
    { width: 58, nameWidth: 12, expected: 5 },
    { width: 44, nameWidth: 6, expected: 0 },
  ])('$width columns with $nameWidth-wide names leave $expected cells per sparkline', ({ width, nameWidth, expected }) => {
    expect(sparkWidthFor(width, nameWidth)).toBe(expected);
    if (expected > 0) {
      const L = RAFT_LAYOUT;
      const row = nameWidth + 2 * (L.valueWidth + expected) + L.driftMarkWidth + L.lagMarkWidth + 7 * L.gap;
      expect(row).toBeLessThanOrEqual(width - PANE_FRAME_COLUMNS);
    }
  });

  it.each([
    [undefined, '?'],
    [0, '0'],
    [9_999, '9999'],
    [12_345, '12.3k'],
    [999_999, '1000k'],
    [4_100_000, '4.1M'],
  ] as const)('formatEntries(%s) is %s, at most six cells', (count, text) => {
    expect(formatEntries(count)).toBe(text);
    expect(text.length).toBeLessThanOrEqual(RAFT_LAYOUT.valueWidth);
  });
});
