// The contract between etcdtop and etcd. Everything above this file (core, ui, commands) speaks
// these domain types only: 64-bit counters are bigint, sizes are numbers of bytes, member ids
// are lowercase hex strings exactly as `etcdctl endpoint status -w table` prints them.
// Expected failures (timeout, refused, TLS, auth, …) are values, never exceptions: a member
// that is down is data to show, not a crash.

import type { CertificateInfo } from './certificates.js';

/** Member id as etcdctl prints it in tables: lowercase hex, no 0x prefix. */
export type MemberId = string;

export type FailureKind =
  | 'timeout' // the call's deadline passed (frozen or overloaded member)
  | 'unreachable' // connection refused, no route, DNS
  | 'tls' // handshake failed: wrong CA, rejected client cert, plain vs TLS mismatch
  | 'auth' // bad user/password, auth required
  | 'permission' // signed in, but the user's roles do not allow this call (e.g. Status needs root)
  | 'not-etcd' // something answered, but it does not speak etcd's gRPC API
  | 'no-space' // etcdserver: mvcc: database space exceeded
  | 'compacted' // required revision has been compacted
  | 'no-leader' // etcdserver: no leader
  | 'rejected' // etcd answered with an error that fits none of the above
  | 'unknown';

export interface Failure {
  kind: FailureKind;
  /** One line for the screen: what went wrong, e.g. "timed out after 1.5s". */
  message: string;
  /** One line on how to fix it, e.g. "pass --cacert with the cluster's CA". */
  hint?: string;
}

/** Result of one call with the time it took; expected failures are values. */
export type Outcome<T> =
  | { ok: true; value: T; latencyMs: number }
  | { ok: false; failure: Failure; latencyMs: number };

export interface MemberInfo {
  id: MemberId;
  /** Empty for a member that was added but has not started yet. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

export interface MemberList {
  clusterId: MemberId;
  /** The id of the member that answered. */
  answeredBy: MemberId;
  members: MemberInfo[];
}

export type AlarmKind = 'NOSPACE' | 'CORRUPT' | (string & {});

export interface Alarm {
  memberId: MemberId;
  alarm: AlarmKind;
}

export interface MemberStatus {
  memberId: MemberId;
  clusterId: MemberId;
  version: string;
  dbSizeBytes: number;
  dbSizeInUseBytes: number;
  /** null when this member sees no leader. */
  leaderId: MemberId | null;
  raftTerm: bigint;
  raftIndex: bigint;
  raftAppliedIndex: bigint;
  /** The store revision from the response header. */
  revision: bigint;
  isLearner: boolean;
  /** Raw `errors` strings as etcd sends them (alarms of every member, "no leader"). */
  errors: string[];
  /** `errors` parsed: the alarms of every member, attributed by member id. */
  alarms: Alarm[];
  /** etcd ≥ 3.6: the storage (WAL and DB) schema version, e.g. "3.6.0"; undefined before 3.6. */
  storageVersion?: string;
  /** etcd ≥ 3.6: --quota-backend-bytes; undefined before 3.6 and when 0 (3.6.0–3.6.5 without the flag). */
  dbSizeQuotaBytes?: number;
  /** etcd ≥ 3.6: the cluster's downgrade state, as this member sees it; undefined before 3.6. */
  downgrade?: DowngradeInfo;
}

export interface DowngradeInfo {
  /** True while a downgrade (`etcdctl downgrade enable`) is in progress. */
  enabled: boolean;
  /** The version the cluster is being downgraded to, e.g. "3.5"; empty when none. */
  targetVersion: string;
}

export interface HealthProbe {
  /**
   * True when a linearizable read went through raft and no alarm is active (what `etcdctl
   * endpoint health` reports; the gateway does the read, the poll round adds the alarms).
   */
  healthy: boolean;
  /** Why it is unhealthy, when it answered but is not healthy (e.g. active alarms). */
  reason?: string;
}

/**
 * Values scraped from /metrics. `undefined` means "unknown" (metric absent or scrape failed),
 * never zero.
 */
