// One row per member with every number the status table, the member pane and the verdict need,
// computed once per round. Unknown is undefined, never zero: a member that did not answer has
// no DB size, not an empty one.
import type { AlarmKind, DowngradeInfo, Failure, MemberId, MemberStatus } from '../etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import {
  alarmsOf,
  isUnstarted,
  leaderOf,
  memberIdOf,
  memberQuotaBytes,
  metricsOf,
  quotaBytesOf,
  sampleById,
  statusOf,
  type QuotaBytes,
} from './selectors.js';

export type MemberRole = 'leader' | 'follower' | 'learner' | 'unknown';
/**
 * 'denied': the member answers, but refuses this user its Status (etcd 3.5+ with auth on wants
 * the root role for it): alive, and nothing more can be read from it.
 */
export type MemberState = 'up' | 'down' | 'unstarted' | 'unhealthy' | 'denied';

export interface MemberRow {
  id: MemberId;
  /** The member's name, or "(unstarted)" for a member added but never started. */
  name: string;
  endpoint?: string;
  role: MemberRole;
  state: MemberState;
  /** Why the member is down or unhealthy, one line; undefined when up. */
  stateReason?: string;
  /**
   * The same in a few stable words, for the members table: the full reason can change wording
   * every round for one cause ("connect ECONNREFUSED …", then "No connection established").
   */
  shortReason?: string;
  /** The failure behind a 'down' state, for its hint. */
  failure?: Failure;
  isLearner: boolean;
  version?: string;
  /** etcd ≥ 3.6: the storage schema version; undefined before 3.6. */
  storageVersion?: string;
  /** etcd ≥ 3.6: present (enabled or not) when the member reports its downgrade state. */
  downgrade?: DowngradeInfo;
  dbSizeBytes?: number;
  dbSizeInUseBytes?: number;
  /** The quota this member's percentage is computed against: its own when its metrics say. */
  quotaBytes: number;
  quotaKnown: boolean;
  /** dbSizeBytes / quota × 100: NOSPACE triggers on the file size, not on the in-use size. */
  dbQuotaPercent?: number;
  /** (dbSize − inUse) / dbSize × 100: space a defragment would give back. */
  fragmentationPercent?: number;
  raftTerm?: bigint;
  raftIndex?: bigint;
  raftAppliedIndex?: bigint;
  /** Leader's raftIndex − this member's; 0n for the leader; undefined when either is unknown. */
  raftIndexDrift?: bigint;
  /** raftIndex − raftAppliedIndex: committed entries this member has not applied yet. */
  applyLag?: bigint;
  revision?: bigint;
  healthLatencyMs?: number;
  /** Active alarms raised by this member (whoever reported them). */
  alarms: AlarmKind[];
  /** Its metrics say a defragment runs on it (etcd_disk_defrag_inflight), whoever started it. */
  defragmenting: boolean;
  /**
   * When its etcd process started (process_start_time_seconds): a later value next round is a
   * restart, even one quicker than a poll interval that was never seen down.
   */
  processStartedAtMs?: number;
}

export function memberRows(snapshot: ClusterSnapshot, quota: QuotaBytes = quotaBytesOf(snapshot)): MemberRow[] {
  const { leaderId } = leaderOf(snapshot);
  const leaderSample = leaderId === null ? undefined : sampleById(snapshot, leaderId);
  const leaderIndex = leaderSample ? statusOf(leaderSample)?.raftIndex : undefined;
  const alarms = alarmsOf(snapshot);
  return snapshot.members.map((sample) => {
    const id = memberIdOf(sample);
    const status = statusOf(sample);
    const ownQuota = memberQuotaBytes(sample);
    const quotaBytes = ownQuota ?? quota.bytes;
    return {
      id,
      name: isUnstarted(sample) ? '(unstarted)' : sample.member.name,
      ...(sample.endpoint === undefined ? {} : { endpoint: sample.endpoint }),
      role: roleOf(sample, id, leaderId),
      ...stateOf(sample),
      isLearner: sample.member.isLearner,
      quotaBytes,
      quotaKnown: ownQuota !== undefined || quota.known,
      ...(status ? statusFigures(sample, status, quotaBytes, leaderIndex) : {}),
      ...(sample.health?.ok ? { healthLatencyMs: sample.health.latencyMs } : {}),
      alarms: alarms.filter((alarm) => alarm.memberId === id).map((alarm) => alarm.alarm),
      defragmenting: metricsOf(sample)?.defragInflight === true,
      ...processStartOf(sample),
    };
  });
}

function processStartOf(sample: MemberSample): Pick<MemberRow, 'processStartedAtMs'> {
  const seconds = metricsOf(sample)?.processStartTimeSeconds;
  return seconds === undefined || !Number.isFinite(seconds) ? {} : { processStartedAtMs: Math.round(seconds * 1000) };
}

