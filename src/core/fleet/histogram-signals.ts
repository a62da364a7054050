// The three p99 latencies are most of what a fleet refresh costs the backend: at 500 clusters the
// peer round-trip histogram alone is ~100 000 bucket series (one per member, peer and bucket), and
// rate() over 5 m reads every sample of each. They follow etcd-mixin's alert expressions
// (histogram_quantile over rate[5m] of each series, no pre-aggregation). A team can make them
// cheap with the recording rules below: each query asks the recorded series first and computes
// from the buckets only for clusters the rule does not answer, so the rule is an option, never a
// requirement, and the answer is the same either way (the rule's is up to one evaluation older).
import { selectorOf, type FleetSelector } from './fleet-signals.js';

export type HistogramSignal = 'walFsyncP99Seconds' | 'backendCommitP99Seconds' | 'peerRoundTripP99Seconds';

interface HistogramDefinition {
  signal: HistogramSignal;
  /** The bucket metric etcd exports. */
  bucket: string;
  /** The recording rule's output: one series per member (the worst peer for the round trip). */
  recorded: string;
  /** Labels reduced away after the quantile (the peer, for the round trip). */
  worstOf?: string;
}

export const HISTOGRAM_SIGNALS: readonly HistogramDefinition[] = [
  // etcdHighFsyncDurations.
  { signal: 'walFsyncP99Seconds', bucket: 'etcd_disk_wal_fsync_duration_seconds_bucket', recorded: 'instance:etcd_disk_wal_fsync_duration_seconds:p99_rate5m' },
  // etcdHighCommitDurations.
  { signal: 'backendCommitP99Seconds', bucket: 'etcd_disk_backend_commit_duration_seconds_bucket', recorded: 'instance:etcd_disk_backend_commit_duration_seconds:p99_rate5m' },
  // etcdMemberCommunicationSlow fires per peer (the To label); a member shows its worst peer.
  { signal: 'peerRoundTripP99Seconds', bucket: 'etcd_network_peer_round_trip_time_seconds_bucket', recorded: 'instance:etcd_network_peer_round_trip_time_seconds:worst_peer_p99_rate5m', worstOf: 'To' },
];

/** The label a recorded answer carries, so a refresh knows which clusters the rule covers. */
export const RECORDED_MARK = 'etcdtop_source';

function quantileOf(definition: HistogramDefinition, selector: string): string {
  return `histogram_quantile(0.99, rate(${definition.bucket}{${selector}}[5m]))`;
}

/**
 * The recorded series where the rule exists, or else the quantile from the buckets; `excluded`
 * (clusters the rule answered last refresh) keeps the backend from reading their buckets at all.
 */
export function histogramQuery(definition: HistogramDefinition, selector: FleetSelector): string {
  const by = `${selector.clusterLabel}, instance`;
  const recorded = `label_replace(max by (${by}) (${definition.recorded}{${selectorOf({ ...selector, excluded: [] })}}), "${RECORDED_MARK}", "rule", "", "")`;
  const computed = `max by (${by}) (${quantileOf(definition, selectorOf(selector))})`;
  return `${recorded} or on (${by}) ${computed}`;
}

/** The rules a team may add (Prometheus rule-file YAML), for the etcd selector given. */
export function recordingRules(etcdSelector: string): string {
  const rules = HISTOGRAM_SIGNALS.map((definition) => {
    const quantile = quantileOf(definition, etcdSelector);
    const expr = definition.worstOf ? `max without (${definition.worstOf}) (${quantile})` : quantile;
    return `      - record: ${definition.recorded}\n        expr: ${JSON.stringify(expr)}`;
  });
  return ['groups:', '  - name: etcdtop-fleet', '    rules:', ...rules].join('\n') + '\n';
}
