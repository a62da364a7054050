import { describe, expect, it } from 'vitest';
import { memberRows, type MemberRow } from '../../src/core/member-rows.js';
import {
  failure,
  GIB,
  healthyCluster,
  MIB,
  memberIdAt,
  unreachableCluster,
  withAlarm,
  withDbSize,
  withHealth,
  withLeader,
  withMemberDown,
  withMetrics,
  withoutMetrics,
  withStatus,
  withUnstartedMember,
} from '../helpers/snapshot-factory.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';

function row(snap: ClusterSnapshot, index: number): MemberRow {
  const found = memberRows(snap)[index];
  if (!found) throw new Error(`no row ${index}`);
  return found;
}

describe('memberRows', () => {
  it('gives every figure of a healthy member, 64-bit counters as bigint', () => {
    expect(row(healthyCluster(), 1)).toEqual({
      id: memberIdAt(1),
      name: 'etcd-2',
      endpoint: 'https://10.0.0.2:2379',
      role: 'follower',
      state: 'up',
      isLearner: false,
      version: '3.5.15',
      dbSizeBytes: 25_000_000,
      dbSizeInUseBytes: 20_000_000,
      quotaBytes: 2 * GIB,
      quotaKnown: true,
      dbQuotaPercent: (25_000_000 / (2 * GIB)) * 100,
      fragmentationPercent: 20,
      raftTerm: 2n,
      raftIndex: 812n,
      raftAppliedIndex: 812n,
      raftIndexDrift: 0n,
      applyLag: 0n,
      revision: 911n,
      healthLatencyMs: 3.8,
      alarms: [],
      defragmenting: false,
      processStartedAtMs: 1_736_856_000_000,
    });
  });

  it.each([
    { name: 'leader', snap: healthyCluster(), index: 0, role: 'leader' },
    { name: 'follower', snap: healthyCluster(), index: 2, role: 'follower' },
    { name: 'learner', snap: healthyCluster({ learners: 1 }), index: 3, role: 'learner' },
    { name: 'down learner is still a learner', snap: withMemberDown(healthyCluster({ learners: 1 }), 3), index: 3, role: 'learner' },
    { name: 'down voter', snap: withMemberDown(healthyCluster(), 2), index: 2, role: 'unknown' },
    { name: 'unreachable leader the others follow', snap: withMemberDown(healthyCluster(), 0), index: 0, role: 'leader' },
    { name: 'nobody leads', snap: withLeader(healthyCluster(), null), index: 0, role: 'follower' },
  ])('role: $name → $role', ({ snap, index, role }) => {
    expect(row(snap, index).role).toBe(role);
  });

  const base = healthyCluster();
  it.each([
    { name: 'up', snap: base, state: 'up', reason: undefined },
    { name: 'down', snap: withMemberDown(base, 1, failure('unreachable', 'connection refused')), state: 'down', reason: 'connection refused' },
    { name: 'probe said unhealthy', snap: withHealth(base, 1, { healthy: false, reason: 'alarm NOSPACE' }), state: 'unhealthy', reason: 'alarm NOSPACE' },
    { name: 'probe failed', snap: withHealth(base, 1, failure('timeout')), state: 'unhealthy', reason: 'health check failed: timed out after 1.5s' },
  ])('state: $name', ({ snap, state, reason }) => {
    const r = row(snap, 1);
    expect([r.state, r.stateReason]).toEqual([state, reason]);
  });

  it('keeps the failure of a down member for its hint, and no figures', () => {
    const r = row(withMemberDown(healthyCluster(), 1, failure('tls', 'bad certificate', 'pass --cacert')), 1);
    expect(r.failure).toEqual({ kind: 'tls', message: 'bad certificate', hint: 'pass --cacert' });
    expect([r.dbSizeBytes, r.raftIndex, r.raftIndexDrift, r.healthLatencyMs, r.version]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('shows an unstarted member as such', () => {
    const r = row(withUnstartedMember(healthyCluster()), 3);
    expect([r.name, r.state, r.role, r.endpoint]).toEqual(['(unstarted)', 'unstarted', 'unknown', undefined]);
  });

  it('computes drift from the leader and apply lag, and clamps a follower that answered after the leader', () => {
    let snap = withStatus(healthyCluster(), 0, { raftIndex: 5000n, raftAppliedIndex: 5000n });
    snap = withStatus(snap, 1, { raftIndex: 3000n, raftAppliedIndex: 2500n });
    snap = withStatus(snap, 2, { raftIndex: 5003n, raftAppliedIndex: 5003n });
    const rows = memberRows(snap);
    expect(rows.map((r) => r.raftIndexDrift)).toEqual([0n, 2000n, 0n]);
    expect(rows.map((r) => r.applyLag)).toEqual([0n, 500n, 0n]);
  });

  it('has no drift when the leader did not answer', () => {
    expect(memberRows(withMemberDown(healthyCluster(), 0)).map((r) => r.raftIndexDrift)).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    { name: 'cluster quota', snap: withDbSize(healthyCluster(), 1, 1 * GIB), percent: 50, quota: 2 * GIB, known: true },
    {
      name: "the member's own quota",
      snap: withMetrics(withDbSize(healthyCluster(), 1, 1 * GIB), 1, { quotaBackendBytes: 4 * GIB }),
      percent: 25,
      quota: 4 * GIB,
      known: true,
    },
    { name: 'assumed default without metrics', snap: withoutMetrics(withDbSize(healthyCluster(), 1, 1 * GIB)), percent: 50, quota: 2 * GIB, known: false },
  ])('quota percent against $name', ({ snap, percent, quota, known }) => {
    const r = row(snap, 1);
    expect([r.dbQuotaPercent, r.quotaBytes, r.quotaKnown]).toEqual([percent, quota, known]);
  });

  it.each([
    { name: 'from status', snap: withDbSize(healthyCluster(), 1, 400 * MIB, 100 * MIB), inUse: 100 * MIB, frag: 75 },
    {
      name: 'from metrics when status has none (etcd < 3.4)',
      snap: withMetrics(withStatus(healthyCluster(), 1, { dbSizeBytes: 400 * MIB, dbSizeInUseBytes: 0 }), 1, { dbTotalSizeInUseBytes: 300 * MIB }),
      inUse: 300 * MIB,
      frag: 25,
    },
    { name: 'unknown when neither says', snap: withoutMetrics(withStatus(healthyCluster(), 1, { dbSizeInUseBytes: 0 })), inUse: undefined, frag: undefined },
  ])('in-use size and fragmentation $name', ({ snap, inUse, frag }) => {
    const r = row(snap, 1);
    expect([r.dbSizeInUseBytes, r.fragmentationPercent]).toEqual([inUse, frag]);
  });

  it("lists a member's alarms, whoever reported them", () => {
    const rows = memberRows(withAlarm(withAlarm(healthyCluster(), 2, 'NOSPACE', [0]), 2, 'CORRUPT', [1]));
    expect(rows.map((r) => r.alarms)).toEqual([[], [], ['NOSPACE', 'CORRUPT']]);
  });

  it('names a discovery placeholder by the id its status gives', () => {
    const snap = unreachableCluster();
    const placeholder = snap.members[0];
    if (!placeholder) throw new Error('no placeholder');
    placeholder.status = healthyCluster().members[0]?.status;
    expect(row(snap, 0).id).toBe(memberIdAt(0));
  });
});