export interface MemberMetrics {
  /** etcd_server_id's server_id label, when present, ties a scrape to its member. */
  serverId?: MemberId;
  quotaBackendBytes?: number;
  dbTotalSizeInUseBytes?: number;
  hasLeader?: boolean;
  isLeader?: boolean;
  leaderChangesSeenTotal?: number;
  proposalsFailedTotal?: number;
  proposalsPending?: number;
  walFsyncP99Seconds?: number;
  backendCommitP99Seconds?: number;
  /** Worst p99 over all peers. */
  peerRoundTripP99Seconds?: number;
  processStartTimeSeconds?: number;
  /**
   * etcd_disk_defrag_inflight (3.4.18+, 3.5.2+): a defragment runs on this member, whoever
   * started it; it blocks the member's reads and writes until it ends.
   */
  defragInflight?: boolean;
  /** The raw cumulative latency histograms, so the monitor can take p99s over a recent window. */
  latencyHistograms?: {
    walFsync?: HistogramBuckets;
    backendCommit?: HistogramBuckets;
    /** Keyed by peer member id (lowercase hex). */
    peerRoundTripByPeer?: Record<string, HistogramBuckets>;
  };
}

/** Cumulative histogram buckets, so callers can compute a p99 over a window (delta of two). */
export interface HistogramBuckets {
  /** Upper bounds in seconds, ascending; the last is +Inf. */
  le: number[];
  /** Cumulative counts for each bound. */
  counts: number[];
}

export interface CompactResult {
  revision: bigint;
  /** True when etcd said "required revision has been compacted": nothing left to do. */
  alreadyCompacted: boolean;
}

export interface SnapshotResult {
  path: string;
  sizeBytes: number;
  /** Revision the snapshot was taken at (the member's revision when the stream started). */
  revision: bigint;
  /** sha256 of the file, hex. */
  sha256: string;
}

export interface CallTimeouts {
  /** Reads: status, health, member list, alarms, metrics. */
  readMs: number;
  /** Defragment blocks the member for as long as it runs: long, never retried. */
  defragMs: number;
  /** Compact, disarm, move-leader, put. */
  writeMs: number;
  /** Snapshot streams the whole DB. */
  snapshotMs: number;
}

/**
 * Per-endpoint access to etcd. Every call addresses exactly one member endpoint (a client URL
 * such as https://10.0.0.1:2379): no load balancing, no retries, a deadline on every call.
 */
export interface EtcdGateway {
  memberList(endpoint: string): Promise<Outcome<MemberList>>;
  status(endpoint: string): Promise<Outcome<MemberStatus>>;
  health(endpoint: string): Promise<Outcome<HealthProbe>>;
  alarms(endpoint: string): Promise<Outcome<Alarm[]>>;
  /** Scrape a /metrics URL with the cluster's TLS settings. */
  metrics(metricsUrl: string): Promise<Outcome<MemberMetrics>>;
  /**
   * Each https:// endpoint's serving certificate as the gateway's own calls already saw it, so
   * that reading the certificates costs no handshake of its own (a gateway may see none).
   */
  servingCertificatesSeen?(): ReadonlyMap<string, CertificateInfo>;

  compact(endpoint: string, revision: bigint): Promise<Outcome<CompactResult>>;
  defragment(endpoint: string): Promise<Outcome<void>>;
  disarm(endpoint: string, alarm: Alarm): Promise<Outcome<void>>;
  /** Must be sent to the current leader's endpoint. */
  moveLeader(leaderEndpoint: string, targetId: MemberId): Promise<Outcome<void>>;
  /** Makes a learner a voting member; etcd refuses a learner not yet in sync with the leader. */
  promoteLearner(endpoint: string, learnerId: MemberId): Promise<Outcome<void>>;
  snapshot(endpoint: string, path: string): Promise<Outcome<SnapshotResult>>;
  put(endpoint: string, key: string, value: string): Promise<Outcome<void>>;
  /** Deletes one key (nothing else): e.g. the recovery's verification write, once verified. */
  deleteKey(endpoint: string, key: string): Promise<Outcome<void>>;

  close(): void;
}

/** etcd sends uint64 ids as decimal strings; etcdctl prints them in hex. */
export function memberIdFromDecimal(decimal: string): MemberId {
  return BigInt(decimal).toString(16);
}

export function memberIdToDecimal(id: MemberId): string {
  return BigInt(`0x${id}`).toString(10);
}
