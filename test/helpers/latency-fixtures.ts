// Recorded monitor states with raw latency histograms, for the Latency pane and its view: each
// round adds observations to cumulative buckets the way a real etcd's /metrics would, on top of
// a long quiet past, so a p99 since process start and a p99 over the last minute differ.
import type { HistogramBuckets, MemberMetrics } from '../../src/etcd/gateway.js';
import { histogramQuantile } from '../../src/etcd/histogram.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { DISK_BOUNDS, PEER_BOUNDS } from './etcd-buckets.js';
import { replay } from './monitor-fixtures.js';
import { healthyCluster, memberIdAt, withMemberDown, withMetrics } from './snapshot-factory.js';


/** Cumulative buckets holding `observations`: [seconds, count] pairs. */
export function buckets(bounds: number[], observations: [number, number][]): HistogramBuckets {
  return { le: [...bounds], counts: bounds.map((le) => observations.reduce((sum, [s, n]) => (s <= le ? sum + n : sum), 0)) };
}

/** Observations a member made before the session started: a month of a fast disk and network. */
const PAST = 1_000_000;

interface MemberLoad {
  /** Per round: fsyncs and commits at `diskSeconds`, peer probes at `peerSeconds`. */
  diskSeconds: (round: number) => number;
  commitSeconds: (round: number) => number;
  peerSeconds: (round: number) => number;
  failedTotal: (round: number) => number;
}

const fast: MemberLoad = { diskSeconds: () => 0.0015, commitSeconds: () => 0.003, peerSeconds: () => 0.0008, failedTotal: () => 0 };

/** Cumulative histograms of member `m` after `round` rounds of `load`. */
function metricsAfter(m: number, round: number, load: MemberLoad): Partial<MemberMetrics> {
  const sum = (perRound: (r: number) => number, past: number, each: number): [number, number][] => [
    [past, PAST],
    ...Array.from({ length: round + 1 }, (_, r): [number, number] => [perRound(r), each]),
  ];
  const walFsync = buckets(DISK_BOUNDS, sum(load.diskSeconds, 0.0015, 100));
  const backendCommit = buckets(DISK_BOUNDS, sum(load.commitSeconds, 0.003, 100));
  const peers = [0, 1, 2].filter((p) => p !== m).map(memberIdAt);
  const peerRoundTripByPeer = Object.fromEntries(peers.map((id) => [id, buckets(PEER_BOUNDS, sum(load.peerSeconds, 0.0008, 1))]));
  const p99 = (b: HistogramBuckets) => histogramQuantile(0.99, b);
  const worstPeer = Math.max(...Object.values(peerRoundTripByPeer).map((b) => p99(b) ?? 0));
  return {
    walFsyncP99Seconds: p99(walFsync),
    backendCommitP99Seconds: p99(backendCommit),
    peerRoundTripP99Seconds: worstPeer,
    proposalsFailedTotal: load.failedTotal(round),
    proposalsPending: m === 1 ? 7 : 0,
    latencyHistograms: { walFsync, backendCommit, peerRoundTripByPeer },
  };
}

/** From round 30 etcd-2's disk is slow (40 ms fsync, 30 ms commit) and proposals start failing; etcd-3's links are slow. */
const incident: MemberLoad[] = [
  fast,
  {
    diskSeconds: (r) => (r >= 30 ? 0.04 : 0.0015),
    commitSeconds: (r) => (r >= 30 ? 0.03 : 0.003),
    peerSeconds: () => 0.0008,
    failedTotal: (r) => 5 + Math.max(0, Math.floor((r - 30) / 10)),
  },
  { ...fast, peerSeconds: (r) => (r >= 30 ? 0.08 : 0.0008) },
];

function roundOf(i: number, loads: MemberLoad[] = incident): ClusterSnapshot {
  return loads.reduce((snapshot, load, m) => withMetrics(snapshot, m, metricsAfter(m, i, load)), healthyCluster());
}

export const latencyFixtures = {
  /** 90 rounds: old enough for p99s over the last minute. */
  slowDisk: (): MonitorState => replay(90, (i) => roundOf(i)),
  /** The same incident after 40 rounds: no sample a minute old yet, so p99s since start. */
  slowDiskEarly: (): MonitorState => replay(40, (i) => roundOf(i)),
  /** 90 rounds, etcd-2's scrape failing for the last 10. */
  slowDiskMemberDown: (): MonitorState => replay(90, (i) => (i >= 80 ? withMemberDown(roundOf(i), 1) : roundOf(i))),
  /** 90 rounds; etcd-3 wrote nothing since round 20, so its window holds no observations. */
  idle: (): MonitorState => replay(90, (i) => withMetrics(roundOf(i, [fast, fast, fast]), 2, metricsAfter(2, Math.min(i, 20), fast))),
} as const;
