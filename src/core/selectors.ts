// Pure reads over one poll round: who leads, which alarms are active, what the quota is, and how
// to name a member in a message. The verdict, the status table and the panes all read the
// snapshot through these, so they never disagree about what a round said.
import type { Alarm, MemberId, MemberMetrics, MemberStatus } from '../etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';

/** etcd's --quota-backend-bytes default (DefaultQuotaBytes), used when no metrics say otherwise. */
export const DEFAULT_QUOTA_BYTES = 2 * 1024 ** 3;

export interface QuotaBytes {
  bytes: number;
  /** False when no member reported a quota (status or metrics) and `bytes` is etcd's 2 GiB default. */
  known: boolean;
}

export interface LeaderDisagreement {
  memberId: MemberId;
  /** The leader this member sees; null when it sees none. */
  seesLeaderId: MemberId | null;
}

export interface LeaderView {
  /** The leader most reachable voting members report; null when none of them sees a leader. */
  leaderId: MemberId | null;
  /** How many reachable voting members report `leaderId`. */
  agreeingVoters: number;
  /** Reachable members (learners included) that see no leader or another one; empty when leaderId is null. */
  disagreement: LeaderDisagreement[];
}

export function statusOf(sample: MemberSample): MemberStatus | undefined {
  return sample.status?.ok ? sample.status.value : undefined;
}

export function metricsOf(sample: MemberSample): MemberMetrics | undefined {
  return sample.metrics?.ok ? sample.metrics.value : undefined;
}

/** Reachable means the status call answered: that is what carries leader, indexes and alarms. */
export function isReachable(sample: MemberSample): boolean {
  return statusOf(sample) !== undefined;
}

export function isVoter(sample: MemberSample): boolean {
  return !sample.member.isLearner;
}

/** Some voting member answered Status: "no leader" is then a fact, not a guess. */
export function leaderKnown(snapshot: ClusterSnapshot): boolean {
  return snapshot.members.some((sample) => isVoter(sample) && isReachable(sample));
}

/**
 * Added with `member add` but never started: etcd lists it with no name and no client URL. The
 * client URL matters: when discovery fails the poller polls seed endpoints under nameless
 * placeholder members, and those are not "unstarted".
 */
export function isUnstarted(sample: MemberSample): boolean {
  return sample.member.name === '' && sample.member.clientUrls.length === 0;
}

/** The member's hex id; a discovery placeholder has none until its status answers. */
export function memberIdOf(sample: MemberSample): MemberId {
  return sample.member.id || statusOf(sample)?.memberId || '';
}

/** How messages name a member: "etcd-1 (8e9e05c52164694d)". */
export function memberLabel(sample: MemberSample): string {
  const id = memberIdOf(sample);
  if (sample.member.name) return `${sample.member.name} (${id})`;
  if (isUnstarted(sample)) return `unstarted member ${id}`;
  return `${sample.endpoint ?? sample.member.clientUrls[0] ?? 'unknown endpoint'} (${id || 'id unknown'})`;
}

/** Like memberLabel, for an id that may belong to no polled member (alarms outlive removed members). */
export function labelForId(snapshot: ClusterSnapshot, id: MemberId): string {
  const sample = sampleById(snapshot, id);
  return sample ? memberLabel(sample) : `member ${id} (not in the member list)`;
}

export function sampleById(snapshot: ClusterSnapshot, id: MemberId): MemberSample | undefined {
  return snapshot.members.find((sample) => memberIdOf(sample) === id);
}

export function leaderOf(snapshot: ClusterSnapshot): LeaderView {
  const answered = snapshot.members.flatMap((sample) => {
    const status = statusOf(sample);
    return status ? [{ sample, status }] : [];
  });
  const tally = new Map<MemberId, { votes: number; maxTerm: bigint }>();
  for (const { sample, status } of answered) {
    if (!isVoter(sample) || status.leaderId === null) continue;
    const entry = tally.get(status.leaderId) ?? { votes: 0, maxTerm: 0n };
    tally.set(status.leaderId, { votes: entry.votes + 1, maxTerm: max(entry.maxTerm, status.raftTerm) });
  }
  const leaderId = pickLeader(tally);
  if (leaderId === null) return { leaderId, agreeingVoters: 0, disagreement: [] };
  const disagreement = answered
    .filter(({ status }) => status.leaderId !== leaderId)
    .map(({ sample, status }) => ({ memberId: memberIdOf(sample), seesLeaderId: status.leaderId }));
  return { leaderId, agreeingVoters: tally.get(leaderId)?.votes ?? 0, disagreement };
}

/**
 * The highest raft term among the voters that report `leaderId`. etcd's status gives the term of
 * the last applied entry, so right after an election it can still say the old term.
 */
export function leaderTermOf(snapshot: ClusterSnapshot, leaderId: MemberId | null): bigint | undefined {
  if (leaderId === null) return undefined;
  let term: bigint | undefined;
  for (const sample of snapshot.members) {
    const status = statusOf(sample);
    if (!status || !isVoter(sample) || status.leaderId !== leaderId) continue;
    if (term === undefined || status.raftTerm > term) term = status.raftTerm;
  }
  return term;
}

// Most votes wins; on a tie the view from the higher raft term is the newer election, and the
// id breaks what remains so the answer never depends on the order members were polled in.
function pickLeader(tally: Map<MemberId, { votes: number; maxTerm: bigint }>): MemberId | null {
  let best: { id: MemberId; votes: number; maxTerm: bigint } | undefined;
  for (const [id, entry] of tally) {
    const better =
      !best ||
      entry.votes > best.votes ||
      (entry.votes === best.votes && (entry.maxTerm > best.maxTerm || (entry.maxTerm === best.maxTerm && id < best.id)));
    if (better) best = { id, ...entry };
  }
  return best?.id ?? null;
}

/**
 * Every active alarm once. Each member's status carries the alarms of every member, so the same
 * alarm arrives from each reachable member; it belongs to the member its memberId names.
 */
export function alarmsOf(snapshot: ClusterSnapshot): Alarm[] {
  const seen = new Map<string, Alarm>();
  for (const sample of snapshot.members) {
    for (const alarm of statusOf(sample)?.alarms ?? []) {
      const key = `${alarm.memberId}/${alarm.alarm}`;
      if (!seen.has(key)) seen.set(key, { memberId: alarm.memberId, alarm: alarm.alarm });
    }
  }
  return [...seen.values()];
}

/**
 * The backend quota. --quota-backend-bytes is a per-member flag, so when members differ the
 * smallest wins: that member raises NOSPACE first, and NOSPACE stops writes cluster-wide.
 */
export function quotaBytesOf(snapshot: ClusterSnapshot): QuotaBytes {
  const reported = snapshot.members.flatMap((sample) => {
    const bytes = memberQuotaBytes(sample);
    return bytes === undefined ? [] : [bytes];
  });
  return reported.length > 0 ? { bytes: Math.min(...reported), known: true } : { bytes: DEFAULT_QUOTA_BYTES, known: false };
}

/**
 * A member's own quota: from its status (etcd ≥ 3.6's dbSizeQuota; the gateway drops the 0 that
 * 3.6.0–3.6.5 send without a quota flag), else from its metrics; 0 or less means "not set /
 * disabled", not a size.
 */
export function memberQuotaBytes(sample: MemberSample): number | undefined {
  const fromStatus = statusOf(sample)?.dbSizeQuotaBytes;
  if (fromStatus !== undefined && fromStatus > 0) return fromStatus;
  const bytes = metricsOf(sample)?.quotaBackendBytes;
  return bytes !== undefined && bytes > 0 ? bytes : undefined;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
