// Findings from /metrics and from the caller's history: disk and network latency, how often the
// leader changes, failed proposals. Latency alone never makes a cluster critical except for WAL
// fsync slow enough (1 s by default) that heartbeats miss and elections start.
import type { MemberMetrics } from '../etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import type { Finding, VerdictContext } from './finding.js';
import { memberIdField } from './findings-member.js';
import { formatAge, formatDurationMs } from './format.js';
import { memberLabel, metricsOf } from './selectors.js';
import type { Thresholds } from './verdict-thresholds.js';

const diskRemedy = 'the disk is too slow for etcd: give its data dir a dedicated SSD/NVMe and check `iostat -x` await and noisy neighbours';

export function latencyFindings(snapshot: ClusterSnapshot, thresholds: Thresholds, context: VerdictContext): Finding[] {
  // A p99 from one scrape covers the member's whole life; say so unless the caller took it over a window.
  const window = context.latencyWindowMs === undefined ? 'since start' : `over the last ${formatDurationMs(context.latencyWindowMs)}`;
  return snapshot.members.flatMap((sample) => {
    const metrics = metricsOf(sample);
    if (!metrics) return [];
    return [fsyncFinding(sample, metrics, thresholds, window), ...commitAndRttFindings(sample, metrics, thresholds, window, peerRemedy(snapshot))];
  }).flatMap((finding) => (finding ? [finding] : []));
}

function fsyncFinding(sample: MemberSample, metrics: MemberMetrics, thresholds: Thresholds, window: string): Finding | undefined {
  if (metrics.walFsyncP99Seconds === undefined) return undefined;
  const ms = metrics.walFsyncP99Seconds * 1000;
  const critical = ms > thresholds.walFsyncCriticalMs;
  if (!critical && ms <= thresholds.walFsyncWarnMs) return undefined;
  const limit = critical ? thresholds.walFsyncCriticalMs : thresholds.walFsyncWarnMs;
  return {
    level: critical ? 'critical' : 'warning',
    code: 'slow-wal-fsync',
    message: `${memberLabel(sample)}: WAL fsync p99 ${window} is ${formatDurationMs(ms)} (over ${formatDurationMs(limit)})`,
    remedy: diskRemedy,
    ...memberIdField(sample),
  };
}

const NETWORK_REMEDY = 'check latency and packet loss between members (`ping` the peers: under 10 ms expected); keep members in one region';
const ONE_HOST_REMEDY =
  'every member runs on one host, so no network is in between: a slow round-trip means a member was paused or starved (CPU, swap, a SIGSTOP); check the host\'s load and the members\' logs';

/** Peer URLs all on one host (or all loopback): "keep members in one region" would be nonsense. */
export function peerRemedy(snapshot: ClusterSnapshot): string {
  const hosts = new Set(snapshot.members.flatMap((sample) => sample.member.peerUrls.map(hostOf)));
  const loopback = [...hosts].every((host) => /^(127\.|\[::1\]$|::1$|localhost$)/.test(host));
  return hosts.size > 0 && (hosts.size === 1 || loopback) ? ONE_HOST_REMEDY : NETWORK_REMEDY;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

function commitAndRttFindings(sample: MemberSample, metrics: MemberMetrics, thresholds: Thresholds, window: string, rttRemedy: string): Finding[] {
  const checks = [
    {
      seconds: metrics.backendCommitP99Seconds,
      limitMs: thresholds.backendCommitWarnMs,
      code: 'slow-backend-commit',
      what: 'backend commit p99',
      remedy: diskRemedy,
    },
    {
      seconds: metrics.peerRoundTripP99Seconds,
      limitMs: thresholds.peerRoundTripWarnMs,
      code: 'slow-peer-rtt',
      what: 'worst peer round-trip p99',
      remedy: rttRemedy,
    },
  ] as const;
  return checks.flatMap((check): Finding[] => {
    if (check.seconds === undefined || check.seconds * 1000 <= check.limitMs) return [];
    const value = formatDurationMs(check.seconds * 1000);
    const message = `${memberLabel(sample)}: ${check.what} ${window} is ${value} (over ${formatDurationMs(check.limitMs)})`;
    return [{ level: 'warning', code: check.code, message, remedy: check.remedy, ...memberIdField(sample) }];
  });
}

const leaderChangeRemedy =
  'check WAL fsync and peer latency first; if both are fine, raise --heartbeat-interval and --election-timeout on every member';

/**
 * The caller's count over the last hour when it has one; otherwise an estimate per member from
 * leader_changes_seen_total over the process uptime, reported for the worst member and worded
 * as what it is: a count since start, not a measured hourly rate.
 */
export function leaderChangeFindings(snapshot: ClusterSnapshot, thresholds: Thresholds, context: VerdictContext): Finding[] {
  const limit = thresholds.maxLeaderChangesPerHour;
  if (context.leaderChangesLastHour !== undefined) {
    if (context.leaderChangesLastHour <= limit) return [];
    const message = `${context.leaderChangesLastHour} leader changes in the last hour (more than ${limit})`;
    return [{ level: 'warning', code: 'frequent-leader-changes', message, remedy: leaderChangeRemedy }];
  }
  const estimates = snapshot.members.flatMap((sample) => estimateLeaderChanges(sample, snapshot.takenAtMs, limit));
  const worst = estimates.reduce<LeaderChangeEstimate | undefined>((a, b) => (a && a.excess >= b.excess ? a : b), undefined);
  return worst ? [worst.finding] : [];
}

interface LeaderChangeEstimate {
  /** Changes seen over the changes allowed in the uptime: > 1 means over the threshold. */
  excess: number;
  finding: Finding;
}

function estimateLeaderChanges(sample: MemberSample, nowMs: number, limitPerHour: number): LeaderChangeEstimate[] {
  const metrics = metricsOf(sample);
  const total = metrics?.leaderChangesSeenTotal;
  const startSeconds = metrics?.processStartTimeSeconds;
  if (total === undefined || startSeconds === undefined) return [];
  const uptimeMs = nowMs - startSeconds * 1000;
  if (uptimeMs <= 0) return [];
  // The member counts the leader it found at start as a change; that is not instability.
  const changes = Math.max(0, total - 1);
  const hours = uptimeMs / 3_600_000;
  // A member up for less than an hour has seen less than an hour's worth: the hourly limit
  // applies as is. Beyond an hour only the average over the uptime is known.
  const allowed = limitPerHour * Math.max(1, hours);
  if (changes <= allowed) return [];
  const average = hours > 1 ? ` (${(changes / hours).toFixed(1)} per hour on average)` : '';
  const message = `${changes} leader changes since ${memberLabel(sample)} started ${formatAge(uptimeMs)} ago${average}`;
  const finding: Finding = {
    level: 'warning',
    code: 'frequent-leader-changes',
    message,
    remedy: leaderChangeRemedy,
    ...memberIdField(sample),
  };
  return [{ excess: allowed > 0 ? changes / allowed : Number.POSITIVE_INFINITY, finding }];
}

/** Only with a window from the caller: a lifetime total says nothing about now. */
export function proposalFindings(context: VerdictContext): Finding[] {
  const failed = context.proposalsFailed;
  if (!failed || failed.count <= 0) return [];
  return [
    {
      level: 'warning',
      code: 'proposals-failed',
      message: `${failed.count} raft proposals failed in the last ${formatDurationMs(failed.windowMs)}`,
      remedy: 'proposals fail during leader elections and without quorum: check the leader findings, then disk and peer latency',
    },
  ];
}
