import { describe, expect, it } from 'vitest';
import { alarmsOf, DEFAULT_QUOTA_BYTES, leaderOf, memberLabel, quotaBytesOf } from '../../src/core/selectors.js';
import {
  GIB,
  healthyCluster,
  memberIdAt,
  unreachableCluster,
  withAlarm,
  withLeader,
  withMemberDown,
  withMetrics,
  withoutMetrics,
  withStatus,
  withUnstartedMember,
} from '../helpers/snapshot-factory.js';

const id = memberIdAt;

describe('leaderOf', () => {
  it.each([
    { name: 'every member agrees', snap: healthyCluster(), leader: id(0), agreeing: 3, disagreement: [] },
    {
      name: 'a follower sees no leader',
      snap: withLeader(healthyCluster(), null, [2]),
      leader: id(0),
      agreeing: 2,
      disagreement: [{ memberId: id(2), seesLeaderId: null }],
    },
    {
      name: 'a follower follows another leader',
      snap: withLeader(healthyCluster(), 2, [2]),
      leader: id(0),
      agreeing: 2,
      disagreement: [{ memberId: id(2), seesLeaderId: id(2) }],
    },
    {
      name: 'a down member has no say',
      snap: withMemberDown(withLeader(healthyCluster(), null, [1]), 1),
      leader: id(0),
      agreeing: 2,
      disagreement: [],
    },
    {
      name: 'learners do not vote, but a learner that lost the leader disagrees',
      snap: withLeader(healthyCluster({ members: 3, learners: 2 }), 4, [3, 4]),
      leader: id(0),
      agreeing: 3,
      disagreement: [
        { memberId: id(3), seesLeaderId: id(4) },
        { memberId: id(4), seesLeaderId: id(4) },
      ],
    },
    { name: 'no voter sees a leader', snap: withLeader(healthyCluster(), null), leader: null, agreeing: 0, disagreement: [] },
    { name: 'nothing answered', snap: unreachableCluster(), leader: null, agreeing: 0, disagreement: [] },
  ])('$name', ({ snap, leader, agreeing, disagreement }) => {
    expect(leaderOf(snap)).toEqual({ leaderId: leader, agreeingVoters: agreeing, disagreement });
  });

  it('breaks a tie by the higher raft term (the newer election), whatever the poll order', () => {
    const split = withStatus(withLeader(withMemberDown(healthyCluster(), 2), 1, [1]), 1, { raftTerm: 3n });
    expect(leaderOf(split).leaderId).toBe(id(1));
    const reversed = { ...split, members: [...split.members].reverse() };
    expect(leaderOf(reversed).leaderId).toBe(id(1));
  });
});

describe('alarmsOf', () => {
  it('reports an alarm once however many members report it, attributed to the member it names', () => {
    const snap = withAlarm(healthyCluster(), 1, 'NOSPACE');
    expect(snap.members.every((m) => m.status?.ok && m.status.value.alarms.length === 1)).toBe(true);
    expect(alarmsOf(snap)).toEqual([{ memberId: id(1), alarm: 'NOSPACE' }]);
  });

  it('keeps distinct (member, alarm) pairs, including alarms of members no longer listed', () => {
    const snap = withAlarm(withAlarm(withAlarm(healthyCluster(), 0, 'NOSPACE'), 2, 'NOSPACE'), 'deadbeef00000001', 'CORRUPT');
    expect(alarmsOf(snap)).toEqual([
      { memberId: id(0), alarm: 'NOSPACE' },
      { memberId: id(2), alarm: 'NOSPACE' },
      { memberId: 'deadbeef00000001', alarm: 'CORRUPT' },
    ]);
  });

  it('merges alarms that only some members report (their views arrive at different instants)', () => {
    const snap = withAlarm(withAlarm(healthyCluster(), 0, 'NOSPACE', [0]), 2, 'CORRUPT', [1]);
    expect(alarmsOf(snap)).toHaveLength(2);
  });

  it('reads nothing from members that did not answer', () => {
    expect(alarmsOf(withMemberDown(withAlarm(healthyCluster(), 0, 'NOSPACE', [1]), 1))).toEqual([]);
  });
});

describe('quotaBytesOf', () => {
  it.each([
    { name: 'from metrics', snap: healthyCluster(), expected: { bytes: 2 * GIB, known: true } },
    { name: 'the smallest when members differ', snap: withMetrics(healthyCluster(), 2, { quotaBackendBytes: GIB }), expected: { bytes: GIB, known: true } },
    { name: 'assumed 2 GiB without metrics', snap: withoutMetrics(healthyCluster()), expected: { bytes: DEFAULT_QUOTA_BYTES, known: false } },
    {
      name: 'assumed when the metric is 0 (quota disabled or unset)',
      snap: [0, 1, 2].reduce((s, i) => withMetrics(s, i, { quotaBackendBytes: 0 }), healthyCluster()),
      expected: { bytes: 2 * GIB, known: false },
    },
    {
      name: 'from the one member that was scraped',
      snap: withoutMetrics(withMetrics(healthyCluster(), 1, { quotaBackendBytes: 8 * GIB }), 0, 2),
      expected: { bytes: 8 * GIB, known: true },
    },
  ])('$name', ({ snap, expected }) => {
    expect(quotaBytesOf(snap)).toEqual(expected);
  });

  it('defaults to etcd\'s 2 GiB', () => {
    expect(DEFAULT_QUOTA_BYTES).toBe(2_147_483_648);
  });
});

describe('memberLabel', () => {
  it.each([
    { name: 'named member', sample: healthyCluster().members[1], expected: `etcd-2 (${id(1)})` },
    { name: 'unstarted member', sample: withUnstartedMember(healthyCluster()).members[3], expected: `unstarted member ${id(3)}` },
    { name: 'discovery placeholder', sample: unreachableCluster().members[0], expected: 'https://10.0.0.1:2379 (id unknown)' },
  ])('$name', ({ sample, expected }) => {
    expect(sample && memberLabel(sample)).toBe(expected);
  });
});
