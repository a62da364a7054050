// Which latency p99s the verdict may judge. A p99 is judged only on at least
// MIN_LATENCY_OBSERVATIONS observations, over a window when the caller has an older scrape
// (the monitor keeps one about a minute old; `check` takes two scrapes a few seconds apart),
// else since the member started. Below that number the figure is dropped and the verdict
// notes "not enough samples yet": on a fresh member the p99 "since start" is the worst of a
// handful of fsyncs taken while the disk was busiest, and `check` warned on a healthy cluster.
import type { HistogramBuckets, MemberMetrics } from '../etcd/gateway.js';
import { histogramQuantile, subtractBuckets } from '../etcd/histogram.js';
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import { windowBaseline, LATENCY_WINDOW_MS, type LatencyWindow, type RawLatencyHistograms } from './latency-window.js';
import { memberIdOf, memberLabel, metricsOf } from './selectors.js';

/** A p99 of fewer observations is the worst one or two of them: not a percentile worth a page. */
export const MIN_LATENCY_OBSERVATIONS = 100;

export type LatencyMetricName = 'WAL fsync' | 'backend commit' | 'peer round-trip';

/**
 * etcd observes a peer's round trip only every 30 s per connection (two per peer: about 4 a
 * minute), each one already a smoothed RTT over many 4 s probes. At 100 a window of a minute
 * never held enough, and a slow link never reached the verdict; 4 is a minute of probing, the
 * same data etcd-mixin's alert reads over 5 minutes.
 */
export const MIN_PEER_ROUND_TRIP_OBSERVATIONS = 4;

export function minObservationsOf(what: LatencyMetricName): number {
  return what === 'peer round-trip' ? MIN_PEER_ROUND_TRIP_OBSERVATIONS : MIN_LATENCY_OBSERVATIONS;
}

export interface ThinLatency {
  memberLabel: string;
  what: LatencyMetricName;
  observations: number;
}

export interface JudgedLatency {
  /** The round with each p99 replaced by the judged one (undefined when too few observations). */
  snapshot: ClusterSnapshot;
  /** The window the p99s cover; undefined when they cover everything since start. */
  windowMs?: number;
  /** Figures dropped for lack of observations. */
  thin: ThinLatency[];
}

interface Judged {
  p99Seconds?: number;
  thin?: ThinLatency;
}

export function judgeLatency(snapshot: ClusterSnapshot, window: LatencyWindow, minWindowMs = LATENCY_WINDOW_MS): JudgedLatency {
  let windowMs: number | undefined;
  const thin: ThinLatency[] = [];
  const members = snapshot.members.map((sample): MemberSample => {
    const metrics = metricsOf(sample);
    const current = metrics?.latencyHistograms;
    if (!metrics || !current || !sample.metrics?.ok) return sample;
    const baseline = windowBaseline(window.byMember.get(memberIdOf(sample)), snapshot.takenAtMs, minWindowMs);
    if (baseline) windowMs = Math.min(windowMs ?? Number.POSITIVE_INFINITY, snapshot.takenAtMs - baseline.atMs);
    const judged = judgeMember(memberLabel(sample), current, baseline?.histograms);
    for (const figure of Object.values(judged)) if (figure.thin) thin.push(figure.thin);
    const value: MemberMetrics = {
      ...metrics,
      walFsyncP99Seconds: judged.walFsync.p99Seconds,
      backendCommitP99Seconds: judged.backendCommit.p99Seconds,
      peerRoundTripP99Seconds: judged.peerRoundTrip.p99Seconds,
    };
    return { ...sample, metrics: { ...sample.metrics, value } };
  });
  return { snapshot: { ...snapshot, members }, ...(windowMs !== undefined ? { windowMs } : {}), thin };
}

function judgeMember(label: string, current: RawLatencyHistograms, baseline: RawLatencyHistograms | undefined): Record<'walFsync' | 'backendCommit' | 'peerRoundTrip', Judged> {
  const peers = Object.entries(current.peerRoundTripByPeer ?? {}).map(([peer, buckets]) =>
    judgeOne(label, 'peer round-trip', buckets, baseline?.peerRoundTripByPeer?.[peer]));
  // The worst peer that has enough observations; "thin" only when no peer has.
  const judgedPeers = peers.filter((peer) => peer.p99Seconds !== undefined);
  const worst = judgedPeers.reduce<Judged | undefined>((a, b) => (a && (a.p99Seconds ?? 0) >= (b.p99Seconds ?? 0) ? a : b), undefined);
  const thinPeer = peers.find((peer) => peer.thin);
  return {
    walFsync: judgeOne(label, 'WAL fsync', current.walFsync, baseline?.walFsync),
    backendCommit: judgeOne(label, 'backend commit', current.backendCommit, baseline?.backendCommit),
    peerRoundTrip: worst ?? (thinPeer ? { thin: thinPeer.thin! } : {}),
  };
}

function judgeOne(label: string, what: LatencyMetricName, later: HistogramBuckets | undefined, earlier: HistogramBuckets | undefined): Judged {
  if (later === undefined) return {};
  const total = later.counts[later.counts.length - 1] ?? 0;
  const before = earlier?.counts[earlier.counts.length - 1] ?? 0;
  // A total below the baseline's means the member restarted: its histogram is the whole window.
  const restarted = total < before;
  const observations = restarted ? total : total - before;
  if (observations < minObservationsOf(what)) return { thin: { memberLabel: label, what, observations } };
  const buckets = earlier === undefined || restarted ? later : subtractBuckets(later, earlier);
  return { p99Seconds: histogramQuantile(0.99, buckets) };
}

/** One line for `check`: which figures were not judged, and why. Undefined when none. */
export function thinLatencyNote(thin: readonly ThinLatency[], windowMs: number | undefined, formatWindow: (ms: number) => string): string | undefined {
  if (thin.length === 0) return undefined;
  const byWhat = new Map<LatencyMetricName, number>();
  for (const entry of thin) byWhat.set(entry.what, (byWhat.get(entry.what) ?? 0) + 1);
  const where = windowMs === undefined ? 'since start' : `in the last ${formatWindow(windowMs)}`;
  const mins = [...new Set([...byWhat.keys()].map(minObservationsOf))];
  const fewer = mins.length === 1 ? `fewer than ${mins[0]} observations` : 'fewer observations than each needs';
  const which = [...byWhat].map(([what, members]) =>
    `${what} on ${members} member${members === 1 ? '' : 's'}${mins.length === 1 ? '' : ` (<${minObservationsOf(what)})`}`).join(', ');
  return `not enough samples yet to judge latency (${fewer} ${where}): ${which}`;
}
