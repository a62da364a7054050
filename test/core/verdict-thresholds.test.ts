// Every threshold at its boundary: "more than" the limit fires, the limit itself does not.
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { defaultThresholds, thresholdDocs, thresholdProblems, verdictOf, type Verdict } from '../../src/core/verdict.js';
import {
  GIB,
  MIB,
  STARTED_AT_SECONDS,
  TAKEN_AT_MS,
  healthyCluster,
  memberIdAt,
  withDbSize,
  withMetrics,
  withoutMetrics,
  withStatus,
} from '../helpers/snapshot-factory.js';

function summary(verdict: Verdict): string[] {
  return verdict.findings.map((f) => `${f.level}:${f.code}`);
}

const base = healthyCluster();
const quota = 2 * GIB;

describe('DB size against the quota (follower etcd-2)', () => {
  it.each([
    { percent: 80, expected: [] },
    { percent: 80.01, expected: ['warning:db-near-quota'] },
    { percent: 95, expected: ['warning:db-near-quota'] },
    { percent: 95.01, expected: ['critical:db-near-quota'] },
  ])('$percent% → $expected', ({ percent, expected }) => {
    expect(summary(verdictOf(withDbSize(base, 1, (quota * percent) / 100)))).toEqual(expected);
  });

  it('takes thresholds from the caller, the rest from the defaults', () => {
    const snap = withDbSize(base, 1, quota * 0.75);
    expect(summary(verdictOf(snap, { dbWarnPercent: 70 }))).toEqual(['warning:db-near-quota']);
    expect(summary(verdictOf(snap, { dbWarnPercent: 60, dbCriticalPercent: 70 }))).toEqual(['critical:db-near-quota']);
  });

  it('says when the quota is assumed', () => {
    const [finding] = verdictOf(withoutMetrics(withDbSize(base, 1, quota * 0.9))).findings;
    expect(finding?.memberId).toBe(memberIdAt(1));
    expect(finding?.message).toBe(
      `etcd-2 (${memberIdAt(1)}): DB size 1.8 GiB is 90.0% of the 2.0 GiB quota (etcd's 2 GiB default, assumed: no quota in metrics)`,
    );
  });

  it("uses the member's own quota", () => {
    const snap = withMetrics(withDbSize(base, 1, quota * 0.9), 1, { quotaBackendBytes: 8 * GIB });
    expect(summary(verdictOf(snap))).toEqual([]);
  });
});

describe('raft progress', () => {
  // etcd-1 leads at index 10000, etcd-2 keeps up, etcd-3 is the member under test.
  const withIndexes = (follower: bigint, applied: bigint): ClusterSnapshot => {
    const caughtUp = [0, 1].reduce((s, i) => withStatus(s, i, { raftIndex: 10_000n, raftAppliedIndex: 10_000n }), base);
    return withStatus(caughtUp, 2, { raftIndex: follower, raftAppliedIndex: applied });
  };

  it.each([
    { name: 'drift at the limit', snap: withIndexes(9000n, 9000n), expected: [] },
    { name: 'drift over the limit', snap: withIndexes(8999n, 8999n), expected: ['warning:raft-index-drift'] },
    { name: 'apply lag at the limit', snap: withIndexes(10_000n, 9000n), expected: [] },
    { name: 'apply lag over the limit', snap: withIndexes(10_000n, 8999n), expected: ['warning:apply-lag'] },
    { name: 'both', snap: withIndexes(8000n, 6000n), expected: ['warning:apply-lag', 'warning:raft-index-drift'] },
  ])('$name', ({ snap, expected }) => {
    expect(summary(verdictOf(snap))).toEqual(expected);
  });

  it('names the leader a member drifts from', () => {
    const [finding] = verdictOf(withIndexes(7000n, 7000n)).findings;
    expect(finding?.message).toBe(`etcd-3 (${memberIdAt(2)}) is 3000 raft entries behind the leader etcd-1 (${memberIdAt(0)})`);
  });
});

describe('fragmentation', () => {
  it.each([
    { name: '60% free in 200 MiB', size: 200 * MIB, inUse: 80 * MIB, expected: ['warning:db-fragmented'] },
    { name: 'exactly 50% free', size: 200 * MIB, inUse: 100 * MIB, expected: [] },
    { name: '60% free in a small 50 MiB DB', size: 50 * MIB, inUse: 20 * MIB, expected: [] },
    { name: 'at the 100 MiB floor', size: 100 * MIB, inUse: 10 * MIB, expected: [] },
  ])('$name → $expected', ({ size, inUse, expected }) => {
    expect(summary(verdictOf(withDbSize(base, 1, size, inUse)))).toEqual(expected);
  });

  it('says how much is free and how to defragment that member', () => {
    const [finding] = verdictOf(withDbSize(base, 1, 500_000_000, 100_000_000)).findings;
    expect(finding?.message).toBe(`etcd-2 (${memberIdAt(1)}): 80% of its 477 MiB DB file is free space (95 MiB in use)`);
    expect(finding?.remedy).toContain('etcdctl defrag --endpoints=https://10.0.0.2:2379');
  });
});

