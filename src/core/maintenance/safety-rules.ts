// The rules experienced operators and etcd's maintainers follow before touching a cluster, as
// pure functions of what the monitor knows. Each returns the reason to refuse, or undefined.
// They run twice: when a dialog opens (to explain) and again at the instant of confirmation
// (the cluster may have changed while the operator read the dialog).
import type { Alarm, MemberId } from '../../etcd/gateway.js';
import { quorumSize } from '../findings-cluster.js';
import type { MemberRow } from '../member-rows.js';

/** Disarming while any DB is this close to the quota only re-raises NOSPACE at the next write. */
export const DISARM_MAX_QUOTA_PERCENT = 90;

export const label = (row: MemberRow) => `${row.name} (${row.id})`;

/** Up enough to serve (an alarm makes the health probe fail, but the member still answers). */
export const isServing = (row: MemberRow) => row.state === 'up' || row.state === 'unhealthy';

/**
 * Serving and not blocked: a member that runs a defragment (anyone's: its metrics say so) answers
 * Status but blocks reads and writes until it ends, so the quorum rules count it as unavailable.
 */
export const isAvailable = (row: MemberRow) => isServing(row) && !row.defragmenting;

/** Why a member cannot take an operation: its state, or the reason etcd refused this user. */
export const notServing = (row: MemberRow) =>
  row.state === 'denied' ? `${label(row)}: ${row.stateReason ?? 'permission denied'}` : `${label(row)} is ${row.state.toUpperCase()}`;

/**
 * When etcd refuses this user the members' Status (auth on, no root role), it refuses every
 * maintenance call too: the same reason, before anything is tried.
 */
export function permissionRefusal(rows: readonly MemberRow[]): string | undefined {
  const denied = rows.find((row) => row.state === 'denied');
  return denied && !rows.some(isServing) ? notServing(denied) : undefined;
}

export function operationRunning(running: string | undefined): string | undefined {
  return running ? `${running} is still running; wait for it to finish` : undefined;
}

/** Defragment blocks the member while it runs: refuse when that would cost the cluster its quorum. */
export function defragmentRefusal(rows: readonly MemberRow[], memberId: MemberId, running: string | undefined): string | undefined {
  const busy = operationRunning(running);
  if (busy) return busy;
  const target = rows.find((row) => row.id === memberId);
  if (!target) return 'that member is no longer in the member list';
  if (target.state === 'denied') return notServing(target);
  if (!isServing(target)) return `${label(target)} is ${target.state.toUpperCase()}: there is nothing to defragment until it answers`;
  if (target.defragmenting) return `${label(target)} is already being defragmented (its etcd_disk_defrag_inflight is 1): wait for that to end`;
  // A voter added with `member add` but never started still counts toward quorum (etcd sizes
  // quorum on every voting member), as quorumFindings counts it: it is a voter that is down.
  const voters = rows.filter((row) => !row.isLearner);
  if (target.isLearner) return undefined;
  const needed = quorumSize(voters.length);
  const servingAfter = voters.filter((row) => row.id !== memberId && isAvailable(row)).length;
  const down = voters.filter((row) => !isServing(row)).map(label);
  const blocked = voters.filter((row) => row.id !== memberId && isServing(row) && row.defragmenting).map(label);
  // With every voter up, a cluster of one or two members cannot keep quorum through any
  // defragment: that is the price of its size (a warning), not a failure to guard against.
  if (servingAfter < needed && down.length + blocked.length > 0) {
    const others = [...(down.length > 0 ? [`${down.join(', ')} down`] : []), ...(blocked.length > 0 ? [`${blocked.join(', ')} being defragmented`] : [])];
    return `defragmenting ${label(target)} blocks it with ${others.join(' and ')}: only ${servingAfter} of ${voters.length} voters would serve, and quorum needs ${needed}`;
  }
  return undefined;
}

/** The warning for a healthy cluster too small to keep quorum while one member blocks. */
export function defragmentQuorumWarning(rows: readonly MemberRow[], memberId: MemberId): string | undefined {
  const voters = rows.filter((row) => !row.isLearner && row.state !== 'unstarted');
  const target = voters.find((row) => row.id === memberId);
  if (!target) return undefined;
  const servingAfter = voters.filter((row) => row.id !== memberId && isAvailable(row)).length;
  if (servingAfter >= quorumSize(voters.length)) return undefined;
  return `this cluster has ${voters.length} voting member${voters.length > 1 ? 's' : ''}: writes stop until the defragment ends`;
}

