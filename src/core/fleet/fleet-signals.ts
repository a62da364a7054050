// The signals fleet mode reads: one instant query each for the whole fleet, grouped by the cluster
// label and the scrape target (instance), so a refresh costs the same ~17 queries for 10 clusters
// or 500. Windows and forms follow etcd-mixin's alerts (named on each signal) so the screen
// agrees with the alerts a team already has; the thresholds are check's own flags. The three p99
// latencies, most of a refresh's cost to the backend, are built in histogram-signals.ts.

import { HISTOGRAM_SIGNALS, histogramQuery, type HistogramSignal } from './histogram-signals.js';

export type MemberSignal =
  | 'up'
  | 'hasLeader'
  | 'isLeader'
  | 'isLearner'
  | 'serverId'
  | 'version'
  | 'dbSizeBytes'
  | 'dbInUseBytes'
  | 'quotaBytes'
  | 'dbGrowthBytesPerSecond'
  | 'leaderChanges15m'
  | 'leaderChanges1h'
  | 'walFsyncP99Seconds'
  | 'backendCommitP99Seconds'
  | 'peerRoundTripP99Seconds'
  | 'proposalsFailed15m'
  | 'proposalsPending'
  | 'raftCommittedIndex'
  | 'raftAppliedIndex'
  | 'alarms'
  | 'peerSendFailuresPerSecond';

export interface SignalQuery {
  signal: MemberSignal;
  expr: string;
}

export interface FleetSelector {
  /** The label that names a cluster: `cluster` (or `job` when no series has one). */
  clusterLabel: string;
  /** PromQL label matchers selecting etcd's series, e.g. job=~".*etcd.*" (etcd-mixin's default). */
  etcdSelector: string;
  /** Restricts to these clusters (check --cluster, the detail view); every cluster when absent. */
  clusters?: string[];
  /** Leaves these clusters out (those a recording rule already answers). */
  excluded?: string[];
}

/** A regex matching exactly the given values (PromQL regexes are fully anchored). */
export function exactRegex(values: string[]): string {
  return values.map((value) => value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')).join('|');
}

export function selectorOf(selector: FleetSelector): string {
  const parts = [selector.etcdSelector.trim()].filter((part) => part !== '');
  if (selector.clusters) parts.push(`${selector.clusterLabel}=~${JSON.stringify(exactRegex(selector.clusters))}`);
  if (selector.excluded?.length) parts.push(`${selector.clusterLabel}!~${JSON.stringify(exactRegex(selector.excluded))}`);
  return parts.join(',');
}

/**
 * `covered` names, per latency signal, the clusters its recording rule answered last refresh:
 * their buckets are not read again (histogram-signals.ts).
 */
export function signalQueries(selector: FleetSelector, covered: Partial<Record<HistogramSignal, string[]>> = {}): SignalQuery[] {
  const sel = selectorOf(selector);
  const latency = HISTOGRAM_SIGNALS.map((definition) => ({
    signal: definition.signal,
    expr: histogramQuery(definition, { ...selector, excluded: covered[definition.signal] ?? [] }),
  }));
  return [
    // etcdMembersDown / etcdInsufficientMembers: a target whose scrape fails.
    { signal: 'up', expr: `up{${sel}}` },
    // etcdNoLeader.
    { signal: 'hasLeader', expr: `etcd_server_has_leader{${sel}}` },
    { signal: 'isLeader', expr: `etcd_server_is_leader{${sel}}` },
    { signal: 'isLearner', expr: `etcd_server_is_learner{${sel}}` },
    { signal: 'serverId', expr: `etcd_server_id{${sel}}` },
    { signal: 'version', expr: `etcd_server_version{${sel}}` },
    // etcdDatabaseQuotaLowSpace, etcdDatabaseHighFragmentationRatio.
    { signal: 'dbSizeBytes', expr: `etcd_mvcc_db_total_size_in_bytes{${sel}}` },
    { signal: 'dbInUseBytes', expr: `etcd_mvcc_db_total_size_in_use_in_bytes{${sel}}` },
    { signal: 'quotaBytes', expr: `etcd_server_quota_backend_bytes{${sel}}` },
    // etcdExcessiveDatabaseGrowth predicts 4 h ahead; the slope gives a time until the quota.
    { signal: 'dbGrowthBytesPerSecond', expr: `deriv(etcd_mvcc_db_total_size_in_bytes{${sel}}[1h])` },
    // etcdHighNumberOfLeaderChanges counts over 15 minutes; the per-hour flag uses an hour.
    { signal: 'leaderChanges15m', expr: `increase(etcd_server_leader_changes_seen_total{${sel}}[15m])` },
    { signal: 'leaderChanges1h', expr: `increase(etcd_server_leader_changes_seen_total{${sel}}[1h])` },
    // etcdHighFsyncDurations, etcdHighCommitDurations, etcdMemberCommunicationSlow: p99 over 5 m.
    ...latency,
    // etcdHighNumberOfFailedProposals: over 15 minutes.
    { signal: 'proposalsFailed15m', expr: `increase(etcd_server_proposals_failed_total{${sel}}[15m])` },
    { signal: 'proposalsPending', expr: `etcd_server_proposals_pending{${sel}}` },
    { signal: 'raftCommittedIndex', expr: `etcd_server_proposals_committed_total{${sel}}` },
    { signal: 'raftAppliedIndex', expr: `etcd_server_proposals_applied_total{${sel}}` },
    // etcd 3.6 and later only; before that no metric lists alarms.
    { signal: 'alarms', expr: `etcd_debugging_server_alarms{${sel}} > 0` },
    // etcdMembersDown's second half: peers that cannot send to a member (2 m window), by member id.
    { signal: 'peerSendFailuresPerSecond', expr: `sum by (${selector.clusterLabel}, To) (rate(etcd_network_peer_sent_failures_total{${sel}}[2m])) > 0.01` },
  ];
}

/** When the last sample of any etcd series was, for clusters with none now (their "no data since"). */
export function lastSeenQuery(selector: FleetSelector, lookbackSeconds: number): string {
  return `max by (${selector.clusterLabel}) (max_over_time(timestamp(up{${selectorOf(selector)}})[${lookbackSeconds}s:10s]))`;
}
