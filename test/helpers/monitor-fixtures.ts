// Recorded monitor states for frame tests: a series of rounds built with the snapshot factory and
// folded through the real reducer, so history, events and leader changes are what the monitor
// would really hold after watching that incident unfold. Every state is deterministic.
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import {
  MIB,
  TAKEN_AT_MS,
  healthyCluster,
  withDbSize,
  withLeader,
  withMemberDown,
  withMetrics,
  withNoSpace,
  withStatus,
} from './snapshot-factory.js';

export const INTERVAL_MS = 1000;

/** Re-times a snapshot to round `i` (one interval apart, ending at TAKEN_AT_MS). */
function at(snapshot: ClusterSnapshot, i: number, total: number): ClusterSnapshot {
  return { ...snapshot, takenAtMs: TAKEN_AT_MS - (total - 1 - i) * INTERVAL_MS };
}

/** Folds `rounds` rounds through the reducer; `roundAt(i)` builds round i. */
export function replay(total: number, roundAt: (i: number) => ClusterSnapshot): MonitorState {
  let state = initialMonitorState({ historyCapacity: 3600 });
  for (let i = 0; i < total; i++) state = reduceMonitor(state, { type: 'round', snapshot: at(roundAt(i), i, total) });
  return state;
}

/** The instant the last round of every fixture was taken: pass it as `nowMs`. */
export const NOW_MS = TAKEN_AT_MS;

/** DB growing slowly on every member, raft indexes advancing together. */
function growing(i: number): ClusterSnapshot {
  let snapshot = healthyCluster();
  for (let m = 0; m < 3; m++) {
    snapshot = withDbSize(snapshot, m, 25 * MIB + i * 64 * 1024, 20 * MIB + i * 48 * 1024);
    snapshot = withStatus(snapshot, m, { raftIndex: 100_000n + BigInt(i * 10), raftAppliedIndex: 100_000n + BigInt(i * 10) });
  }
  return snapshot;
}

export const fixtures = {
  healthy: () => replay(60, growing),
  /** etcd-2 stops answering 20 rounds before the end. */
  memberDown: () => replay(60, (i) => (i >= 40 ? withMemberDown(growing(i), 1) : growing(i))),
  /** Leadership lost for the last 5 rounds, after a change from etcd-1 to etcd-3 earlier. */
  noLeader: () => replay(60, (i) => {
    if (i >= 55) return withLeader(growing(i), null);
    // An election raises the term: every member reports the new one.
    return i >= 30 ? [0, 1, 2].reduce((snap, m) => withStatus(snap, m, { raftTerm: 3n }), withLeader(growing(i), 2)) : growing(i);
  }),
  /** 16 MiB quota reached: NOSPACE raised on etcd-1, every DB at ~99%. */
  noSpace: () => replay(60, (i) => {
    let snapshot = i >= 50 ? withNoSpace(growing(i), 0) : growing(i);
    for (let m = 0; m < 3; m++) {
      snapshot = withMetrics(snapshot, m, { quotaBackendBytes: 16 * MIB });
      snapshot = withDbSize(snapshot, m, 10 * MIB + i * 100 * 1024, 8 * MIB + i * 90 * 1024);
    }
    return snapshot;
  }),
  /** etcd-3 falls further behind every round and applies slowly. */
  drift: () => replay(60, (i) => withStatus(growing(i), 2, {
    raftIndex: 100_000n + BigInt(i * 10) - BigInt(i * 40),
    raftAppliedIndex: 100_000n + BigInt(i * 10) - BigInt(i * 60),
  })),
} as const;

export type FixtureName = keyof typeof fixtures;
