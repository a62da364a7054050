// A short memory of each member's latency histograms, so p99s can cover roughly the last minute.
// etcd's histograms count from process start: on a member up for a month, one scrape's p99 hides
// a disk that went slow five minutes ago. Subtracting a sample about a minute old from the
// current scrape gives the p99 of that minute alone. Bounded: a few samples per current member.
import type { HistogramBuckets, MemberId, MemberMetrics } from '../etcd/gateway.js';
import { latencyP99s, type LatencyHistograms, type LatencyP99s } from '../etcd/metrics.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { memberIdOf, metricsOf } from './selectors.js';

/** One sample every 10 s and 7 kept: the oldest is always at least a minute old once filled. */
export const LATENCY_SAMPLE_EVERY_MS = 10_000;
export const LATENCY_SAMPLES_KEPT = 7;
/** A windowed p99 needs a baseline at least this old; until then p99s are since process start. */
export const LATENCY_WINDOW_MS = 60_000;

export type RawLatencyHistograms = NonNullable<MemberMetrics['latencyHistograms']>;

export interface LatencySample {
  atMs: number;
  histograms: RawLatencyHistograms;
}

export interface MemberLatencyWindow {
  /** Oldest first, at least LATENCY_SAMPLE_EVERY_MS apart, at most LATENCY_SAMPLES_KEPT. */
  samples: readonly LatencySample[];
  /** etcd_server_proposals_failed_total as last scraped. */
  lastProposalsFailedTotal?: number;
  /** Failed proposals seen since this session first scraped the member, across its restarts. */
  proposalsFailedThisSession: number;
}

export interface LatencyWindow {
  byMember: ReadonlyMap<MemberId, MemberLatencyWindow>;
}

export function initialLatencyWindow(): LatencyWindow {
  return { byMember: new Map() };
}

/** Folds one round in. Members gone from the round's member list are forgotten. */
export function nextLatencyWindow(prev: LatencyWindow, snapshot: ClusterSnapshot): LatencyWindow {
  const byMember = new Map<MemberId, MemberLatencyWindow>();
  for (const sample of snapshot.members) {
    const id = memberIdOf(sample);
    if (!id) continue;
    const before = prev.byMember.get(id) ?? { samples: [], proposalsFailedThisSession: 0 };
    const metrics = metricsOf(sample);
    byMember.set(id, metrics ? nextMember(before, metrics, snapshot.takenAtMs) : before);
  }
  return { byMember };
}

function nextMember(before: MemberLatencyWindow, metrics: MemberMetrics, atMs: number): MemberLatencyWindow {
  const histograms = metrics.latencyHistograms;
  const newest = before.samples[before.samples.length - 1];
  const due = histograms !== undefined && (newest === undefined || atMs - newest.atMs >= LATENCY_SAMPLE_EVERY_MS);
  const samples = due ? [...before.samples, { atMs, histograms }].slice(-LATENCY_SAMPLES_KEPT) : before.samples;
  const total = metrics.proposalsFailedTotal;
  if (total === undefined) return { ...before, samples };
  const last = before.lastProposalsFailedTotal;
  // A total below the last one means the member restarted and its counter began again at 0.
  const increase = last === undefined ? 0 : total >= last ? total - last : total;
  return { samples, lastProposalsFailedTotal: total, proposalsFailedThisSession: before.proposalsFailedThisSession + increase };
}

/** The newest sample at least `minWindowMs` (LATENCY_WINDOW_MS) older than `atMs`: the start of the window. */
export function windowBaseline(member: MemberLatencyWindow | undefined, atMs: number, minWindowMs = LATENCY_WINDOW_MS): LatencySample | undefined {
  const samples = member?.samples ?? [];
  for (let i = samples.length - 1; i >= 0; i--) {
    const sample = samples[i]!;
    if (atMs - sample.atMs >= minWindowMs) return sample;
  }
  return undefined;
}

