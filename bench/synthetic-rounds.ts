// Poll rounds of a busy, healthy 3-member cluster for the retained-heap phase. Every figure that
// moves in a real cluster moves every round: raft and applied indexes, revision, DB size, call
// latencies, the latency histograms (so the p99s), the round's duration and its clock (so every
// age, uptime and "leading for" text). Each row the dashboard draws therefore shows text it has
// never shown before, which is what makes a cache keyed by text grow. Nothing crosses a
// threshold: no event, alarm or leader change, whose bounded lists would otherwise still be
// filling when the measurement starts. Deterministic, so two runs render the same frames.
import type { ClusterSnapshot } from '../src/core/cluster-snapshot.js';
import type { HistogramBuckets, MemberMetrics } from '../src/etcd/gateway.js';
import { DISK_BOUNDS, PEER_BOUNDS } from '../test/helpers/etcd-buckets.js';
import { healthyCluster, mapMember, TAKEN_AT_MS, withDbSize, withMetrics, withStatus } from '../test/helpers/snapshot-factory.js';

const MEMBERS = 3;
const ROUND_MS = 1_000;

/** A value in [0, 1) that varies with its arguments, the same in every run. */
function wobble(round: number, member: number, salt: number): number {
  const x = Math.sin(round * 12.9898 + member * 78.233 + salt * 37.719) * 43_758.5453;
  return x - Math.floor(x);
}

/** A cumulative histogram that keeps counting, as etcd's do from process start. */
class RunningHistogram {
  private readonly counts: number[];

  constructor(private readonly bounds: number[]) {
    this.counts = bounds.map(() => 0);
  }

  observe(seconds: number, times: number): void {
    this.bounds.forEach((le, i) => {
      if (seconds <= le) this.counts[i]! += times;
    });
  }

  buckets(): HistogramBuckets {
    return { le: this.bounds, counts: [...this.counts] };
  }
}

interface MemberCounters {
  walFsync: RunningHistogram;
  backendCommit: RunningHistogram;
  peerRoundTrip: RunningHistogram;
}

/** Makes round 0, 1, 2, … in turn: the histograms carry over from one round to the next. */
export class SyntheticRounds {
  private round = 0;
  private readonly base = healthyCluster({ members: MEMBERS });
  private readonly counters: MemberCounters[] = Array.from({ length: MEMBERS }, () => ({
    walFsync: new RunningHistogram(DISK_BOUNDS),
    backendCommit: new RunningHistogram(DISK_BOUNDS),
    peerRoundTrip: new RunningHistogram(PEER_BOUNDS),
  }));

  next(): ClusterSnapshot {
    const round = this.round++;
    let snapshot: ClusterSnapshot = {
      ...this.base,
      takenAtMs: TAKEN_AT_MS + round * ROUND_MS,
      durationMs: 6 + Math.floor(wobble(round, 0, 1) * 12),
    };
    for (let m = 0; m < MEMBERS; m++) snapshot = this.member(snapshot, m, round);
    return snapshot;
  }

  private member(snapshot: ClusterSnapshot, m: number, round: number): ClusterSnapshot {
    // ~40 proposals a round; followers trail the leader by a few entries, apply by one or two.
    const raftIndex = 812 + round * 40 + (m === 0 ? 4 : Math.floor(wobble(round, m, 2) * 4));
    const applied = raftIndex - Math.floor(wobble(round, m, 3) * 3);
    let next = withStatus(snapshot, m, {
      raftIndex: BigInt(raftIndex), raftAppliedIndex: BigInt(applied), revision: BigInt(911 + round * 31),
    });
    const dbSizeBytes = 25_000_000 + round * 4_096 + Math.floor(wobble(round, m, 4) * 2_048);
    next = withDbSize(next, m, dbSizeBytes, 20_000_000 + round * 3_000 + Math.floor(wobble(round, m, 5) * 4_096));
    next = withMetrics(next, m, this.metrics(m, round));
    return mapMember(next, m, (sample) => ({
      ...sample,
      status: sample.status && { ...sample.status, latencyMs: 1 + wobble(round, m, 6) * 4 },
      health: sample.health && { ...sample.health, latencyMs: 2 + wobble(round, m, 7) * 6 },
      metrics: sample.metrics && { ...sample.metrics, latencyMs: 3 + wobble(round, m, 8) * 5 },
    }));
  }

  private metrics(m: number, round: number): Partial<MemberMetrics> {
    const c = this.counters[m]!;
    const fsyncSeconds = 0.001 + wobble(round, m, 9) * 0.006;
    const commitSeconds = 0.002 + wobble(round, m, 10) * 0.012;
    const peerSeconds = 0.0003 + wobble(round, m, 11) * 0.002;
    c.walFsync.observe(fsyncSeconds, 40);
    c.backendCommit.observe(commitSeconds, 40);
    c.peerRoundTrip.observe(peerSeconds, 2);
    const peers = this.base.members.filter((_, p) => p !== m).map((sample) => sample.member.id);
    return {
      walFsyncP99Seconds: fsyncSeconds,
      backendCommitP99Seconds: commitSeconds,
      peerRoundTripP99Seconds: peerSeconds,
      proposalsPending: Math.floor(wobble(round, m, 12) * 3),
      latencyHistograms: {
        walFsync: c.walFsync.buckets(),
        backendCommit: c.backendCommit.buckets(),
        peerRoundTripByPeer: Object.fromEntries(peers.map((id) => [id, c.peerRoundTrip.buckets()])),
      },
    };
  }
}
