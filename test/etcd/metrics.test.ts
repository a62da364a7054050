import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MemberMetrics } from '../../src/etcd/gateway.js';
import { extractHistograms, extractMemberMetrics, latencyP99s, USED_SAMPLES } from '../../src/etcd/metrics.js';
import { parsePrometheusText } from '../../src/etcd/prometheus-text.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url), 'utf8');

// Recorded from etcd 3.4.23, single member, 300 puts.
const single = fixture('etcd-3.4.23-single.txt');
// Recorded from etcd 3.4.23 started with --quota-backend-bytes=16777216, 50 puts.
const quota16MiB = fixture('etcd-3.4.23-quota-16MiB.txt');
// Two peers in etcd 3.4's RTT histogram shape, appended to a real scrape.
const withPeers = single + fixture('synthetic-peer-rtt.txt');

/** `text` after `count` more observations that fall in the bucket whose bound is `bound`. */
function observe(text: string, histogram: string, labels: string, bound: number, count: number): string {
  const bucketLine = new RegExp(`^(${histogram}_bucket\\{${labels}le="([^"]+)"\\}) (\\d+)$`, 'gm');
  return text.replace(bucketLine, (line, head: string, le: string, cumulative: string) =>
    Number(le.replace('+Inf', 'Infinity')) >= bound ? `${head} ${Number(cumulative) + count}` : line,
  );
}

describe('extractMemberMetrics', () => {
  it('maps a real etcd 3.4.23 scrape', () => {
    expect(extractMemberMetrics(single)).toEqual({
      serverId: 'bdae9bbc11dd390d',
      quotaBackendBytes: 2147483648,
      dbTotalSizeInUseBytes: 49152,
      hasLeader: true,
      isLeader: true,
      leaderChangesSeenTotal: 1,
      proposalsFailedTotal: 0,
      proposalsPending: 0,
      // 300 ≤ 1ms, 305 ≤ 2ms, 306 total: 1ms + 1ms × 2.94/5.
      walFsyncP99Seconds: expect.closeTo(0.001588, 9),
      // 42 ≤ 1ms, 50 ≤ 2ms, 52 ≤ 4ms: 2ms + 2ms × 1.48/2.
      backendCommitP99Seconds: expect.closeTo(0.00348, 9),
      peerRoundTripP99Seconds: undefined,
      processStartTimeSeconds: 1795276595.04,
      defragInflight: false,
      // Raw histograms are attached by scrapeMemberMetrics only, for the monitor's window.
      latencyHistograms: undefined,
    } satisfies Record<keyof MemberMetrics, unknown>);
  });

  it('reads a custom backend quota', () => {
    const metrics = extractMemberMetrics(quota16MiB);
    expect(metrics.quotaBackendBytes).toBe(16777216);
    expect(metrics.dbTotalSizeInUseBytes).toBe(24576);
  });

  it('reports the worst p99 over peers', () => {
    // Peer 8211…: 0.4ms + 0.4ms × 39/40 = 0.79ms. Peer fd42…: 25.6ms + 25.6ms × 8/10 = 46.08ms.
    expect(extractMemberMetrics(withPeers).peerRoundTripP99Seconds).toBeCloseTo(0.04608, 12);
  });

  it('leaves every absent metric undefined, never 0', () => {
    const metrics = extractMemberMetrics('go_goroutines 12\nprocess_open_fds 9\n');
    for (const [key, value] of Object.entries(metrics)) expect(value, key).toBeUndefined();
  });

  it.each([
    ['a defragment running (etcd_disk_defrag_inflight, 3.4.18+ and 3.5.2+)', 'etcd_disk_defrag_inflight 1', { defragInflight: true }],
    ['leaderless follower', 'etcd_server_has_leader 0\netcd_server_is_leader 0', { hasLeader: false, isLeader: false }],
    ['NaN is unknown', 'etcd_server_proposals_pending NaN', { proposalsPending: undefined }],
    ['0x and capitals', 'etcd_server_id{server_id="0xBDAE9BBC11DD390D"} 1', { serverId: 'bdae9bbc11dd390d' }],
    ['leading zeros', 'etcd_server_id{server_id="00ab"} 1', { serverId: 'ab' }],
    ['not hex', 'etcd_server_id{server_id="member-1"} 1', { serverId: undefined }],
    ['stale id series', 'etcd_server_id{server_id="aa"} 0\netcd_server_id{server_id="bb"} 1', { serverId: 'bb' }],
  ])('%s', (_name, text, expected) => {
    expect(extractMemberMetrics(text)).toMatchObject(expected);
  });

  it('accepts an already parsed scrape', () => {
    expect(extractMemberMetrics(parsePrometheusText(single))).toEqual(extractMemberMetrics(single));
  });
});

describe('extractHistograms and latencyP99s', () => {
  it('returns the raw buckets of the three latency histograms', () => {
    const histograms = extractHistograms(withPeers);
    expect(histograms.walFsync?.counts.at(-1)).toBe(306);
    expect(histograms.walFsync?.le).toHaveLength(15);
    expect(histograms.backendCommit?.counts.at(-1)).toBe(52);
    expect([...histograms.peerRoundTripByPeer.keys()]).toEqual(['8211f1d0f64f3269', 'fd422379fda50e48']);
    expect(histograms.peerRoundTripByPeer.get('fd422379fda50e48')?.le).toHaveLength(17);
  });

  it('has no peers on a single member', () => {
    expect(extractHistograms(single).peerRoundTripByPeer.size).toBe(0);
  });

  it('computes windowed p99s from two scrapes, worst peer included', () => {
    const earlier = extractHistograms(withPeers);
    // In the window: 10 slow fsyncs (2–4ms) and 10 slow round trips to the formerly fast peer.
    const later = extractHistograms(
      observe(observe(withPeers, 'etcd_disk_wal_fsync_duration_seconds', '', 0.004, 10),
        'etcd_network_peer_round_trip_time_seconds', 'To="8211f1d0f64f3269",', 0.1024, 10),
    );
    const window = latencyP99s(later, earlier);
    // Window fsync: 10 in (2ms, 4ms]: 2ms + 2ms × 9.9/10.
    expect(window.walFsyncP99Seconds).toBeCloseTo(0.00398, 9);
    // Nothing committed in the window: no observations, so unknown.
    expect(window.backendCommitP99Seconds).toBeUndefined();
    // Peer 8211…: 10 in (51.2ms, 102.4ms] → 51.2ms + 51.2ms × 9.9/10; fd42… saw nothing new.
    expect(window.peerRoundTripP99Seconds).toBeCloseTo(0.0512 + 0.0512 * 0.99, 12);
  });
});

describe('reading only the samples the monitor uses', () => {
  it.each([
    ['a single member', single],
    ['a 16 MiB quota', quota16MiB],
    ['two peers', withPeers],
  ])('gives the same metrics and histograms as reading everything (%s)', (_, text) => {
    const everything = parsePrometheusText(text);
    const used = parsePrometheusText(text, USED_SAMPLES);
    expect(extractMemberMetrics(used)).toEqual(extractMemberMetrics(everything));
    expect(extractHistograms(used)).toEqual(extractHistograms(everything));
    // Most of a real scrape is skipped: the point of the filter.
    const count = (parsed: typeof used) => [...parsed.samples.values()].reduce((sum, series) => sum + series.length, 0);
    expect(count(used)).toBeLessThan(count(everything) / 5);
  });
});
