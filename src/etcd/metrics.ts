// From an etcd /metrics text to the domain's MemberMetrics. Names checked against etcd 3.4.23's
// output (test/fixtures/metrics/). A metric that is absent stays undefined: an older etcd, a
// proxy or a partial body must read as "unknown" on screen, never as a healthy zero.

import type { TlsMaterial } from '../config/connection-config.js';
import type { HistogramBuckets, MemberId, MemberMetrics, Outcome } from './gateway.js';
import {
  histogramBuckets,
  histogramBucketsByLabel,
  histogramQuantile,
  subtractBuckets,
} from './histogram.js';
import { scrapeMetrics } from './metrics-scrape.js';
import { parsePrometheusText, type PrometheusText } from './prometheus-text.js';

export { MAX_METRICS_BODY_BYTES, scrapeMetrics, type ScrapeTls } from './metrics-scrape.js';

export const WAL_FSYNC_HISTOGRAM = 'etcd_disk_wal_fsync_duration_seconds';
export const BACKEND_COMMIT_HISTOGRAM = 'etcd_disk_backend_commit_duration_seconds';
/** One series per peer, labelled `To` with the peer's member id in hex (etcd 3.4 rafthttp). */
export const PEER_RTT_HISTOGRAM = 'etcd_network_peer_round_trip_time_seconds';
export const PEER_RTT_PEER_LABEL = 'To';

/** The cumulative latency histograms, kept raw so a caller can take p99s over a window. */
export interface LatencyHistograms {
  walFsync?: HistogramBuckets;
  backendCommit?: HistogramBuckets;
  /** Keyed by peer member id (lowercase hex). Empty on a single-member cluster. */
  peerRoundTripByPeer: Map<MemberId, HistogramBuckets>;
}

export type LatencyP99s = Pick<
  MemberMetrics,
  'walFsyncP99Seconds' | 'backendCommitP99Seconds' | 'peerRoundTripP99Seconds'
>;

const SINGLE_VALUES = {
  serverId: 'etcd_server_id',
  quota: 'etcd_server_quota_backend_bytes',
  inUse: 'etcd_mvcc_db_total_size_in_use_in_bytes',
  hasLeader: 'etcd_server_has_leader',
  isLeader: 'etcd_server_is_leader',
  leaderChanges: 'etcd_server_leader_changes_seen_total',
  proposalsFailed: 'etcd_server_proposals_failed_total',
  proposalsPending: 'etcd_server_proposals_pending',
  processStart: 'process_start_time_seconds',
  defragInflight: 'etcd_disk_defrag_inflight',
} as const;

/** Every sample name extractMemberMetrics and extractHistograms read; a scrape's others are skipped unparsed. */
export const USED_SAMPLES: ReadonlySet<string> = new Set([
  ...Object.values(SINGLE_VALUES),
  ...[WAL_FSYNC_HISTOGRAM, BACKEND_COMMIT_HISTOGRAM, PEER_RTT_HISTOGRAM].map((family) => `${family}_bucket`),
]);

/** Accepts the text or an already parsed scrape, so one scrape is parsed once. */
export type MetricsInput = string | PrometheusText;

function parsedOf(input: MetricsInput): PrometheusText {
  return typeof input === 'string' ? parsePrometheusText(input) : input;
}

/** What the gateway's metrics() returns: scrape and extract in one call. Never rejects. */
export async function scrapeMemberMetrics(
  url: string,
  tls: TlsMaterial | undefined,
  timeoutMs: number,
): Promise<Outcome<MemberMetrics>> {
  const scraped = await scrapeMetrics(url, tls, timeoutMs);
  if (!scraped.ok) return scraped;
  const parsed = parsePrometheusText(scraped.value, USED_SAMPLES);
  const value: MemberMetrics = { ...extractMemberMetrics(parsed), latencyHistograms: latencyHistogramsRecord(extractHistograms(parsed)) };
  return { ok: true, value, latencyMs: scraped.latencyMs };
}

/** The histograms as MemberMetrics carries them: a plain record, so snapshots stay cloneable data. */
export function latencyHistogramsRecord(histograms: LatencyHistograms): NonNullable<MemberMetrics['latencyHistograms']> {
  return {
    ...(histograms.walFsync ? { walFsync: histograms.walFsync } : {}),
    ...(histograms.backendCommit ? { backendCommit: histograms.backendCommit } : {}),
    peerRoundTripByPeer: Object.fromEntries(histograms.peerRoundTripByPeer),
  };
}

