import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { propose } from '../../../src/core/maintenance/operations.js';
import { disarmRefusal, moveLeaderRefusal } from '../../../src/core/maintenance/safety-rules.js';
import { contextOf, idAt } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withAlarm, withDbSize, withLeader, withMemberDown, withMetrics, withNoSpace, withStatus } from '../../helpers/snapshot-factory.js';

/** Every member's quota set to 1 000 000 000 bytes, so a DB size reads directly as a percentage. */
function withRoundQuota(snapshot: ClusterSnapshot): ClusterSnapshot {
  return snapshot.members.reduce((snap, _sample, i) => withMetrics(snap, i, { quotaBackendBytes: 1_000_000_000 }), snapshot);
}

const disarmFor = (snapshot: ClusterSnapshot, running?: string) => {
  const context = contextOf(snapshot);
  return disarmRefusal(context.rows, context.alarms, running);
};

describe('disarmRefusal', () => {
  it('refuses when no alarm is active', () => {
    expect(disarmFor(healthyCluster())).toBe('no alarm is active');
  });

  it('refuses while another operation runs', () => {
    expect(disarmFor(withAlarm(healthyCluster(), 0, 'NOSPACE'), 'Defragment etcd-2')).toMatch(/Defragment etcd-2 is still running/);
  });

  it('refuses while the alarmed DB is still at its quota: it would fire again', () => {
    const refusal = disarmFor(withNoSpace(healthyCluster(), 0));
    expect(refusal).toContain('etcd-1 (4c95f7dc5897214a) at 100%');
    expect(refusal).toMatch(/NOSPACE would fire again/);
  });

  it('looks at every member, not only the one that raised the alarm', () => {
    const snapshot = withDbSize(withAlarm(withRoundQuota(healthyCluster()), 0, 'NOSPACE'), 2, 950_000_000);
    const refusal = disarmFor(snapshot);
    expect(refusal).toContain('etcd-3 (ee098f6d097e6ce5) at 95%');
    expect(refusal).not.toContain('etcd-1');
  });

  it.each([
    { dbSizeBytes: 900_000_000, refused: true },
    { dbSizeBytes: 980_000_000, refused: true },
    { dbSizeBytes: 899_000_000, refused: false },
    { dbSizeBytes: 25_000_000, refused: false },
  ])('NOSPACE on etcd-2 with its DB at $dbSizeBytes of 1e9 bytes: refused=$refused', ({ dbSizeBytes, refused }) => {
    const snapshot = withAlarm(withDbSize(withRoundQuota(healthyCluster()), 1, dbSizeBytes), 1, 'NOSPACE');
    const refusal = disarmFor(snapshot);
    if (refused) expect(refusal).toContain(`etcd-2 (66fb782b14ae096a) at ${Math.round(dbSizeBytes / 10_000_000)}%`);
    else expect(refusal).toBeUndefined();
  });

  it('the disarm dialog lists each alarm by member name', () => {
    const snapshot = withAlarm(withAlarm(healthyCluster(), 0, 'NOSPACE'), 2, 'NOSPACE');
    const proposal = propose({ kind: 'disarm' }, contextOf(snapshot));
    expect(proposal.refusal).toBeUndefined();
    expect(proposal.lines.slice(0, 2)).toEqual(['NOSPACE on etcd-1 (4c95f7dc5897214a)', 'NOSPACE on etcd-3 (ee098f6d097e6ce5)']);
  });
});

describe('moveLeaderRefusal', () => {
  const base = healthyCluster();
  const refusalFor = (snapshot: ClusterSnapshot, target: number | string, running?: string) => {
    const context = contextOf(snapshot);
    return moveLeaderRefusal(context.rows, context.leaderId, typeof target === 'number' ? idAt(target) : target, running);
  };

  it.each([
    { name: 'no leader', snapshot: withLeader(base, null), target: 1, expected: 'there is no leader to move leadership from' },
    { name: 'target already leads', snapshot: base, target: 0, expected: 'etcd-1 (4c95f7dc5897214a) is already the leader' },
    { name: 'learner target', snapshot: healthyCluster({ learners: 1 }), target: 3, expected: 'etcd-4 (8e9e05c52164694d) is a learner: learners cannot lead' },
    { name: 'down target', snapshot: withMemberDown(base, 2), target: 2, expected: 'etcd-3 (ee098f6d097e6ce5) is DOWN: it cannot take leadership' },
    { name: 'leader unreachable', snapshot: withMemberDown(base, 0), target: 1, expected: 'the current leader does not answer: move-leader must be sent to it' },
    { name: 'target not listed', snapshot: base, target: 'deadbeefdeadbeef', expected: 'that member is no longer in the member list' },
  ])('refuses: $name', ({ snapshot, target, expected }) => {
    expect(refusalFor(snapshot, target)).toBe(expected);
  });

  it('refuses while another operation runs', () => {
    expect(refusalFor(base, 1, 'Compact the keyspace')).toMatch(/Compact the keyspace is still running/);
  });

  it.each([
    { name: 'healthy, follower etcd-2', snapshot: base, target: 1 },
    { name: 'leader etcd-3, to etcd-1', snapshot: withLeader(base, 2), target: 0 },
    { name: 'another follower down, to etcd-2', snapshot: withMemberDown(base, 2), target: 1 },
  ])('allows: $name', ({ snapshot, target }) => {
    expect(refusalFor(snapshot, target)).toBeUndefined();
  });

  it('the dialog says from whom to whom, and captures the target', () => {
    const proposal = propose({ kind: 'move-leader', memberId: idAt(2) }, contextOf(base));
    expect(proposal.lines[0]).toBe('From etcd-1 (4c95f7dc5897214a) to etcd-3 (ee098f6d097e6ce5).');
    expect(proposal.captured?.id).toBe(idAt(2));
    expect(proposal.refusal).toBeUndefined();
  });
});

describe('move-leader to a member behind the leader', () => {
  const leaderIndex = 100_000n;
  const raftAt = (snapshot: ClusterSnapshot, index: number, raftIndex: bigint) => withStatus(snapshot, index, { raftIndex, raftAppliedIndex: raftIndex });
  const propose2 = (snapshot: ClusterSnapshot) => propose({ kind: 'move-leader', memberId: idAt(1) }, contextOf(snapshot));

  it('warns, saying by how much, and shows both raft indexes', () => {
    const snapshot = raftAt(raftAt(raftAt(healthyCluster(), 0, leaderIndex), 1, leaderIndex - 1234n), 2, leaderIndex);
    const proposal = propose2(snapshot);
    expect(proposal.refusal).toBeUndefined();
    expect(proposal.warnings).toEqual([expect.stringMatching(/^etcd-2 \(66fb782b14ae096a\) is 1234 raft entries behind the leader: the hand-over waits until it catches up/)]);
    expect(proposal.lines).toContain(`Raft index: etcd-2 ${leaderIndex - 1234n}, leader ${leaderIndex} (1234 behind).`);
  });

  it('does not warn about a member that is up to date', () => {
    const snapshot = raftAt(raftAt(raftAt(healthyCluster(), 0, leaderIndex), 1, leaderIndex), 2, leaderIndex);
    const proposal = propose2(snapshot);
    expect(proposal.warnings).toEqual([]);
    expect(proposal.lines).toContain(`Raft index: etcd-2 ${leaderIndex}, leader ${leaderIndex} (up to date).`);
  });
});
