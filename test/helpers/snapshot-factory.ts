// Builds ClusterSnapshots for tests: start from `healthyCluster()` and apply `with*` changes.
// Every function returns a new snapshot and never mutates its input, so one base can feed
// several cases:
//
//   const base = healthyCluster();                       // 3 voters, etcd-1 leads
//   const degraded = withMemberDown(base, 1);             // etcd-2 times out
//   const full = withNoSpace(healthyCluster({ members: 5 }), 2);
//
// Members are addressed by index in `snapshot.members`. The numbers look like a small, quiet
// Kubernetes etcd (25 MB DB, 2 GiB quota, fast disk, up for a day) and are deterministic: the
// round is taken at TAKEN_AT_MS, member i is named etcd-{i+1} with id MEMBER_IDS[i].
import type { Alarm, Failure, FailureKind, HealthProbe, MemberMetrics, MemberStatus } from '../../src/etcd/gateway.js';
import { memberIdToDecimal } from '../../src/etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from '../../src/core/cluster-snapshot.js';

export const MIB = 1024 ** 2;
export const GIB = 1024 ** 3;
/** 2025-01-15T12:00:00Z: the instant every factory round is taken at. */
export const TAKEN_AT_MS = Date.UTC(2025, 0, 15, 12, 0, 0);
/** Members' processes started one day before the round. */
export const STARTED_AT_SECONDS = TAKEN_AT_MS / 1000 - 86_400;
export const CLUSTER_ID = 'cdf818194e3a8c32';
export const MEMBER_IDS = [
  '4c95f7dc5897214a',
  '66fb782b14ae096a',
  'ee098f6d097e6ce5',
  '8e9e05c52164694d',
  '91bc3c398fb3c146',
  'fd422379fda50e48',
  '1c2d3e4f5a6b7c8d',
  'a1b2c3d4e5f60718',
] as const;

export interface ClusterOptions {
  /** Voting members (default 3). */
  members?: number;
  /** Learners, appended after the voters (default 0). */
  learners?: number;
  /** Index of the leader every member agrees on (default 0). */
  leader?: number;
}

export function memberIdAt(index: number): string {
  const id = MEMBER_IDS[index];
  if (id === undefined) throw new Error(`snapshot-factory has ${MEMBER_IDS.length} member ids; index ${index} is out of range`);
  return id;
}

/** A Failure as the gateway returns it; the message defaults to something etcdctl-like per kind. */
export function failure(kind: FailureKind = 'timeout', message?: string, hint?: string): Failure {
  const defaults: Partial<Record<FailureKind, string>> = {
    timeout: 'timed out after 1.5s',
    unreachable: 'connection refused',
    tls: 'TLS handshake failed: certificate signed by unknown authority',
    auth: 'permission denied',
  };
  return { kind, message: message ?? defaults[kind] ?? `${kind} failure`, ...(hint ? { hint } : {}) };
}

/** A cluster where every member answers, agrees on one leader, has no alarm and fast disks. */
export function healthyCluster(options: ClusterOptions = {}): ClusterSnapshot {
  const voters = options.members ?? 3;
  const learners = options.learners ?? 0;
  const leader = options.leader ?? 0;
  const members = Array.from({ length: voters + learners }, (_, i) =>
    healthySample(i, { isLearner: i >= voters, leaderId: memberIdAt(leader), isLeader: i === leader, single: voters + learners === 1 }),
  );
  return {
    takenAtMs: TAKEN_AT_MS,
    durationMs: 12,
    discovery: { ok: true, value: { clusterId: CLUSTER_ID, answeredBy: memberIdAt(0), members: members.map((m) => m.member) }, latencyMs: 3 },
    members,
  };
}

