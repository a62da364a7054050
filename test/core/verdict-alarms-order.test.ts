import { describe, expect, it } from 'vitest';
import { findingCodes, verdictOf, type Verdict } from '../../src/core/verdict.js';
import {
  GIB,
  healthyCluster,
  memberIdAt,
  withAlarm,
  withDbSize,
  withLeader,
  withMemberDown,
  withMetrics,
  withNoSpace,
} from '../helpers/snapshot-factory.js';

function summary(verdict: Verdict): string[] {
  return verdict.findings.map((f) => `${f.level}:${f.code}`);
}

describe('alarms', () => {
  it.each([
    { alarm: 'NOSPACE', expected: ['critical:alarm-nospace'] },
    { alarm: 'CORRUPT', expected: ['critical:alarm-corrupt'] },
    { alarm: 'SOMETHING_NEW', expected: ['warning:alarm'] },
  ])('$alarm → $expected', ({ alarm, expected }) => {
    expect(summary(verdictOf(withAlarm(healthyCluster(), 1, alarm)))).toEqual(expected);
  });

  it('gives NOSPACE the runbook remedy and no second finding about the full DB', () => {
    const verdict = verdictOf(withNoSpace(healthyCluster(), 1));
    expect(verdict.findings).toEqual([
      {
        level: 'critical',
        code: 'alarm-nospace',
        message: `NOSPACE alarm on etcd-2 (${memberIdAt(1)}): the cluster refuses writes (only reads and deletes work)`,
        remedy: 'compact, defragment every member (followers first, leader last), then `etcdctl alarm disarm`',
        memberId: memberIdAt(1),
      },
    ]);
  });

  it('reports an alarm once although every member reports it', () => {
    const snap = withAlarm(healthyCluster({ members: 5 }), 3, 'CORRUPT');
    expect(snap.members.filter((m) => m.status?.ok && m.status.value.alarms.length > 0)).toHaveLength(5);
    expect(summary(verdictOf(snap))).toEqual(['critical:alarm-corrupt']);
  });

  it('attributes alarms to the member they name, not to the reporter', () => {
    const snap = withAlarm(withAlarm(healthyCluster(), 2, 'NOSPACE', [0]), 0, 'NOSPACE', [1, 2]);
    expect(verdictOf(snap).findings.map((f) => f.memberId)).toEqual([memberIdAt(0), memberIdAt(2)]);
  });

  it('names a member absent from the member list (alarms outlive removed members)', () => {
    const [finding] = verdictOf(withAlarm(healthyCluster(), 'deadbeef00000001', 'NOSPACE')).findings;
    expect(finding?.message).toMatch(/^NOSPACE alarm on member deadbeef00000001 \(not in the member list\)/);
  });

  it('still reports alarms carried by the members that answer', () => {
    const snap = withMemberDown(withAlarm(healthyCluster({ members: 5 }), 4, 'NOSPACE'), 4);
    expect(summary(verdictOf(snap))).toEqual(['critical:alarm-nospace', 'warning:member-unreachable']);
  });
});

describe('ordering: most severe first, the headline is the first finding', () => {
  // Everything at once on a 5-member cluster: etcd-5 down, etcd-4 lost the leader, NOSPACE on
  // etcd-3, etcd-2 fragmented with a slow disk, etcd-1 (the leader) near its quota.
  let snap = withMemberDown(healthyCluster({ members: 5 }), 4);
  snap = withLeader(snap, null, [3]);
  snap = withNoSpace(snap, 2);
  snap = withDbSize(snap, 1, 1 * GIB, 200 * 1024 * 1024);
  snap = withMetrics(snap, 1, { walFsyncP99Seconds: 0.05 });
  snap = withDbSize(snap, 0, 1.8 * GIB, 1.7 * GIB);
  const verdict = verdictOf(snap);

  it('sorts by level, then by urgency of the code, then by member order', () => {
    expect(verdict.level).toBe('critical');
    expect(summary(verdict)).toEqual([
      'critical:alarm-nospace',
      'warning:leader-disagreement',
      'warning:member-unreachable',
      'warning:db-near-quota',
      'warning:slow-wal-fsync',
      'warning:db-fragmented',
    ]);
    expect(verdict.findings[0]?.memberId).toBe(memberIdAt(2));
  });

  it('does not depend on the order members were polled in', () => {
    const reversed = { ...snap, members: [...snap.members].reverse() };
    expect(summary(verdictOf(reversed))).toEqual(summary(verdict));
  });

  it('orders per-member findings of one code by member order', () => {
    const twoDown = withMemberDown(withMemberDown(healthyCluster({ members: 5 }), 3), 1);
    expect(verdictOf(twoDown).findings.filter((f) => f.code === 'member-unreachable').map((f) => f.memberId)).toEqual([
      memberIdAt(1),
      memberIdAt(3),
    ]);
  });

  it('puts quorum before leader before alarms before single members', () => {
    const order = (code: string): number => findingCodes.indexOf(code as (typeof findingCodes)[number]);
    expect(order('quorum-lost')).toBeLessThan(order('no-leader'));
    expect(order('no-leader')).toBeLessThan(order('alarm-nospace'));
    expect(order('quorum-at-risk')).toBeLessThan(order('member-unreachable'));
    expect(new Set(findingCodes).size).toBe(findingCodes.length);
  });

  it('is warning when only warnings, critical as soon as one is critical', () => {
    expect(verdictOf(withMemberDown(healthyCluster(), 1)).level).toBe('warning');
    expect(verdictOf(withLeader(withMemberDown(healthyCluster(), 1), null)).level).toBe('critical');
  });
});
