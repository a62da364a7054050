import { describe, expect, it } from 'vitest';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../../src/core/monitor-state.js';
import {
  DB_CHART_LABEL_WIDTH,
  dbViewOf,
  formatGrowth,
  projectNospace,
  projectionText,
} from '../../../src/core/views/db-view.js';
import { fixtures, NOW_MS } from '../../helpers/monitor-fixtures.js';
import { MIB, TAKEN_AT_MS, healthyCluster, withDbSize, withMemberDown, withMetrics } from '../../helpers/snapshot-factory.js';

/** Sizes are binary everywhere (KiB, MiB): a MiB keeps the figures below round. */
const MB = 1024 * 1024;

/** Rounds `intervalMs` apart ending at TAKEN_AT_MS; sizes[i] (bytes or null for "down") per round, on etcd-1. */
function stateWithSizes(sizes: (number | null)[], intervalMs = 10_000, quotaBytes = 100 * MB): MonitorState {
  let state = initialMonitorState({ historyCapacity: 600 });
  sizes.forEach((size, i) => {
    let snapshot = withMetrics(healthyCluster(), 0, { quotaBackendBytes: quotaBytes });
    snapshot = size === null ? withMemberDown(snapshot, 0) : withDbSize(snapshot, 0, size, size * 0.8);
    snapshot = { ...snapshot, takenAtMs: TAKEN_AT_MS - (sizes.length - 1 - i) * intervalMs };
    state = reduceMonitor(state, { type: 'round', snapshot });
  });
  return state;
}

describe('growth and NOSPACE projection', () => {
  it.each([
    // 1 MiB every 10 s is 6 MiB/min; 40 MiB left of a 100 MiB quota: ~6m40s.
    { name: 'steady growth', sizes: [50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60], perMinute: 6 * MB, text: 'NOSPACE in ~6m40s at +6.0 MiB/min' },
    { name: 'a gap is skipped, not read as zero', sizes: [50, 51, null, null, 54, 55, 56, 57, 58, 59, 60], perMinute: 6 * MB, text: 'NOSPACE in ~6m40s at +6.0 MiB/min' },
    { name: 'shrinking after a defragment', sizes: [60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50], perMinute: -6 * MB, text: 'not growing (-6.0 MiB/min)' },
    { name: 'flat', sizes: [50, 50, 50], perMinute: 0, text: 'not growing (0 B/min)' },
    { name: 'above the quota', sizes: [99, 100, 101], perMinute: 6 * MB, text: 'NOSPACE now: DB at its quota' },
  ])('$name → "$text"', ({ sizes, perMinute, text }) => {
    const state = stateWithSizes(sizes.map((s) => (s === null ? null : s * MB)));
    const member = dbViewOf(state, 58, NOW_MS).members[0]!;
    expect(member.growthBytesPerMinute).toBeCloseTo(perMinute, 0);
    expect(projectionText(member.projection)).toBe(text);
  });

  it('fits over the last five minutes only: an old burst does not count', () => {
    // 10 rounds a minute apart: a jump of 40 MB nine minutes ago, then flat.
    const state = stateWithSizes([10, 50, 50, 50, 50, 50, 50, 50, 50, 50].map((s) => s * MB), 60_000);
    expect(dbViewOf(state, 58, NOW_MS).members[0]!.growthBytesPerMinute).toBe(0);
  });

  it('a member that is down has no projection, whatever its history says', () => {
    const state = stateWithSizes([50 * MB, 51 * MB, 52 * MB, null]);
    const member = dbViewOf(state, 58, NOW_MS).members[0]!;
    expect(member.dbSizeBytes).toBeUndefined();
    expect(member.projection).toEqual({ kind: 'unknown', missing: 'size' });
  });

  it.each([
    { size: 50, quota: 100, perMinute: 5, alarm: false, expected: { kind: 'in', etaMs: 600_000, growthBytesPerMinute: 5 } },
    { size: 50, quota: 100, perMinute: 0, alarm: false, expected: { kind: 'not-growing', growthBytesPerMinute: 0 } },
    { size: 100, quota: 100, perMinute: 0, alarm: false, expected: { kind: 'now' } },
    { size: 10, quota: 100, perMinute: 5, alarm: true, expected: { kind: 'alarm' } },
    { size: 50, quota: 100, perMinute: undefined, alarm: false, expected: { kind: 'unknown', missing: 'growth' } },
  ])('projectNospace($size of $quota at $perMinute/min, alarm $alarm)', ({ size, quota, perMinute, alarm, expected }) => {
    expect(projectNospace(size, quota, perMinute, alarm)).toEqual(expected);
  });

  it.each([
    { etaMs: 14 * 60_000, perMinute: 1.1 * MB, text: 'NOSPACE in ~14m at +1.1 MiB/min' },
    { etaMs: 2_400, perMinute: 6.1 * MB, text: 'NOSPACE in ~2.4s at +6.1 MiB/min' },
    { etaMs: 3 * 86_400_000 + 4 * 3_600_000, perMinute: 25 * 1024, text: 'NOSPACE in ~3d4h at +25 KiB/min' },
  ])('projectionText: $text', ({ etaMs, perMinute, text }) => {
    expect(projectionText({ kind: 'in', etaMs, growthBytesPerMinute: perMinute })).toBe(text);
  });

  it.each([
    [1.1 * MB, '+1.1 MiB/min'],
    [-300 * 1024, '-300 KiB/min'],
    [0, '0 B/min'],
    [undefined, '?'],
  ] as const)('formatGrowth(%s) is %s', (perMinute, text) => {
    expect(formatGrowth(perMinute)).toBe(text);
  });
});

describe('dbViewOf on the recorded fixtures', () => {
  it.each([
    { width: 58, points: 58 - 4 - DB_CHART_LABEL_WIDTH },
    { width: 78, points: 78 - 4 - DB_CHART_LABEL_WIDTH },
  ])('sizes the chart for $width columns: $points points', ({ width, points }) => {
    const view = dbViewOf(fixtures.healthy(), width, NOW_MS);
    expect(view.chartPoints).toBe(points);
    for (const member of view.members) expect(member.sizeHistory).toHaveLength(Math.min(points, 60));
  });

  it('keeps the rounds a member missed as gaps in its history', () => {
    const etcd2 = dbViewOf(fixtures.memberDown(), 78, NOW_MS).members[1]!;
    expect(etcd2.sizeHistory.slice(-20).every(Number.isNaN)).toBe(true);
    expect(etcd2.sizeHistory.slice(0, -20).every(Number.isFinite)).toBe(true);
  });

  it('noSpace: the alarm is critical, the others project NOSPACE within seconds, the quota is on the chart', () => {
    const view = dbViewOf(fixtures.noSpace(), 58, NOW_MS);
    expect(view).toMatchObject({ quotaBytes: 16 * MIB, quotaKnown: true, quotaOnChart: true, title: ' DB · quota 16 MiB ' });
    expect(view.members.map((m) => m.projection.kind)).toEqual(['alarm', 'in', 'in']);
    expect(view.members.map((m) => m.level)).toEqual(['critical', 'critical', 'critical']);
    // 100 KiB a second is 6.1 MB a minute.
    expect(view.members[1]!.growthBytesPerMinute).toBeCloseTo(102_400 * 60, 0);
  });

  it('healthy: a 30 MB DB under a 2 GiB quota keeps the quota off the chart', () => {
    const view = dbViewOf(fixtures.healthy(), 58, NOW_MS);
    expect(view.quotaOnChart).toBe(false);
    expect(view.members.every((m) => m.level === 'ok')).toBe(true);
  });
});