function healthySample(i: number, o: { isLearner: boolean; leaderId: string; isLeader: boolean; single: boolean }): MemberSample {
  const id = memberIdAt(i);
  const endpoint = `https://10.0.0.${i + 1}:2379`;
  const status: MemberStatus = {
    memberId: id, clusterId: CLUSTER_ID, version: '3.5.15', dbSizeBytes: 25_000_000, dbSizeInUseBytes: 20_000_000,
    leaderId: o.leaderId, raftTerm: 2n, raftIndex: 812n, raftAppliedIndex: 812n, revision: 911n,
    isLearner: o.isLearner, errors: [], alarms: [],
  };
  const metrics: MemberMetrics = {
    serverId: id, quotaBackendBytes: 2 * GIB, dbTotalSizeInUseBytes: 20_000_000, hasLeader: true, isLeader: o.isLeader,
    leaderChangesSeenTotal: 1, proposalsFailedTotal: 0, proposalsPending: 0, walFsyncP99Seconds: 0.004,
    backendCommitP99Seconds: 0.008, ...(o.single ? {} : { peerRoundTripP99Seconds: 0.002 }),
    processStartTimeSeconds: STARTED_AT_SECONDS,
  };
  return {
    member: { id, name: `etcd-${i + 1}`, peerUrls: [`https://10.0.0.${i + 1}:2380`], clientUrls: [endpoint], isLearner: o.isLearner },
    endpoint,
    status: { ok: true, value: status, latencyMs: 2 },
    health: { ok: true, value: { healthy: true }, latencyMs: 3.8 },
    metrics: { ok: true, value: metrics, latencyMs: 5 },
  };
}

/** Replace member `index` with what `change` returns (it receives a private copy). */
export function mapMember(snapshot: ClusterSnapshot, index: number, change: (sample: MemberSample) => MemberSample): ClusterSnapshot {
  const copy = structuredClone(snapshot);
  const sample = copy.members[index];
  if (!sample) throw new Error(`snapshot has ${copy.members.length} members; index ${index} is out of range`);
  copy.members[index] = change(sample);
  return copy;
}

/** Every call to the member fails (status, health and metrics), by default with a timeout. */
export function withMemberDown(snapshot: ClusterSnapshot, index: number, why: Failure = failure('timeout')): ClusterSnapshot {
  return mapMember(snapshot, index, (sample) => ({
    ...sample,
    status: { ok: false, failure: why, latencyMs: 1500 },
    health: { ok: false, failure: why, latencyMs: 1500 },
    ...(sample.metrics ? { metrics: { ok: false, failure: why, latencyMs: 1500 } } : {}),
  }));
}

/** Patch what member `index`'s status call returned; the member must be up. */
export function withStatus(snapshot: ClusterSnapshot, index: number, patch: Partial<MemberStatus>): ClusterSnapshot {
  return mapMember(snapshot, index, (sample) => {
    if (!sample.status?.ok) throw new Error(`member ${index} is down; withStatus needs an answered status`);
    return { ...sample, status: { ...sample.status, value: { ...sample.status.value, ...patch } } };
  });
}

/** Patch member `index`'s scraped metrics (the scrape must have succeeded). */
export function withMetrics(snapshot: ClusterSnapshot, index: number, patch: Partial<MemberMetrics>): ClusterSnapshot {
  return mapMember(snapshot, index, (sample) => {
    if (!sample.metrics?.ok) throw new Error(`member ${index} has no metrics; withMetrics needs a successful scrape`);
    return { ...sample, metrics: { ...sample.metrics, value: { ...sample.metrics.value, ...patch } } };
  });
}

/** No metrics URL known for these members (all when none given): quota becomes "assumed". */
export function withoutMetrics(snapshot: ClusterSnapshot, ...indexes: number[]): ClusterSnapshot {
  const targets = indexes.length > 0 ? indexes : snapshot.members.map((_, i) => i);
  return targets.reduce(
    (snap, i) => mapMember(snap, i, ({ metrics: _dropped, ...rest }) => rest),
    snapshot,
  );
}

/** The health probe's answer (a HealthProbe) or its failure (a Failure). */
export function withHealth(snapshot: ClusterSnapshot, index: number, result: HealthProbe | Failure): ClusterSnapshot {
  const health = 'healthy' in result ? { ok: true as const, value: result, latencyMs: 4 } : { ok: false as const, failure: result, latencyMs: 1500 };
  return mapMember(snapshot, index, (sample) => ({ ...sample, health }));
}

/**
 * Which leader members see: `leader` is a member index, or null for "no leader". Applies to the
 * answering members in `seenBy` (all of them by default); metrics follow the status.
 */
