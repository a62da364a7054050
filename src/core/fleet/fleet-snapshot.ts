// A cluster's scrape targets as the ClusterSnapshot the verdict reads, so `check --prometheus`,
// the fleet screen and `check` share one set of findings and thresholds. What Prometheus cannot
// tell stays out: no raft term, no revision, no health probe; the member list is the scraped
// targets, which is not the raft member list.
import type { Alarm, MemberInfo, MemberMetrics, MemberStatus } from '../../etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from '../cluster-snapshot.js';
import type { VerdictContext } from '../finding.js';
import { isScraped, type FleetCluster, type FleetTarget } from './fleet-round.js';

/** p99 latencies are rates over 5 minutes (etcd-mixin's window). */
export const LATENCY_WINDOW_MS = 5 * 60_000;
/** Failed proposals are counted over 15 minutes (etcdHighNumberOfFailedProposals). */
export const PROPOSALS_WINDOW_MS = 15 * 60_000;
/** A leader id for "this target sees a leader, but the leader's own target is not scraped". */
export const UNSCRAPED_LEADER = 'leader-not-scraped';

export function targetId(target: FleetTarget): string {
  return target.serverId ?? target.instance;
}

export function fleetSnapshot(cluster: FleetCluster, takenAtMs: number): ClusterSnapshot {
  const leader = cluster.targets.find((t) => t.values.isLeader === 1 && isScraped(t));
  const alarms: Alarm[] = (cluster.alarms ?? []).map((a) => ({ memberId: a.memberId, alarm: a.alarm }));
  const members = cluster.targets.map((target) => sampleOf(cluster, target, leader, alarms));
  const infos = members.map((m) => m.member);
  return {
    takenAtMs,
    durationMs: 0,
    discovery: { ok: true, value: { clusterId: cluster.name, answeredBy: '', members: infos }, latencyMs: 0 },
    members,
  };
}

function sampleOf(cluster: FleetCluster, target: FleetTarget, leader: FleetTarget | undefined, alarms: Alarm[]): MemberSample {
  const id = targetId(target);
  const member: MemberInfo = { id, name: target.instance, peerUrls: [], clientUrls: [target.instance], isLearner: target.values.isLearner === 1 };
  const base = { member, endpoint: target.instance };
  if (!isScraped(target)) {
    const message = scrapeFailureMessage(cluster);
    return { ...base, status: { ok: false, failure: { kind: 'unreachable', message, hint: scrapeFailureHint(cluster) }, latencyMs: 0 } };
  }
  const v = target.values;
  const status: MemberStatus = {
    memberId: id,
    clusterId: cluster.name,
    version: target.version ?? 'n/a',
    // Only the verdict reads this snapshot: 0 keeps an unknown size out of every DB finding
    // (0 % of any quota, no fragmentation), while the fleet's rows show it as n/a.
    dbSizeBytes: v.dbSizeBytes ?? 0,
    dbSizeInUseBytes: v.dbInUseBytes ?? 0,
    // Unknown (the leader's target not scraped, or has_leader missing) is not "no leader".
    leaderId: v.hasLeader === 0 ? null : leader ? targetId(leader) : UNSCRAPED_LEADER,
    raftTerm: 0n,
    raftIndex: BigInt(Math.round(v.raftCommittedIndex ?? 0)),
    raftAppliedIndex: BigInt(Math.round(v.raftAppliedIndex ?? v.raftCommittedIndex ?? 0)),
    revision: 0n,
    isLearner: v.isLearner === 1,
    errors: [],
    alarms,
  };
  const metrics: MemberMetrics = {
    ...(v.quotaBytes === undefined ? {} : { quotaBackendBytes: v.quotaBytes }),
    ...(v.dbInUseBytes === undefined ? {} : { dbTotalSizeInUseBytes: v.dbInUseBytes }),
    ...(v.walFsyncP99Seconds === undefined ? {} : { walFsyncP99Seconds: v.walFsyncP99Seconds }),
    ...(v.backendCommitP99Seconds === undefined ? {} : { backendCommitP99Seconds: v.backendCommitP99Seconds }),
    ...(v.peerRoundTripP99Seconds === undefined ? {} : { peerRoundTripP99Seconds: v.peerRoundTripP99Seconds }),
  };
  return { ...base, status: { ok: true, value: status, latencyMs: 0 }, metrics: { ok: true, value: metrics, latencyMs: 0 } };
}

/**
 * A failing scrape looks like a dead member. Peers tell them apart: when the other members fail
 * to send to a member they do not see among the live targets, etcd itself is down; when they
 * send fine, only Prometheus' path to its metrics fails.
 */
export function scrapeFailureMessage(cluster: FleetCluster): string {
  const liveIds = new Set(cluster.targets.filter(isScraped).map(targetId));
  const peersFail = cluster.unreachablePeerIds.some((id) => !liveIds.has(id));
  const otherLive = liveIds.size > 0;
  const why = !otherLive
    ? 'no target of this cluster answers its scrape'
    : peersFail
      ? 'its peers fail to reach a member too: etcd itself is down'
      : 'its peers report no send failures: etcd may be up and only the scrape fails';
  return `Prometheus' scrape fails (up == 0): ${why}`;
}

function scrapeFailureHint(cluster: FleetCluster): string {
  return scrapeFailureMessage(cluster).includes('only the scrape')
    ? "check Prometheus' target page for the scrape error (metrics port, TLS, network policy)"
    : 'check the member on that host (systemctl status etcd, or the etcd pod) and its log';
}

/** What the verdict needs beyond one instant, from Prometheus' windows. */
export function fleetContext(cluster: FleetCluster): VerdictContext {
  const up = cluster.targets.filter(isScraped);
  const changes = up.flatMap((t) => (t.values.leaderChanges1h === undefined ? [] : [t.values.leaderChanges1h]));
  const failed = up.flatMap((t) => (t.values.proposalsFailed15m === undefined ? [] : [t.values.proposalsFailed15m]));
  return {
    latencyWindowMs: LATENCY_WINDOW_MS,
    ...(changes.length > 0 ? { leaderChangesLastHour: Math.round(Math.max(...changes)) } : {}),
    ...(failed.length > 0 ? { proposalsFailed: { count: Math.round(failed.reduce((a, b) => a + b, 0)), windowMs: PROPOSALS_WINDOW_MS } } : {}),
  };
}
