import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import {
  LATENCY_SAMPLES_KEPT,
  initialLatencyWindow,
  nextLatencyWindow,
  windowBaseline,
  windowedP99s,
  type LatencyWindow,
  type MemberLatencyWindow,
} from '../../src/core/latency-window.js';
import type { MemberMetrics } from '../../src/etcd/gateway.js';
import { extractHistograms, latencyHistogramsRecord } from '../../src/etcd/metrics.js';
import { DISK_BOUNDS, PEER_BOUNDS } from '../helpers/etcd-buckets.js';
import { buckets } from '../helpers/latency-fixtures.js';
import { TAKEN_AT_MS, healthyCluster, memberIdAt, withMemberDown, withMetrics } from '../helpers/snapshot-factory.js';

const ETCD1 = memberIdAt(0);
const fsync = (fast: number, slow = 0) => buckets(DISK_BOUNDS, [[0.0015, fast], [0.04, slow]]);

function round(atMs: number, patch: Partial<MemberMetrics> = {}): ClusterSnapshot {
  return { ...withMetrics(healthyCluster(), 0, { latencyHistograms: { walFsync: fsync(1000) }, ...patch }), takenAtMs: atMs };
}

function fold(snapshots: ClusterSnapshot[]): LatencyWindow {
  return snapshots.reduce(nextLatencyWindow, initialLatencyWindow());
}

describe('nextLatencyWindow', () => {
  it.each([
    // Sampled at 0, 10, …, 90 s; the newest seven kept; the last round (99 s) was not due.
    { intervalMs: 1000, rounds: 100, expectedAges: [9, 19, 29, 39, 49, 59, 69] },
    // Sampled at 0, 12 and 24 s: the first round at least 10 s after the previous sample.
    { intervalMs: 3000, rounds: 10, expectedAges: [3, 15, 27] },
    { intervalMs: 15_000, rounds: 3, expectedAges: [0, 15, 30] },
  ])('rounds every $intervalMs ms for $rounds rounds: samples $expectedAges s old', ({ intervalMs, rounds, expectedAges }) => {
    const lastMs = TAKEN_AT_MS + (rounds - 1) * intervalMs;
    const window = fold(Array.from({ length: rounds }, (_, i) => round(TAKEN_AT_MS + i * intervalMs)));
    const samples = window.byMember.get(ETCD1)!.samples;
    expect(samples.length).toBeLessThanOrEqual(LATENCY_SAMPLES_KEPT);
    expect(samples.map((s) => (lastMs - s.atMs) / 1000).reverse()).toEqual(expectedAges);
  });

  it('counts proposals failed while watching, across a restart that resets the counter', () => {
    const totals = [5, 5, 7, 2, 3];
    const window = fold(totals.map((total, i) => round(TAKEN_AT_MS + i * 1000, { proposalsFailedTotal: total })));
    // 5 → 5 → 7 (+2), restart → 2 (+2), → 3 (+1).
    expect(window.byMember.get(ETCD1)).toMatchObject({ lastProposalsFailedTotal: 3, proposalsFailedThisSession: 5 });
  });

  it('keeps a member whose scrape failed as it was, and forgets a member no longer listed', () => {
    const before = fold([round(TAKEN_AT_MS)]);
    const down = nextLatencyWindow(before, withMemberDown(round(TAKEN_AT_MS + 20_000), 0));
    expect(down.byMember.get(ETCD1)).toBe(before.byMember.get(ETCD1));
    const shrunk = nextLatencyWindow(before, { ...round(TAKEN_AT_MS + 20_000), members: round(0).members.slice(1) });
    expect(shrunk.byMember.has(ETCD1)).toBe(false);
  });
});

describe('windowBaseline', () => {
  const member = (ages: number[]): MemberLatencyWindow => ({
    samples: ages.map((age) => ({ atMs: TAKEN_AT_MS - age * 1000, histograms: {} })),
    proposalsFailedThisSession: 0,
  });
  it.each([
    { ages: [65, 55, 45, 35, 25, 15, 5], expected: 65 },
    { ages: [75, 63, 51, 39], expected: 63 },
    { ages: [59, 49, 39], expected: undefined },
    { ages: [], expected: undefined },
  ])('samples $ages s old → baseline $expected s old', ({ ages, expected }) => {
    const baseline = windowBaseline(member(ages), TAKEN_AT_MS);
    expect(baseline === undefined ? undefined : (TAKEN_AT_MS - baseline.atMs) / 1000).toBe(expected);
  });
});

