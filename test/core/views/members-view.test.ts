import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { memberColumns, slowHealthMs } from '../../../src/core/views/member-columns.js';
import { fitColumns, membersViewOf, type MembersViewOptions } from '../../../src/core/views/members-view.js';
import { fixtures, INTERVAL_MS, NOW_MS, replay } from '../../helpers/monitor-fixtures.js';
import { failure, healthyCluster, mapMember, memberIdAt, unreachableCluster, withAlarm, withMemberDown, withUnstartedMember } from '../../helpers/snapshot-factory.js';

// Each fixture replays 60 rounds through the reducer: build them once.
const recorded = {
  drift: fixtures.drift(),
  healthy: fixtures.healthy(),
  memberDown: fixtures.memberDown(),
};

const options = (patch: Partial<MembersViewOptions> = {}): MembersViewOptions => ({
  width: 120,
  height: 10,
  nowMs: NOW_MS,
  intervalMs: INTERVAL_MS,
  selectedMemberId: undefined,
  ...patch,
});

function withHealthLatency(snapshot: ClusterSnapshot, index: number, latencyMs: number): ClusterSnapshot {
  return mapMember(snapshot, index, (sample) => ({ ...sample, health: { ok: true, value: { healthy: true }, latencyMs } }));
}

const stateCell = (view: ReturnType<typeof membersViewOf>, row: number) =>
  view.lines[row]?.cells[view.columns.indexOf('state')]?.text.trim();
const ageCell = (view: ReturnType<typeof membersViewOf>, row: number) => view.lines[row]?.cells[view.columns.indexOf('age')]?.text.trim();

