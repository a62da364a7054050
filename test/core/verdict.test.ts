import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { verdictOf, type Finding, type Verdict } from '../../src/core/verdict.js';
import {
  failure,
  healthyCluster,
  memberIdAt,
  unreachableCluster,
  withAlarm,
  withDiscoveryFailure,
  withHealth,
  withLeader,
  withMemberDown,
  withUnstartedMember,
} from '../helpers/snapshot-factory.js';

/** "level:code" per finding, in verdict order: compact to compare. */
function summary(verdict: Verdict): string[] {
  return verdict.findings.map((f) => `${f.level}:${f.code}`);
}

function downMembers(snap: ClusterSnapshot, ...indexes: number[]): ClusterSnapshot {
  return indexes.reduce((s, i) => withMemberDown(s, i), snap);
}

describe('verdictOf: nothing wrong, nothing known', () => {
  it.each([1, 3, 5])('a healthy %i-member cluster is ok with no findings', (members) => {
    expect(verdictOf(healthyCluster({ members }))).toEqual({ level: 'ok', findings: [] });
  });

  it('is unknown when discovery failed and nothing answered, with one finding saying why', () => {
    const verdict = verdictOf(unreachableCluster(failure('tls', 'certificate signed by unknown authority (https://10.0.0.1:2379)', 'pass --cacert')));
    expect(verdict.level).toBe('unknown');
    expect(verdict.findings).toEqual([
      {
        level: 'critical',
        code: 'cluster-unreachable',
        message: 'cannot reach the cluster: certificate signed by unknown authority (https://10.0.0.1:2379)',
        remedy: 'pass --cacert',
      },
    ]);
  });

  it('is unknown when the member list came but no member answered since, naming each failure', () => {
    const verdict = verdictOf(downMembers(healthyCluster(), 0, 1, 2));
    expect(verdict.level).toBe('unknown');
    expect(summary(verdict)).toEqual(['warning:member-unreachable', 'warning:member-unreachable', 'warning:member-unreachable']);
  });

  it('still explains itself when there was no member to poll', () => {
    const empty = { ...healthyCluster(), members: [] };
    expect(verdictOf(empty)).toMatchObject({ level: 'unknown', findings: [{ level: 'critical', code: 'cluster-unreachable' }] });
  });

  it('says the member list failed when some endpoint still answers, and judges no quorum', () => {
    const verdict = verdictOf(withDiscoveryFailure(downMembers(healthyCluster(), 1, 2)));
    expect(summary(verdict)).toEqual(['warning:member-unreachable', 'warning:member-unreachable', 'warning:member-list-failed']);
  });
});

describe('verdictOf: quorum (voting members only)', () => {
  const unreachable = (n: number): string[] => Array<string>(n).fill('warning:member-unreachable');
  it.each([
    { cluster: '1 member', snap: healthyCluster({ members: 1 }), expected: [] },
    { cluster: '3 members, 1 down', snap: downMembers(healthyCluster(), 2), expected: ['warning:quorum-at-risk', ...unreachable(1)] },
    { cluster: '3 members, 2 down', snap: downMembers(healthyCluster(), 1, 2), expected: ['critical:quorum-lost', ...unreachable(2)] },
    { cluster: '5 members, 1 down', snap: downMembers(healthyCluster({ members: 5 }), 4), expected: unreachable(1) },
    { cluster: '5 members, 2 down', snap: downMembers(healthyCluster({ members: 5 }), 3, 4), expected: ['warning:quorum-at-risk', ...unreachable(2)] },
    { cluster: '5 members, 3 down', snap: downMembers(healthyCluster({ members: 5 }), 2, 3, 4), expected: ['critical:quorum-lost', ...unreachable(3)] },
    {
      cluster: '3 voters + 2 learners, 2 voters down (learners do not count)',
      snap: downMembers(healthyCluster({ learners: 2 }), 1, 2),
      expected: ['critical:quorum-lost', ...unreachable(2)],
    },
    { cluster: '3 voters + 1 learner, learner down', snap: downMembers(healthyCluster({ learners: 1 }), 3), expected: unreachable(1) },
    { cluster: '1 voter + 1 learner, learner down', snap: downMembers(healthyCluster({ members: 1, learners: 1 }), 1), expected: unreachable(1) },
    {
      cluster: '3 voters + 1 unstarted voter (quorum becomes 3 of 4)',
      snap: withUnstartedMember(healthyCluster()),
      expected: ['warning:quorum-at-risk', 'warning:member-unstarted'],
    },
    { cluster: '3 voters + 1 unstarted learner', snap: withUnstartedMember(healthyCluster(), { learner: true }), expected: ['warning:member-unstarted'] },
  ])('$cluster', ({ snap, expected }) => {
    expect(summary(verdictOf(snap))).toEqual(expected);
  });

  it('names the down members and the arithmetic', () => {
    const [quorum] = verdictOf(downMembers(healthyCluster(), 1, 2)).findings;
    expect(quorum?.message).toBe(
      `quorum lost: 1 of 3 voting members reachable, 2 needed (down: etcd-2 (${memberIdAt(1)}), etcd-3 (${memberIdAt(2)}))`,
    );
  });

  it('reports an unreachable member with its failure message and the gateway hint as remedy', () => {
    const down = withMemberDown(healthyCluster({ members: 5 }), 3, failure('tls', 'bad certificate', 'pass --cacert with the CA'));
    expect(verdictOf(down).findings).toEqual([
      {
        level: 'warning',
        code: 'member-unreachable',
        message: `etcd-4 (${memberIdAt(3)}) is unreachable at https://10.0.0.4:2379: bad certificate`,
        remedy: 'pass --cacert with the CA',
        memberId: memberIdAt(3),
      },
    ]);
  });

  it('falls back to a remedy by failure kind when the gateway gives no hint', () => {
    const [finding] = verdictOf(withMemberDown(healthyCluster({ members: 5 }), 1, failure('timeout'))).findings;
    expect(finding?.remedy).toMatch(/frozen or overloaded/);
  });

  it('tells how to start or remove an unstarted member', () => {
    const finding = verdictOf(withUnstartedMember(healthyCluster())).findings.find((f) => f.code === 'member-unstarted');
    expect(finding?.message).toBe(`unstarted member ${memberIdAt(3)} was added but never started; as a voter it already counts toward quorum (3 needed)`);
    expect(finding?.remedy).toContain(`etcdctl member remove ${memberIdAt(3)}`);
  });
});