describe('windowedP99s', () => {
  const withBaseline = (histograms: MemberMetrics['latencyHistograms'] & object): MemberLatencyWindow => ({
    samples: [{ atMs: TAKEN_AT_MS - 60_000, histograms }],
    proposalsFailedThisSession: 0,
  });
  const peer = (fast: number, slow: number) => buckets(PEER_BOUNDS, [[0.0008, fast], [0.08, slow]]);

  it.each([
    // A million fast fsyncs since start, then 1000 slow ones in the last minute: all of the
    // window is in the 32–64 ms bucket, so p99 = 32 ms + 32 ms × 0.99.
    { name: 'slow minute on a fast past', before: fsync(1_000_000), now: fsync(1_000_000, 1000), p99: 0.06368, windowMs: 60_000 },
    { name: 'nothing new but fast', before: fsync(1_000_000), now: fsync(1_001_000), p99: 0.001990, windowMs: 60_000 },
    // The counters went down: the member restarted; the later scrape alone is the window.
    { name: 'counter reset', before: fsync(1_000_000), now: fsync(0, 1000), p99: 0.06368, windowMs: 60_000 },
  ])('$name → p99 $p99 s', ({ before, now, p99, windowMs }) => {
    const metrics: MemberMetrics = { latencyHistograms: { walFsync: now } };
    const result = windowedP99s(metrics, withBaseline({ walFsync: before }), TAKEN_AT_MS);
    expect(result.walFsyncP99Seconds).toBeCloseTo(p99, 5);
    expect(result.windowMs).toBe(windowMs);
  });

  it('without a baseline a minute old, the p99 is since process start (and says so by having no window)', () => {
    const metrics: MemberMetrics = { latencyHistograms: { walFsync: fsync(1_000_000, 1000) } };
    const result = windowedP99s(metrics, undefined, TAKEN_AT_MS);
    expect(result.windowMs).toBeUndefined();
    expect(result.walFsyncP99Seconds).toBeCloseTo(0.00199, 5);
  });

  it('takes the worst peer over the window', () => {
    const metrics: MemberMetrics = { latencyHistograms: { peerRoundTripByPeer: { a: peer(2000, 0), b: peer(1000, 100) } } };
    const window = withBaseline({ peerRoundTripByPeer: { a: peer(1000, 0), b: peer(1000, 0) } });
    // Peer b's window: 100 probes in the 51.2–102.4 ms bucket → 51.2 ms + 51.2 ms × 0.99.
    expect(windowedP99s(metrics, window, TAKEN_AT_MS).peerRoundTripP99Seconds).toBeCloseTo(0.101888, 6);
  });

  // p99s are kept per scrape's histograms and baseline: the same scrape judged against another
  // baseline (the window moved on) or without one is computed again, never served stale.
  it('gives the same p99s for the same scrape again, and new ones when the baseline changes', () => {
    const histograms = { walFsync: fsync(1_000_000, 1000) };
    const metrics: MemberMetrics = { latencyHistograms: histograms };
    const slowPast = withBaseline({ walFsync: fsync(1_000_000) });
    const sincePastSlow = withBaseline({ walFsync: fsync(1_000_000, 1000) });
    const first = windowedP99s(metrics, slowPast, TAKEN_AT_MS);
    expect(windowedP99s(metrics, slowPast, TAKEN_AT_MS + 1000)).toEqual({ ...first, windowMs: 61_000 });
    expect(windowedP99s(metrics, sincePastSlow, TAKEN_AT_MS).walFsyncP99Seconds).toBeUndefined();
    expect(windowedP99s(metrics, undefined, TAKEN_AT_MS).walFsyncP99Seconds).toBeCloseTo(0.00199, 5);
    expect(windowedP99s(metrics, slowPast, TAKEN_AT_MS).walFsyncP99Seconds).toBeCloseTo(0.06368, 5);
    // A copy each time: a caller that changes its result changes nothing cached.
    const mine = windowedP99s(metrics, undefined, TAKEN_AT_MS);
    mine.walFsyncP99Seconds = 42;
    expect(windowedP99s(metrics, undefined, TAKEN_AT_MS).walFsyncP99Seconds).toBeCloseTo(0.00199, 5);
  });

  it('without histograms, falls back to the p99s the scrape computed', () => {
    const metrics: MemberMetrics = { walFsyncP99Seconds: 0.004, backendCommitP99Seconds: 0.008 };
    expect(windowedP99s(metrics, undefined, TAKEN_AT_MS)).toEqual({ walFsyncP99Seconds: 0.004, backendCommitP99Seconds: 0.008, peerRoundTripP99Seconds: undefined });
  });
});

describe('latencyHistogramsRecord', () => {
  it('carries the scrape histograms as a plain record keyed by peer id', () => {
    const text = readFileSync(new URL('../fixtures/metrics/synthetic-peer-rtt.txt', import.meta.url), 'utf8');
    const record = latencyHistogramsRecord(extractHistograms(text));
    expect(Object.keys(record.peerRoundTripByPeer ?? {}).sort()).toEqual(['8211f1d0f64f3269', 'fd422379fda50e48']);
    expect(record.walFsync).toBeUndefined();
    expect(structuredClone(record)).toEqual(record);
  });
});