export function withLeader(snapshot: ClusterSnapshot, leader: number | null, seenBy?: number[]): ClusterSnapshot {
  const leaderId = leader === null ? null : memberIdAt(leader);
  const targets = seenBy ?? answeringIndexes(snapshot);
  return targets.reduce((snap, i) => {
    const withView = withStatus(snap, i, { leaderId });
    const sample = withView.members[i];
    if (!sample?.metrics?.ok) return withView;
    return withMetrics(withView, i, { hasLeader: leaderId !== null, isLeader: leader === i });
  }, snapshot);
}

/**
 * Raise `alarm` on member `index` (or on a raw id, e.g. a removed member). As etcd does, every
 * answering member reports it in its status, unless `reportedBy` narrows that down, and the
 * health probe of each reporter answers unhealthy with the gateway's reason text.
 */
export function withAlarm(snapshot: ClusterSnapshot, on: number | string, alarm: string, reportedBy?: number[]): ClusterSnapshot {
  const entry: Alarm = { memberId: typeof on === 'number' ? memberIdAt(on) : on, alarm };
  const text = `memberID:${memberIdToDecimal(entry.memberId)} alarm:${alarm} `;
  return (reportedBy ?? answeringIndexes(snapshot)).reduce((snap, i) => {
    const status = snap.members[i]?.status;
    if (!status?.ok) return snap;
    const alarms = [...status.value.alarms, entry];
    const reason = `active alarm(s): ${alarms.map((a) => a.alarm).join(', ')}`;
    return withHealth(withStatus(snap, i, { alarms, errors: [...status.value.errors, text] }), i, { healthy: false, reason });
  }, snapshot);
}

/** NOSPACE on member `index`, its DB file grown to its quota (2 GiB). */
export function withNoSpace(snapshot: ClusterSnapshot, index = 0): ClusterSnapshot {
  return withAlarm(withDbSize(snapshot, index, 2 * GIB, 1.9 * GIB), index, 'NOSPACE');
}

/** DB file size and in-use size (status, and the in-use metric when scraped). */
export function withDbSize(snapshot: ClusterSnapshot, index: number, dbSizeBytes: number, inUseBytes = dbSizeBytes): ClusterSnapshot {
  const snap = withStatus(snapshot, index, { dbSizeBytes, dbSizeInUseBytes: inUseBytes });
  return snap.members[index]?.metrics?.ok ? withMetrics(snap, index, { dbTotalSizeInUseBytes: inUseBytes }) : snap;
}

/** Append a member added with `member add` but never started: no name, no client URL, not polled. */
export function withUnstartedMember(snapshot: ClusterSnapshot, options: { learner?: boolean } = {}): ClusterSnapshot {
  const copy = structuredClone(snapshot);
  const i = copy.members.length;
  const member = { id: memberIdAt(i), name: '', peerUrls: [`https://10.0.0.${i + 1}:2380`], clientUrls: [], isLearner: options.learner ?? false };
  copy.members.push({ member });
  if (copy.discovery.ok) copy.discovery.value.members.push(member);
  return copy;
}

/** The member list could not be had; the members polled stay as they are. */
export function withDiscoveryFailure(snapshot: ClusterSnapshot, why: Failure = failure('timeout')): ClusterSnapshot {
  return { ...structuredClone(snapshot), discovery: { ok: false, failure: why, latencyMs: 1500 } };
}

/**
 * What the poller produces when no endpoint answers: discovery failed, and each seed endpoint is
 * polled under a nameless placeholder member (no id), which failed too.
 */
export function unreachableCluster(why: Failure = failure('unreachable'), seeds = ['https://10.0.0.1:2379']): ClusterSnapshot {
  return {
    takenAtMs: TAKEN_AT_MS,
    durationMs: 1500,
    discovery: { ok: false, failure: why, latencyMs: 1500 },
    members: seeds.map((endpoint) => ({
      member: { id: '', name: '', peerUrls: [], clientUrls: [endpoint], isLearner: false },
      endpoint,
      status: { ok: false, failure: why, latencyMs: 1500 },
      health: { ok: false, failure: why, latencyMs: 1500 },
    })),
  };
}

function answeringIndexes(snapshot: ClusterSnapshot): number[] {
  return snapshot.members.flatMap((sample, i) => (sample.status?.ok ? [i] : []));
}