export interface WindowedP99s extends LatencyP99s {
  /** How long the p99s cover; undefined when they cover everything since the member started. */
  windowMs?: number;
}

/**
 * p99s of the current scrape over the window ending at `atMs` when a baseline is old enough,
 * else since process start (from the histograms, or the scrape's own p99s without them).
 */
export function windowedP99s(metrics: MemberMetrics, member: MemberLatencyWindow | undefined, atMs: number): WindowedP99s {
  const current = metrics.latencyHistograms;
  if (current === undefined) {
    const { walFsyncP99Seconds, backendCommitP99Seconds, peerRoundTripP99Seconds } = metrics;
    return { walFsyncP99Seconds, backendCommitP99Seconds, peerRoundTripP99Seconds };
  }
  const baseline = windowBaseline(member, atMs);
  const p99s = p99sBetween(current, baseline?.histograms);
  return baseline ? { ...p99s, windowMs: atMs - baseline.atMs } : { ...p99s };
}

/**
 * The last p99s computed from each scrape's histograms, with the baseline they were taken against.
 * Metrics are scraped every 5 s and the same histogram objects (never mutated: snapshots are data)
 * are judged by every round and drawn by every frame in between: computed once per pair. Weak, so
 * an entry goes with its scrape.
 */
const p99sByScrape = new WeakMap<RawLatencyHistograms, { baseline: RawLatencyHistograms | undefined; p99s: LatencyP99s }>();

function p99sBetween(current: RawLatencyHistograms, baseline: RawLatencyHistograms | undefined): LatencyP99s {
  const cached = p99sByScrape.get(current);
  if (cached !== undefined && cached.baseline === baseline) return cached.p99s;
  const p99s = latencyP99s(toLatencyHistograms(current), baseline && toLatencyHistograms(baseline));
  p99sByScrape.set(current, { baseline, p99s });
  return p99s;
}

/** Observations in the window (or since start): 0 means idle, which is not the same as unknown. */
export function observationsOf(later: HistogramBuckets | undefined, earlier: HistogramBuckets | undefined): number | undefined {
  const total = later?.counts[later.counts.length - 1];
  if (total === undefined) return undefined;
  const before = earlier?.counts[earlier.counts.length - 1] ?? 0;
  return total >= before ? total - before : total;
}

function toLatencyHistograms(raw: RawLatencyHistograms): LatencyHistograms {
  return {
    ...(raw.walFsync ? { walFsync: raw.walFsync } : {}),
    ...(raw.backendCommit ? { backendCommit: raw.backendCommit } : {}),
    peerRoundTripByPeer: new Map(Object.entries(raw.peerRoundTripByPeer ?? {})),
  };
}

/**
 * The round with each member's latency p99s replaced by those over the window, so the verdict
 * judges the disk as it is now, like the latency pane, rather than over the member's lifetime
 * (a million fast fsyncs hide a disk that turned slow a minute ago). windowMs is undefined
 * until some member has a full window; the round is then returned as is.
 */
export function withWindowedLatency(snapshot: ClusterSnapshot, window: LatencyWindow): { snapshot: ClusterSnapshot; windowMs?: number } {
  let windowMs: number | undefined;
  const members = snapshot.members.map((sample) => {
    const metrics = metricsOf(sample);
    if (!metrics || !sample.metrics?.ok) return sample;
    const p99s = windowedP99s(metrics, window.byMember.get(memberIdOf(sample)), snapshot.takenAtMs);
    if (p99s.windowMs === undefined) return sample;
    windowMs = Math.min(windowMs ?? Number.POSITIVE_INFINITY, p99s.windowMs);
    const { walFsyncP99Seconds, backendCommitP99Seconds, peerRoundTripP99Seconds } = p99s;
    return { ...sample, metrics: { ...sample.metrics, value: { ...metrics, walFsyncP99Seconds, backendCommitP99Seconds, peerRoundTripP99Seconds } } };
  });
  return windowMs === undefined ? { snapshot } : { snapshot: { ...snapshot, members }, windowMs };
}