describe('latency p99 from metrics', () => {
  it.each([
    { metric: { walFsyncP99Seconds: 0.01 }, expected: [] },
    { metric: { walFsyncP99Seconds: 0.011 }, expected: ['warning:slow-wal-fsync'] },
    { metric: { walFsyncP99Seconds: 1 }, expected: ['warning:slow-wal-fsync'] },
    { metric: { walFsyncP99Seconds: 1.2 }, expected: ['critical:slow-wal-fsync'] },
    { metric: { backendCommitP99Seconds: 0.025 }, expected: [] },
    { metric: { backendCommitP99Seconds: 0.026 }, expected: ['warning:slow-backend-commit'] },
    { metric: { peerRoundTripP99Seconds: 0.05 }, expected: [] },
    { metric: { peerRoundTripP99Seconds: 0.051 }, expected: ['warning:slow-peer-rtt'] },
  ])('$metric → $expected', ({ metric, expected }) => {
    expect(summary(verdictOf(withMetrics(base, 1, metric)))).toEqual(expected);
  });

  it.each([
    { context: {}, message: `etcd-2 (${memberIdAt(1)}): WAL fsync p99 since start is 38ms (over 10ms)` },
    { context: { latencyWindowMs: 30_000 }, message: `etcd-2 (${memberIdAt(1)}): WAL fsync p99 over the last 30s is 38ms (over 10ms)` },
  ])('prints the value, the window it covers and the limit: $message', ({ context, message }) => {
    const [finding] = verdictOf(withMetrics(base, 1, { walFsyncP99Seconds: 0.038 }), {}, context).findings;
    expect(finding?.message).toBe(message);
  });
});

describe('leader changes', () => {
  const startedMinutesAgo = (minutes: number): number => TAKEN_AT_MS / 1000 - minutes * 60;
  const seen = (total: number, start = STARTED_AT_SECONDS): ClusterSnapshot =>
    withMetrics(base, 1, { leaderChangesSeenTotal: total, processStartTimeSeconds: start });

  it.each([
    { name: 'caller saw 3 in the last hour', snap: base, context: { leaderChangesLastHour: 3 }, expected: [] },
    { name: 'caller saw 4 in the last hour', snap: base, context: { leaderChangesLastHour: 4 }, expected: ['warning:frequent-leader-changes'] },
    { name: "the caller's count wins over metrics", snap: seen(50, startedMinutesAgo(20)), context: { leaderChangesLastHour: 0 }, expected: [] },
    { name: '3 changes (4 seen, the first counts) in 20 min', snap: seen(4, startedMinutesAgo(20)), context: {}, expected: [] },
    { name: '4 changes in 20 min', snap: seen(5, startedMinutesAgo(20)), context: {}, expected: ['warning:frequent-leader-changes'] },
    { name: '30 changes in 10 h (3/h on average)', snap: seen(31, startedMinutesAgo(600)), context: {}, expected: [] },
    { name: '31 changes in 10 h', snap: seen(32, startedMinutesAgo(600)), context: {}, expected: ['warning:frequent-leader-changes'] },
    { name: 'start time in the future (clock skew)', snap: seen(50, startedMinutesAgo(-5)), context: {}, expected: [] },
  ])('$name', ({ snap, context, expected }) => {
    expect(summary(verdictOf(snap, {}, context))).toEqual(expected);
  });

  it.each([
    { total: 6, minutes: 20, message: `5 leader changes since etcd-2 (${memberIdAt(1)}) started 20m ago` },
    { total: 41, minutes: 300, message: `40 leader changes since etcd-2 (${memberIdAt(1)}) started 5h ago (8.0 per hour on average)` },
  ])('words the estimate as a count since start: $message', ({ total, minutes, message }) => {
    const [finding] = verdictOf(seen(total, startedMinutesAgo(minutes))).findings;
    expect(finding?.message).toBe(message);
  });

  it('reports the worst member once', () => {
    const snap = withMetrics(seen(10, startedMinutesAgo(30)), 2, { leaderChangesSeenTotal: 20, processStartTimeSeconds: startedMinutesAgo(30) });
    expect(verdictOf(snap).findings.map((f) => f.memberId)).toEqual([memberIdAt(2)]);
  });
});

describe('failed proposals', () => {
  it.each([
    { context: {}, expected: [] },
    { context: { proposalsFailed: { count: 0, windowMs: 30_000 } }, expected: [] },
    { context: { proposalsFailed: { count: 2, windowMs: 30_000 } }, expected: ['warning:proposals-failed'] },
  ])('$context → $expected', ({ context, expected }) => {
    expect(summary(verdictOf(base, {}, context))).toEqual(expected);
  });
});

describe('thresholds', () => {
  it('documents every threshold for --help', () => {
    expect(Object.keys(thresholdDocs).sort()).toEqual(Object.keys(defaultThresholds).sort());
  });

  it.each([
    { change: {}, problems: [] },
    { change: { dbWarnPercent: 96 }, problems: ['dbWarnPercent must not exceed dbCriticalPercent'] },
    { change: { maxApplyLag: -1 }, problems: ['maxApplyLag must be a number ≥ 0'] },
    { change: { walFsyncCriticalMs: Number.NaN }, problems: ['walFsyncCriticalMs must be a number ≥ 0'] },
  ])('problems with $change', ({ change, problems }) => {
    expect(thresholdProblems({ ...defaultThresholds, ...change })).toEqual(problems);
  });
});