describe('verdictOf: leader', () => {
  it.each([
    { name: 'no reachable voter sees a leader', snap: withLeader(healthyCluster(), null), expected: ['critical:no-leader'] },
    // A quorum (2 of 3) still follows etcd-1: the cluster writes; the lone member is isolated.
    { name: 'one of three sees no leader', snap: withLeader(healthyCluster(), null, [2]), expected: ['warning:leader-disagreement'] },
    { name: 'one of three follows another leader', snap: withLeader(healthyCluster(), 2, [2]), expected: ['warning:leader-disagreement'] },
    // Only 1 voter follows the elected leader: no majority stands behind any leader.
    {
      name: 'two of three see no leader',
      snap: withLeader(healthyCluster(), null, [1, 2]),
      expected: ['critical:leader-disagreement', 'critical:leader-disagreement'],
    },
    { name: 'a learner lost the leader', snap: withLeader(healthyCluster({ learners: 1 }), null, [3]), expected: ['warning:leader-disagreement'] },
  ])('$name', ({ snap, expected }) => {
    expect(summary(verdictOf(snap))).toEqual(expected);
  });

  it('words a disagreement with both views', () => {
    const [finding] = verdictOf(withLeader(healthyCluster(), 2, [2])).findings;
    expect(finding).toMatchObject({
      message: `etcd-3 (${memberIdAt(2)}) follows etcd-3 (${memberIdAt(2)}) while 2 voting members follow etcd-1 (${memberIdAt(0)})`,
      memberId: memberIdAt(2),
    });
  });

  it('reports a member that answers but fails its health probe', () => {
    const verdict = verdictOf(withHealth(healthyCluster(), 1, { healthy: false, reason: 'etcdserver: no leader' }));
    expect(summary(verdict)).toEqual(['warning:member-unhealthy']);
    expect(verdict.findings[0]).toMatchObject({ memberId: memberIdAt(1) });
    expect(verdict.findings[0]?.message).toContain('fails its health check: etcdserver: no leader');
  });

  it('does not repeat an alarm as one unhealthy member per line, but keeps a failed probe', () => {
    const snap = withAlarm(healthyCluster(), 1, 'NOSPACE');
    expect(snap.members.every((m) => m.health?.ok && !m.health.value.healthy)).toBe(true);
    expect(summary(verdictOf(snap))).toEqual(['critical:alarm-nospace']);
    expect(summary(verdictOf(withHealth(snap, 2, failure('timeout'))))).toEqual(['critical:alarm-nospace', 'warning:member-unhealthy']);
  });
});

describe('verdictOf: findings are well formed', () => {
  const messy = withHealth(withLeader(downMembers(healthyCluster({ members: 5 }), 4), null, [3]), 2, failure('timeout'));

  it.each(verdictOf(messy).findings.map((f): [string, Finding] => [f.code, f]))('%s: one-line message and remedy, member named by name and id', (_code, f) => {
    expect(f.message).not.toMatch(/\n/);
    expect(f.remedy).not.toMatch(/\n/);
    expect(f.remedy.length).toBeGreaterThan(0);
    if (f.memberId) expect(f.message).toMatch(new RegExp(`etcd-\\d \\(${f.memberId}\\)`));
  });
});
