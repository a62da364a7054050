import { describe, expect, it } from 'vitest';
import { collectFleet, type FleetQuery } from '../../../src/core/fleet/collect-fleet.js';
import { fleetRows } from '../../../src/core/fleet/fleet-rows.js';
import { fleetColumns, fleetLine } from '../../../src/core/fleet/fleet-view.js';
import { initialFleetState, reduceFleet } from '../../../src/core/fleet/fleet-state.js';
import { exactRegex, signalQueries } from '../../../src/core/fleet/fleet-signals.js';
import { FakePrometheus, healthyTargets, type FakeFleet } from '../../helpers/fleet-fixtures.js';

const NOW_MS = Date.UTC(2026, 11, 5, 18, 0, 0);
const query: FleetQuery = { clusterLabel: 'cluster', fallbackToJob: true, etcdSelector: 'job=~".*etcd.*"' };
const RELAXED = { walFsyncWarnMs: 5000, backendCommitWarnMs: 5000, peerRoundTripWarnMs: 5000 };

async function rowsOf(fleet: FakeFleet, options: ConstructorParameters<typeof FakePrometheus>[1] = {}, q: FleetQuery = query) {
  const client = new FakePrometheus(fleet, options);
  const result = await collectFleet(client, q, () => NOW_MS);
  if (!result.ok) throw new Error(result.failure.message);
  return { rows: fleetRows(result.round, RELAXED), round: result.round, client };
}

function fleetOf(count: number): FakeFleet {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`c${i}`, healthyTargets(`c${i}`)]));
}

describe('fleet core', () => {
  it('asks the same number of queries for 10 clusters as for 500', async () => {
    const small = await rowsOf(fleetOf(10));
    const large = await rowsOf(fleetOf(500));
    expect(small.round.queryCount).toBe(large.round.queryCount);
    expect(small.round.queryCount).toBe(1 + signalQueries({ clusterLabel: 'cluster', etcdSelector: '' }).length);
    expect(large.rows).toHaveLength(500);
    expect(large.rows.every((r) => r.verdict.level === 'ok')).toBe(true);
  });

  it('judges with check\u2019s findings: a dead target, no leader, a DB over the warning threshold', async () => {
    const degraded = healthyTargets('d');
    degraded[2] = { ...degraded[2]!, up: 0 };
    const leaderless = healthyTargets('n').map((t) => ({ ...t, values: { ...t.values, hasLeader: 0, isLeader: 0 } }));
    const full = healthyTargets('f').map((t) => ({ ...t, values: { ...t.values, dbSizeBytes: 0.9 * 2 ** 31, dbInUseBytes: 0.85 * 2 ** 31 } }));
    const { rows } = await rowsOf({ ok: healthyTargets('o'), degraded, leaderless, full });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(rows.map((r) => r.name)).toEqual(['leaderless', 'degraded', 'full', 'ok']);
    expect(byName.leaderless!.verdict.findings.map((f) => f.code)).toEqual(['no-leader']);
    expect(byName.degraded!.verdict.findings.map((f) => f.code)).toEqual(['quorum-at-risk', 'member-unreachable']);
    expect(byName.degraded!.verdict.findings[1]!.message).toMatch(/only the scrape fails/);
    expect(byName.full!.verdict.findings.map((f) => f.code)).toEqual(['db-near-quota', 'db-near-quota', 'db-near-quota']);
    expect(byName.degraded!.targetsUp).toBe(2);
    expect(byName.degraded!.targetsExpected).toBe(3);
  });

  it('shows a missing metric as n/a, never 0, and a cluster without series as NO DATA since its last sample', async () => {
    const bare = healthyTargets('b').map((t) => ({ instance: t.instance, values: { hasLeader: 1, isLeader: t.values?.isLeader ?? 0 } }));
    const { rows } = await rowsOf({ bare }, { known: ['gone'], lastSeen: { gone: NOW_MS / 1000 - 600 } });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    const line = (name: string) => fleetLine(byName[name]!, fleetColumns(NOW_MS));
    // No quota series: the quota is unknown, a warning (issue #14), never a silent OK.
    expect(byName.bare!.verdict.findings.map((f) => f.code)).toEqual(['quota-unknown']);
    expect(line('bare')).toMatch(/^WARNING\s+bare\s+yes\s+3\/3\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+n\/a\s+now/);
    expect(line('gone')).toMatch(/^NO DATA\s+gone\s+n\/a\s+n\/a.*17:50/);
    expect(byName.gone!.verdict).toMatchObject({ level: 'unknown', findings: [{ code: 'no-data', message: expect.stringMatching(/^no data since 17:50 UTC/) }] });
  });

  it('derives the time until the quota from the growth rate and warns inside etcd-mixin\u2019s 4 h horizon', async () => {
    const growing = healthyTargets('g').map((t) => ({ ...t, values: { ...t.values, dbSizeBytes: 2 ** 31 - 3600 * 100_000, dbGrowthBytesPerSecond: 100_000 } }));
    const { rows } = await rowsOf({ growing });
    expect(rows[0]!.timeToQuotaMs).toBeCloseTo(3_600_000, -3);
    expect(rows[0]!.verdict.findings.map((f) => f.code)).toContain('db-quota-soon');
  });

  it('falls back to the job label when no series has a cluster label, and passes the backend\u2019s warnings on', async () => {
    const { rows, round } = await rowsOf({ 'kube-etcd': healthyTargets('k') }, { label: 'job', warnings: ['partial response: store eu-1 down'] });
    expect(round.clusterLabel).toBe('job');
    expect(rows.map((r) => r.name)).toEqual(['kube-etcd']);
    expect(round.warnings).toEqual(['partial response: store eu-1 down']);
  });

  it('checks only the clusters asked for, with an exact regex', async () => {
    const { rows, client } = await rowsOf(fleetOf(3), {}, { ...query, only: ['c1'] });
    expect(rows.map((r) => r.name)).toEqual(['c1']);
    expect(client.queries.some((q) => q.includes('cluster=~"c1"'))).toBe(true);
    expect(exactRegex(['a.b', 'c|d'])).toBe('a\\.b|c\\|d');
  });

  it('takes a failed query for n/a this refresh, not for dead members or a lost leader', async () => {
    const { rows, round } = await rowsOf({ a: healthyTargets('a') }, { failing: ['up', 'hasLeader', 'isLeader'] });
    expect(round.failures.map((f) => f.signal).sort()).toEqual(['hasLeader', 'isLeader', 'up']);
    expect(rows[0]).toMatchObject({ name: 'a', targetsUp: 3, targetsExpected: 3, verdict: { level: 'ok', findings: [] } });
    expect(rows[0]!.leaderPresent).toBeUndefined();
  });

  it('keeps the selection on the cluster, not the row, when rows re-sort', async () => {
    const a = await rowsOf({ a: healthyTargets('a'), b: healthyTargets('b') });
    let state = reduceFleet(initialFleetState(RELAXED), { type: 'round', round: a.round });
    state = reduceFleet(state, { type: 'move', by: 1 });
    expect(state.selected).toBe('b');
    const broken = healthyTargets('b').map((t) => ({ ...t, values: { ...t.values, hasLeader: 0, isLeader: 0 } }));
    const b = await rowsOf({ a: healthyTargets('a'), b: broken });
    state = reduceFleet(state, { type: 'round', round: b.round });
    expect(state.rows[0]!.name).toBe('b');
    expect(state.selected).toBe('b');
  });
});
