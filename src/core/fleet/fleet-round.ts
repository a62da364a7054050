// One fleet refresh: the answers of every signal query folded into clusters and their scrape
// targets. A value absent from an answer stays absent (shown "n/a"), never zero.
import type { Failure } from '../../etcd/gateway.js';
import type { InstantSample } from '../../prometheus/client.js';
import type { MemberSignal } from './fleet-signals.js';
import { compareNatural } from '../text-order.js';

export type NumericSignal = Exclude<MemberSignal, 'serverId' | 'version' | 'alarms' | 'peerSendFailuresPerSecond'>;

/** One scrape target of a cluster: Prometheus' view, which is not the raft member list. */
export interface FleetTarget {
  instance: string;
  values: Partial<Record<NumericSignal, number>>;
  /** etcd_server_id's server_id label (hex), when exported. */
  serverId?: string;
  version?: string;
}

export interface FleetAlarm {
  /** Hex member id from the metric's server_id label, or the instance when that is missing. */
  memberId: string;
  alarm: string;
}

export interface FleetCluster {
  name: string;
  targets: FleetTarget[];
  /** Undefined when no metric lists alarms (etcd before 3.6): unknown, not none. */
  alarms?: FleetAlarm[];
  /** Member ids (hex) that peers fail to send to (etcd_network_peer_sent_failures_total). */
  unreachablePeerIds: string[];
  /** When a series of this cluster was last seen; set for clusters without current data. */
  lastSeenMs?: number;
}

export interface SignalFailure {
  signal: MemberSignal | 'discovery' | 'last-seen';
  failure: Failure;
}

export interface FleetRound {
  takenAtMs: number;
  durationMs: number;
  clusterLabel: string;
  clusters: FleetCluster[];
  /** The backend's warnings (Thanos partial responses), deduplicated. */
  warnings: string[];
  /** Queries that failed: their signal is n/a everywhere this round. */
  failures: SignalFailure[];
  queryCount: number;
}

export type SignalAnswers = Partial<Record<MemberSignal, InstantSample[]>>;

/** Folds the answers into clusters; `names` are every cluster the backend knows (label values). */
export function foldAnswers(names: string[], clusterLabel: string, answers: SignalAnswers): FleetCluster[] {
  const clusters = new Map<string, FleetCluster>(names.map((name) => [name, { name, targets: [], unreachablePeerIds: [] }]));
  const clusterOf = (sample: InstantSample): FleetCluster | undefined => {
    const name = sample.labels[clusterLabel];
    if (name === undefined) return undefined;
    let cluster = clusters.get(name);
    if (!cluster) clusters.set(name, (cluster = { name, targets: [], unreachablePeerIds: [] }));
    return cluster;
  };
  // Targets come from `up` alone: an instant selector honours staleness, while range functions
  // (increase over 15 m, deriv over 1 h) still return series that stopped minutes ago.
  const createFrom = answers.up ? 'up' : undefined;
  const targetOf = (cluster: FleetCluster, instance: string, signal: MemberSignal): FleetTarget | undefined => {
    let target = cluster.targets.find((t) => t.instance === instance);
    if (!target && (createFrom === undefined || signal === createFrom)) cluster.targets.push((target = { instance, values: {} }));
    return target;
  };
  const ordered = (Object.entries(answers) as [MemberSignal, InstantSample[]][]).sort(([a], [b]) => Number(b === 'up') - Number(a === 'up'));
  for (const [signal, samples] of ordered) {
    for (const sample of samples) {
      const cluster = clusterOf(sample);
      if (!cluster) continue;
      if (signal === 'peerSendFailuresPerSecond') {
        if (sample.labels.To) cluster.unreachablePeerIds.push(sample.labels.To);
        continue;
      }
      const instance = sample.labels.instance ?? '(no instance label)';
      if (signal === 'alarms') {
        const alarm = sample.labels.alarm_type ?? sample.labels.alarm ?? 'UNKNOWN';
        (cluster.alarms ??= []).push({ memberId: sample.labels.server_id ?? instance, alarm });
        continue;
      }
      const target = targetOf(cluster, instance, signal);
      if (!target) continue;
      if (signal === 'serverId') {
        if (sample.labels.server_id) target.serverId = sample.labels.server_id;
      } else if (signal === 'version') {
        if (sample.labels.server_version) target.version = sample.labels.server_version;
      } else if (Number.isFinite(sample.value)) {
        target.values[signal] = sample.value;
      }
    }
  }
  // The alarms metric exists from 3.6 on: a cluster running it with no alarm has a known "none".
  for (const cluster of clusters.values()) {
    if (!cluster.alarms && cluster.targets.some((t) => t.version !== undefined && alarmsExported(t.version))) cluster.alarms = [];
    cluster.targets.sort((a, b) => compareNatural(a.instance, b.instance));
  }
  return [...clusters.values()];
}

/** etcd_debugging_server_alarms appeared in etcd 3.6. */
export function alarmsExported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 6);
}

/**
 * Whether Prometheus scrapes this target: only `up == 0` says it does not. When the `up` query
 * itself failed this round, the target's other series still show it answering.
 */
export function isScraped(target: FleetTarget): boolean {
  return target.values.up !== 0;
}

/** A cluster with no target at all now: every series stopped (or it never had any in the lookback). */
export function hasNoData(cluster: FleetCluster): boolean {
  return cluster.targets.length === 0;
}