describe('membersViewOf', () => {
  it.each([
    // 80 columns: the columns that decide whether to act, and room for the DOWN reason.
    [80, ['name', 'role', 'state', 'quota', 'index', 'latency', 'age']],
    [100, ['name', 'role', 'state', 'dbSize', 'quota', 'term', 'index', 'applied', 'latency', 'age']],
    [120, ['name', 'role', 'state', 'version', 'dbSize', 'dbInUse', 'quota', 'term', 'index', 'applied', 'latency', 'age']],
    [200, ['name', 'id', 'endpoint', 'role', 'state', 'version', 'dbSize', 'dbInUse', 'quota', 'term', 'index', 'applied', 'latency', 'age']],
    [30, ['name', 'role', 'state']],
  ])('at %i columns, with a member down, shows %j in screen order', (width, columns) => {
    expect(membersViewOf(recorded.memberDown, options({ width })).columns).toEqual(columns);
  });

  it('spends the width a short state leaves on more columns', () => {
    expect(membersViewOf(recorded.healthy, options({ width: 80 })).columns).toEqual([
      'name', 'role', 'state', 'dbSize', 'quota', 'term', 'index', 'applied', 'latency', 'age',
    ]);
  });

  it('drops columns in keep order, never a more important one before a less important one', () => {
    const byKeep = [...memberColumns].sort((a, b) => a.keep - b.keep).map((column) => column.key);
    for (let width = 10; width <= 220; width += 1) {
      const shown = new Set(membersViewOf(recorded.memberDown, options({ width })).columns);
      const firstMissing = byKeep.findIndex((key) => !shown.has(key));
      if (firstMissing >= 0) expect(byKeep.slice(firstMissing).filter((key) => shown.has(key))).toEqual([]);
    }
  });

  it('fits every line to the pane: border, marker and a margin included', () => {
    for (const width of [40, 80, 100, 120, 160]) {
      const view = membersViewOf(recorded.memberDown, options({ width }));
      for (const line of view.lines) {
        const text = line.marker + line.cells.map((cell) => cell.text).join(' ');
        expect([...text].length).toBeLessThanOrEqual(width - 3);
      }
      expect(view.header.length).toBeLessThanOrEqual(width - 3);
    }
  });

  it('gives the state column the room for a DOWN reason at 80 columns', () => {
    const view = membersViewOf(recorded.memberDown, options({ width: 80 }));
    expect(stateCell(view, 1)).toBe('DOWN timed out after 1.5s');
  });

  it('right-aligns numbers', () => {
    const view = membersViewOf(recorded.drift, options({ width: 120 }));
    const index = view.columns.indexOf('index');
    // RAFT IDX is 8 wide: the header is wider than the numbers.
    expect(view.lines.map((line) => line.cells[index]?.text)).toEqual(['  100590', '  100590', '   98230']);
  });

  it.each([
    [1000, 500, 'UP'],
    [1000, 501, 'SLOW'],
    [5000, 501, 'SLOW'],
    [400, 201, 'SLOW'],
    [400, 200, 'UP'],
  ])('with a %i ms interval a %i ms health check is %s', (intervalMs, latencyMs, word) => {
    expect(slowHealthMs(intervalMs)).toBe(Math.min(500, intervalMs / 2));
    const state = replay(1, () => withHealthLatency(healthyCluster(), 2, latencyMs));
    expect(stateCell(membersViewOf(state, options({ intervalMs })), 2)).toBe(word);
  });

  it.each([
    [NOW_MS + 2000, '2s'],
    [NOW_MS + 2001, 'STALE 2s'],
  ])('data age at %i: %s', (nowMs, age) => {
    expect(ageCell(membersViewOf(recorded.healthy, options({ nowMs })), 0)).toBe(age);
  });

  it('marks a down member STALE with the time since it last answered, an unstarted one UNSTARTED', () => {
    const down = membersViewOf(recorded.memberDown, options());
    expect(ageCell(down, 1)).toBe('STALE 20s');
    const unstarted = membersViewOf(replay(1, () => withUnstartedMember(healthyCluster())), options());
    expect(stateCell(unstarted, 3)).toBe('UNSTARTED');
    expect(ageCell(unstarted, 3)).toBe('—');
  });

  it('names a seed endpoint that never answered by its URL', () => {
    const view = membersViewOf(replay(2, () => unreachableCluster()), options());
    expect(view.lines[0]?.cells[0]?.text.trim()).toBe('https://10.0.0.1:2379');
    expect(stateCell(view, 0)).toBe('DOWN unreachable');
  });

  it('marks exactly the selected member', () => {
    const view = membersViewOf(recorded.healthy, options({ selectedMemberId: memberIdAt(2) }));
    expect(view.lines.map((line) => line.marker)).toEqual(['  ', '  ', '› ']);
    expect(view.lines.map((line) => line.selected)).toEqual([false, false, true]);
  });

  it('scrolls to keep the selected member visible when the table is taller than its pane', () => {
    const state = replay(1, () => healthyCluster({ members: 7 }));
    const top = membersViewOf(state, options({ height: 6, selectedMemberId: memberIdAt(1) }));
    expect(top.title).toBe(' Members 1–3 of 7 ');
    const scrolled = membersViewOf(state, options({ height: 6, selectedMemberId: memberIdAt(5) }));
    expect(scrolled.title).toBe(' Members 4–6 of 7 ');
    expect(scrolled.lines.find((line) => line.selected)?.id).toBe(memberIdAt(5));
  });

  it('keeps every column when it can, with the state as wide as its widest cell', () => {
    const naturals = memberColumns.map(() => 5);
    expect(fitColumns(naturals, 1000).every((width) => width === 5)).toBe(true);
  });

  // The issue: one refused member read "connect ECONNREFUSE…" one round, "No connection …" the
  // next. The table says one stable word; the full reason is one key (i) away.
  it.each([
    'unreachable: connect ECONNREFUSED 127.0.0.1:2379',
    'unreachable: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379',
  ])('a refused member reads "DOWN unreachable" whatever grpc said (%s)', (message) => {
    const view = membersViewOf(replay(2, () => withMemberDown(healthyCluster(), 1, failure('unreachable', message))), options({ width: 120 }));
    expect(stateCell(view, 1)).toBe('DOWN unreachable');
  });

  it('an alarm makes a member "UNHEALTHY NOSPACE alarm", short enough for 80 columns', () => {
    const view = membersViewOf(replay(2, () => withAlarm(healthyCluster(), 0, 'NOSPACE')), options({ width: 80 }));
    expect(stateCell(view, 0)).toBe('UNHEALTHY NOSPACE alarm');
  });
});