/**
 * Followers first, leader last: the leader blocking stalls every write and can cost an election.
 * Returns the followers that still need a defragment when the target is the leader.
 */
export function followersStillToDefragment(rows: readonly MemberRow[], memberId: MemberId, defragmented: ReadonlySet<MemberId>): MemberRow[] {
  const target = rows.find((row) => row.id === memberId);
  if (target?.role !== 'leader') return [];
  return rows.filter((row) => row.role !== 'leader' && isServing(row) && !defragmented.has(row.id));
}

export function disarmRefusal(rows: readonly MemberRow[], alarms: readonly Alarm[], running: string | undefined): string | undefined {
  const busy = operationRunning(running);
  if (busy) return busy;
  const denied = permissionRefusal(rows);
  if (denied) return denied;
  if (alarms.length === 0) return 'no alarm is active';
  // CORRUPT means members disagree on the data: disarming it hides the evidence, it fixes nothing.
  const corrupt = alarms.filter((alarm) => alarm.alarm === 'CORRUPT');
  if (corrupt.length > 0) {
    return `CORRUPT on ${corrupt.map((a) => a.memberId).join(', ')}: do not disarm; compare \`etcdctl endpoint hashkv --cluster\`, then replace or restore the diverging member from a snapshot`;
  }
  const unknown = rows.filter((row) => !row.isLearner && row.dbQuotaPercent === undefined);
  if (unknown.length > 0) {
    return `the DB size of ${unknown.map(label).join(', ')} is unknown (${unknown.map((row) => row.state.toUpperCase()).join(', ')}): it may still be full and re-raise NOSPACE; wait until it answers`;
  }
  const full = rows.filter((row) => row.dbQuotaPercent !== undefined && row.dbQuotaPercent >= DISARM_MAX_QUOTA_PERCENT);
  if (full.length > 0) {
    const which = full.map((row) => `${label(row)} at ${Math.round(row.dbQuotaPercent ?? 0)}%`).join(', ');
    return `${which} of quota: NOSPACE would fire again at the next write; compact and defragment first (below ${DISARM_MAX_QUOTA_PERCENT}%)`;
  }
  return undefined;
}

export function moveLeaderRefusal(rows: readonly MemberRow[], leaderId: MemberId | null, targetId: MemberId, running: string | undefined): string | undefined {
  const busy = operationRunning(running);
  if (busy) return busy;
  const target = rows.find((row) => row.id === targetId);
  if (!target) return 'that member is no longer in the member list';
  // Denied its Status, this user sees no leader either: the reason is the permission, say that.
  if (target.state === 'denied') return notServing(target);
  if (leaderId === null) return 'there is no leader to move leadership from';
  if (targetId === leaderId) return `${label(target)} is already the leader`;
  if (target.isLearner) return `${label(target)} is a learner: learners cannot lead`;
  if (!isServing(target)) return `${label(target)} is ${target.state.toUpperCase()}: it cannot take leadership`;
  const leader = rows.find((row) => row.id === leaderId);
  if (!leader?.endpoint || !isServing(leader)) return 'the current leader does not answer: move-leader must be sent to it';
  return undefined;
}

export function memberOperationRefusal(rows: readonly MemberRow[], memberId: MemberId, running: string | undefined): string | undefined {
  const busy = operationRunning(running);
  if (busy) return busy;
  const target = rows.find((row) => row.id === memberId);
  if (!target) return 'that member is no longer in the member list';
  if (!isServing(target) || !target.endpoint) return notServing(target);
  return undefined;
}

/**
 * The dialog captured a member; at confirmation the member must still be the same one in the
 * same place and role, or the operator confirmed something that no longer exists.
 */
export function targetChanged(captured: MemberRow, now: MemberRow | undefined): string | undefined {
  if (!now) return `${label(captured)} left the member list`;
  if (now.endpoint !== captured.endpoint) return `${label(captured)} now answers at ${now.endpoint ?? 'no endpoint'}`;
  // State before role: a member that stops answering also loses its role (it becomes 'unknown'),
  // and "is now DOWN" is what the operator needs to read, not "is now a unknown".
  if (isServing(captured) && !isServing(now)) return `${label(captured)} is now ${now.state.toUpperCase()}`;
  if (now.role !== captured.role) return `${label(captured)} is now ${now.role === 'leader' ? 'the LEADER' : `a ${now.role}`}`;
  return undefined;
}
