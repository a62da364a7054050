// What the verdict says about a cluster: findings with a stable code, one line of what is wrong
// and one line of what to do. `check` prints them, the monitor's banner shows the first one,
// and the member pane shows those that carry its member id.
import type { MemberId } from '../etcd/gateway.js';

export type FindingLevel = 'warning' | 'critical';
export type VerdictLevel = 'ok' | FindingLevel | 'unknown';

/**
 * Every finding code, most urgent first: within one level, findings are ordered by this list,
 * so the banner's headline is the finding an operator should act on first (quorum before a
 * single member, data-loss alarms before slowness).
 */
export const findingCodes = [
  // First: every other finding may be about the wrong cluster.
  'cluster-id-mismatch',
  // The endpoints agree, but on another cluster than the one this session started on.
  'cluster-id-changed',
  'cluster-unreachable',
  // Fleet mode: the backend holds no current series for the cluster.
  'no-data',
  'quorum-lost',
  'no-leader',
  'alarm-corrupt',
  'alarm-nospace',
  'quorum-at-risk',
  'leader-disagreement',
  'member-unreachable',
  'member-permission-denied',
  'member-unstarted',
  'certificate-expiry',
  'db-near-quota',
  'quota-unknown',
  // Fleet mode: the growth rate Prometheus keeps reaches the quota soon.
  'db-quota-soon',
  'alarm',
  'member-unhealthy',
  'member-defragmenting',
  'downgrade-in-progress',
  'mixed-versions',
  'frequent-leader-changes',
  'proposals-failed',
  'apply-lag',
  'raft-index-drift',
  'slow-wal-fsync',
  'slow-backend-commit',
  'slow-peer-rtt',
  'db-fragmented',
  'metrics-unavailable',
  'metrics-url-unmatched',
  'member-list-failed',
] as const;

export type FindingCode = (typeof findingCodes)[number];

export interface Finding {
  level: FindingLevel;
  code: FindingCode;
  /** One line; names the member as "name (hex id)". */
  message: string;
  /** One line: what the operator should do, from the runbooks. */
  remedy: string;
  /** The member the finding is about; absent for cluster-wide findings. */
  memberId?: MemberId;
}

export interface Verdict {
  level: VerdictLevel;
  /** Most severe first; the first one is the headline. */
  findings: Finding[];
  /** What was not judged and why (e.g. too few latency samples yet); never changes the level. */
  notes?: string[];
}

/** What the caller knows beyond one round; the monitor has history, `check` usually has none. */
export interface VerdictContext {
  /** Leader changes the caller observed over the last hour; replaces the estimate from metrics. */
  leaderChangesLastHour?: number;
  /**
   * The window the metrics' p99 latencies were taken over (the monitor diffs two scrapes).
   * Without it a p99 covers everything since the member started, and messages say so.
   */
  latencyWindowMs?: number;
  /** Failed proposals over a window (delta of etcd_server_proposals_failed_total between rounds). */
  proposalsFailed?: { count: number; windowMs: number };
}