export function extractMemberMetrics(input: MetricsInput): MemberMetrics {
  const parsed = parsedOf(input);
  const hasLeader = singleValue(parsed, SINGLE_VALUES.hasLeader);
  const isLeader = singleValue(parsed, SINGLE_VALUES.isLeader);
  const defragInflight = singleValue(parsed, SINGLE_VALUES.defragInflight);
  return {
    serverId: serverIdOf(parsed),
    quotaBackendBytes: singleValue(parsed, SINGLE_VALUES.quota),
    dbTotalSizeInUseBytes: singleValue(parsed, SINGLE_VALUES.inUse),
    hasLeader: hasLeader === undefined ? undefined : hasLeader !== 0,
    isLeader: isLeader === undefined ? undefined : isLeader !== 0,
    leaderChangesSeenTotal: singleValue(parsed, SINGLE_VALUES.leaderChanges),
    proposalsFailedTotal: singleValue(parsed, SINGLE_VALUES.proposalsFailed),
    proposalsPending: singleValue(parsed, SINGLE_VALUES.proposalsPending),
    ...latencyP99s(extractHistograms(parsed)),
    processStartTimeSeconds: singleValue(parsed, SINGLE_VALUES.processStart),
    ...(defragInflight === undefined ? {} : { defragInflight: defragInflight !== 0 }),
  };
}

export function extractHistograms(input: MetricsInput): LatencyHistograms {
  const parsed = parsedOf(input);
  const peerRoundTripByPeer = new Map<MemberId, HistogramBuckets>();
  const byTo = histogramBucketsByLabel(parsed, PEER_RTT_HISTOGRAM, PEER_RTT_PEER_LABEL);
  for (const [to, buckets] of byTo) peerRoundTripByPeer.set(normaliseMemberId(to) ?? to, buckets);
  return {
    walFsync: histogramBuckets(parsed, WAL_FSYNC_HISTOGRAM),
    backendCommit: histogramBuckets(parsed, BACKEND_COMMIT_HISTOGRAM),
    peerRoundTripByPeer,
  };
}

/**
 * p99s of the observations between two scrapes (`earlier` omitted: since the member started).
 * The peer figure is the worst peer's p99: one slow link is what an operator must see.
 */
export function latencyP99s(later: LatencyHistograms, earlier?: LatencyHistograms): LatencyP99s {
  const p99 = (now?: HistogramBuckets, before?: HistogramBuckets): number | undefined => {
    if (now === undefined) return undefined;
    return histogramQuantile(0.99, before === undefined ? now : subtractBuckets(now, before));
  };
  let worstPeer: number | undefined;
  for (const [peer, buckets] of later.peerRoundTripByPeer) {
    const peerP99 = p99(buckets, earlier?.peerRoundTripByPeer.get(peer));
    if (peerP99 !== undefined && (worstPeer === undefined || peerP99 > worstPeer)) worstPeer = peerP99;
  }
  return {
    walFsyncP99Seconds: p99(later.walFsync, earlier?.walFsync),
    backendCommitP99Seconds: p99(later.backendCommit, earlier?.backendCommit),
    peerRoundTripP99Seconds: worstPeer,
  };
}

/** The value of an unlabelled gauge or counter; undefined when absent or NaN. */
function singleValue(parsed: PrometheusText, name: string): number | undefined {
  const value = parsed.samples.get(name)?.[0]?.value;
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/**
 * etcd 3.4 exposes `etcd_server_id{server_id="bdae9bbc11dd390d"} 1`, already in hex as etcdctl
 * prints it; normalising still guards against a 0x prefix, capitals or leading zeros.
 */
function serverIdOf(parsed: PrometheusText): MemberId | undefined {
  const series = parsed.samples.get(SINGLE_VALUES.serverId) ?? [];
  const current = series.find((sample) => sample.value === 1) ?? series[0];
  const raw = current?.labels['server_id'];
  return raw === undefined ? undefined : normaliseMemberId(raw);
}

function normaliseMemberId(raw: string): MemberId | undefined {
  const hex = raw.trim().toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{1,16}$/.test(hex)) return undefined;
  return BigInt(`0x${hex}`).toString(16);
}