function roleOf(sample: MemberSample, id: MemberId, leaderId: MemberId | null): MemberRole {
  // The cluster's view decides leadership: a leader whose client port we cannot reach still leads.
  if (id !== '' && id === leaderId) return 'leader';
  if (sample.member.isLearner) return 'learner';
  return statusOf(sample) ? 'follower' : 'unknown';
}

type StateFields = Pick<MemberRow, 'state' | 'stateReason' | 'shortReason' | 'failure'>;

const SHORT_REASONS: Record<Failure['kind'], string> = {
  timeout: 'timed out',
  unreachable: 'unreachable',
  tls: 'TLS failed',
  auth: 'auth refused',
  permission: 'permission denied',
  'not-etcd': 'not etcd',
  'no-space': 'NOSPACE',
  compacted: 'error',
  'no-leader': 'no leader',
  rejected: 'error',
  unknown: 'error',
};

/** "timed out after 1.5s" says which deadline, and stays the same every round: kept whole. */
function shortReasonOf(failure: Failure): string {
  return failure.kind === 'timeout' && failure.message.startsWith('timed out') ? failure.message : SHORT_REASONS[failure.kind];
}

function stateOf(sample: MemberSample): StateFields {
  const { status, health } = sample;
  if (status?.ok) {
    if (health && !health.ok) {
      return { state: 'unhealthy', stateReason: `health check failed: ${health.failure.message}`, shortReason: `health ${shortReasonOf(health.failure)}` };
    }
    if (health?.ok && !health.value.healthy) {
      const reason = health.value.reason ?? 'health check failed';
      const alarms = /^active alarm\(s\): (.*)$/.exec(reason)?.[1];
      return { state: 'unhealthy', stateReason: reason, shortReason: alarms ? `${alarms} alarm` : reason };
    }
    return { state: 'up' };
  }
  if (isUnstarted(sample)) return { state: 'unstarted', stateReason: 'added to the cluster but never started' };
  if (!status) return { state: 'down', stateReason: 'not polled: no client URL known', shortReason: 'no client URL' };
  if (status.failure.kind === 'permission') return { state: 'denied', stateReason: status.failure.message, failure: status.failure };
  return { state: 'down', stateReason: status.failure.message, shortReason: shortReasonOf(status.failure), failure: status.failure };
}

type StatusFields = Pick<
  MemberRow,
  | 'version'
  | 'storageVersion'
  | 'downgrade'
  | 'dbSizeBytes'
  | 'dbSizeInUseBytes'
  | 'dbQuotaPercent'
  | 'fragmentationPercent'
  | 'raftTerm'
  | 'raftIndex'
  | 'raftAppliedIndex'
  | 'raftIndexDrift'
  | 'applyLag'
  | 'revision'
>;

function statusFigures(sample: MemberSample, status: MemberStatus, quotaBytes: number, leaderIndex: bigint | undefined): StatusFields {
  const inUse = inUseBytes(sample, status);
  const dbSize = status.dbSizeBytes;
  return {
    version: status.version,
    ...(status.storageVersion === undefined ? {} : { storageVersion: status.storageVersion }),
    ...(status.downgrade === undefined ? {} : { downgrade: status.downgrade }),
    dbSizeBytes: dbSize,
    ...(inUse === undefined ? {} : { dbSizeInUseBytes: inUse }),
    dbQuotaPercent: (dbSize / quotaBytes) * 100,
    ...(inUse === undefined || dbSize <= 0 ? {} : { fragmentationPercent: (Math.max(0, dbSize - inUse) / dbSize) * 100 }),
    raftTerm: status.raftTerm,
    raftIndex: status.raftIndex,
    raftAppliedIndex: status.raftAppliedIndex,
    ...(leaderIndex === undefined ? {} : { raftIndexDrift: drift(leaderIndex, status.raftIndex) }),
    applyLag: status.raftIndex - status.raftAppliedIndex,
    revision: status.revision,
  };
}

// etcd before 3.4 sends no in-use size (0); a bolt file is never 0 bytes in use, so 0 means
// "not reported" and the metric, when scraped, is the better source.
function inUseBytes(sample: MemberSample, status: MemberStatus): number | undefined {
  if (status.dbSizeInUseBytes > 0) return status.dbSizeInUseBytes;
  const fromMetrics = metricsOf(sample)?.dbTotalSizeInUseBytes;
  return fromMetrics !== undefined && fromMetrics > 0 ? fromMetrics : undefined;
}

// Members are asked in parallel but answer at different instants, so a follower that answers a
// few ms after the leader can report a higher index than the leader did: timing, not drift.
function drift(leaderIndex: bigint, memberIndex: bigint): bigint {
  const behind = leaderIndex - memberIndex;
  return behind > 0n ? behind : 0n;
}
