// The only path from a key press to a call that changes the cluster. `propose` builds what the
// confirmation dialog says (and whether it must refuse); `confirmRefusal` re-checks it against
// the cluster as it is at the moment of "y"; `execute` runs it once, never retried, and writes
// the audit entry whatever happens.
import type { Alarm, MemberId } from '../../etcd/gateway.js';
import { formatBytes } from '../format.js';
import type { MemberRow } from '../member-rows.js';
import {
  defragmentQuorumWarning,
  defragmentRefusal,
  disarmRefusal,
  followersStillToDefragment,
  label,
  memberOperationRefusal,
  moveLeaderRefusal,
  operationRunning,
  permissionRefusal,
  targetChanged,
} from './safety-rules.js';
import { learnerProgress, promoteRefusal } from './learner-rules.js';

export type OperationKind = 'compact' | 'defragment' | 'disarm' | 'move-leader' | 'snapshot' | 'promote';

export interface OperationRequest {
  kind: OperationKind;
  /** The member the dialog was opened on (defragment, move-leader, snapshot). */
  memberId?: MemberId;
  /** compact: keep this many most recent revisions (0 = compact up to the current revision). */
  keepRevisions?: number;
  /** snapshot: where to write it. */
  path?: string;
}

export interface MaintenanceContext {
  rows: readonly MemberRow[];
  leaderId: MemberId | null;
  alarms: readonly Alarm[];
  /** Label of the operation in progress, if any. */
  running?: string;
  /** Members defragmented during this session (followers first, leader last). */
  defragmented: ReadonlySet<MemberId>;
  /**
   * False when no member returned the member list: the rows are then only the seed endpoints,
   * and quorum (hence any defragment or leader move) cannot be judged.
   */
  memberListKnown?: boolean;
  /** Set while endpoints answer for more than one cluster: why every operation is refused. */
  clusterMismatch?: string;
}

const UNKNOWN_MEMBERS = 'the member list could not be read, so the effect on quorum cannot be judged; wait until a member answers';

export interface Proposal {
  request: OperationRequest;
  title: string;
  /** What will happen, in the order an operator reads it. */
  lines: string[];
  warnings: string[];
  refusal?: string;
  /** The target as it was when the dialog opened. */
  captured?: MemberRow;
  /** compact: the revision it will compact to. */
  revision?: bigint;
  /** disarm: the alarms the dialog listed, the only ones the operator agreed to disarm. */
  alarms?: readonly Alarm[];
}

const PROPOSERS: Record<OperationKind, (request: OperationRequest, context: MaintenanceContext) => Proposal> = {
  compact: proposeCompact,
  defragment: proposeDefragment,
  disarm: proposeDisarm,
  'move-leader': proposeMoveLeader,
  snapshot: proposeSnapshot,
  promote: proposePromote,
};

export function propose(request: OperationRequest, context: MaintenanceContext): Proposal {
  const proposal = PROPOSERS[request.kind](request, context);
  // Before any other rule: with two clusters answering, the target may not be the cluster shown.
  return context.clusterMismatch ? { ...proposal, refusal: context.clusterMismatch } : proposal;
}

/** Why a confirmed proposal must not run now, or undefined to go ahead. */
export function confirmRefusal(proposal: Proposal, now: MaintenanceContext): string | undefined {
  if (proposal.captured) {
    const changed = targetChanged(proposal.captured, now.rows.find((row) => row.id === proposal.captured?.id));
    if (changed) return `${changed} since the dialog opened; nothing was done`;
  }
  // Disarm deactivates every alarm active at run time: one raised while the operator read the
  // dialog (a CORRUPT, say) would be disarmed without ever having been shown.
  if (proposal.alarms && alarmKeys(proposal.alarms) !== alarmKeys(now.alarms)) {
    const active = now.alarms.map((alarm) => `${alarm.alarm} on ${alarm.memberId}`).join(', ') || 'none';
    return `the active alarms changed since the dialog opened (now: ${active}); nothing was done`;
  }
  return propose(proposal.request, now).refusal;
}

const alarmKeys = (alarms: readonly Alarm[]) => alarms.map((alarm) => `${alarm.memberId}/${alarm.alarm}`).sort().join(' ');

function currentRevision(rows: readonly MemberRow[]): bigint | undefined {
  return rows.reduce<bigint | undefined>((max, row) => (row.revision !== undefined && (max === undefined || row.revision > max) ? row.revision : max), undefined);
}

const KEEP_REVISION_STEPS = [0, 1000, 10_000, 100_000];

/**
 * How many revisions `+` / `-` may offer to keep at the current revision: only those that leave
 * something to compact (a target above revision 1; compacting to 1 does nothing).
 */
export function keepRevisionChoices(context: MaintenanceContext): number[] {
  const revision = currentRevision(context.rows);
  return KEEP_REVISION_STEPS.filter((keep) => keep === 0 || (revision !== undefined && revision - BigInt(keep) > 1n));
}

function proposeCompact(request: OperationRequest, context: MaintenanceContext): Proposal {
  const keep = BigInt(Math.max(0, request.keepRevisions ?? 0));
  const revision = currentRevision(context.rows);
  const target = revision === undefined ? undefined : revision - keep > 0n ? revision - keep : 1n;
  const refusal = operationRunning(context.running) ?? permissionRefusal(context.rows) ?? (target === undefined ? 'no member answers: the current revision is unknown' : undefined);
  return {
    request,
    title: 'Compact the keyspace \u2014 WHOLE CLUSTER',
    lines: [
      'Compaction is cluster-wide: every member drops all key history older than the target revision.',
      `Current revision: ${revision ?? '?'}   target: ${target ?? '?'}${keep > 0n ? ` (keeps the last ${keep} revisions)` : ' (current revision)'}`,
      'It frees space inside the DB; defragment each member afterwards to shrink the files.',
      'Watchers and clients reading older revisions will get "required revision has been compacted".',
    ],
    warnings: [],
    ...(target !== undefined ? { revision: target } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

function proposeDefragment(request: OperationRequest, context: MaintenanceContext): Proposal {
  const target = context.rows.find((row) => row.id === request.memberId);
  const refusal = (context.memberListKnown === false ? UNKNOWN_MEMBERS : undefined) ?? defragmentRefusal(context.rows, request.memberId ?? '', context.running);
  const pending = followersStillToDefragment(context.rows, request.memberId ?? '', context.defragmented);
  const warnings = pending.length > 0
    ? [`${target ? label(target) : 'This member'} is the LEADER and ${pending.map(label).join(', ')} ${pending.length > 1 ? 'have' : 'has'} not been defragmented yet: defragment followers first, or press m to move leadership away first.`]
    : [];
  const small = defragmentQuorumWarning(context.rows, request.memberId ?? '');
  if (small) warnings.push(small);
  return {
    request,
    title: `Defragment ${target ? label(target) : request.memberId}`,
    lines: target ? [
      `Member: ${target.name}  id ${target.id}  ${target.endpoint ?? ''}  (${target.role.toUpperCase()})`,
      `DB size ${target.dbSizeBytes === undefined ? '?' : formatBytes(target.dbSizeBytes)}, in use ${target.dbSizeInUseBytes === undefined ? '?' : formatBytes(target.dbSizeInUseBytes)}`,
      'Defragment rewrites the DB file to give free pages back to the disk.',
      'This member BLOCKS all reads and writes while it runs (seconds, minutes for a large DB). Never retried.',
    ] : [],
    warnings,
    ...(target ? { captured: target } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

function proposeDisarm(request: OperationRequest, context: MaintenanceContext): Proposal {
  const refusal = disarmRefusal(context.rows, context.alarms, context.running);
  const names = (id: MemberId) => {
    const row = context.rows.find((r) => r.id === id);
    return row ? label(row) : id;
  };
  return {
    request,
    title: 'Disarm alarms',
    lines: [
      ...context.alarms.map((alarm) => `${alarm.alarm} on ${names(alarm.memberId)}`),
      'Each alarm of each member is deactivated; writes are accepted again if the space is really free.',
    ],
    warnings: [],
    alarms: context.alarms,
    ...(refusal ? { refusal } : {}),
  };
}

function proposeMoveLeader(request: OperationRequest, context: MaintenanceContext): Proposal {
  const target = context.rows.find((row) => row.id === request.memberId);
  const leader = context.rows.find((row) => row.id === context.leaderId);
  const refusal = (context.memberListKnown === false ? UNKNOWN_MEMBERS : undefined) ?? moveLeaderRefusal(context.rows, context.leaderId, request.memberId ?? '', context.running);
  return {
    request,
    title: `Move leadership to ${target ? label(target) : request.memberId}`,
    lines: [
      `From ${leader ? label(leader) : 'the current leader'} to ${target ? label(target) : '?'}.`,
      'Writes pause for the hand-over (about one election timeout).',
      ...raftPositionLine(target, leader),
    ],
    warnings: behindLeaderWarning(target),
    ...(target ? { captured: target } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

function raftPositionLine(target: MemberRow | undefined, leader: MemberRow | undefined): string[] {
  if (target?.raftIndex === undefined || leader?.raftIndex === undefined || target.raftIndexDrift === undefined) return [];
  const drift = target.raftIndexDrift;
  const where = drift > 0n ? `${drift} behind` : 'up to date';
  return [`Raft index: ${target.name} ${target.raftIndex}, leader ${leader.raftIndex} (${where}).`];
}

/** A target behind the leader takes leadership only once it has caught up: writes pause longer. */
function behindLeaderWarning(target: MemberRow | undefined): string[] {
  const drift = target?.raftIndexDrift;
  if (!target || drift === undefined || drift <= 0n) return [];
  return [
    `${label(target)} is ${drift} raft entr${drift === 1n ? 'y' : 'ies'} behind the leader: the hand-over waits until it catches up, ` +
      'so writes pause longer; if it keeps falling behind (slow disk or network), choose another member',
  ];
}

function proposeSnapshot(request: OperationRequest, context: MaintenanceContext): Proposal {
  const target = context.rows.find((row) => row.id === request.memberId);
  const refusal = memberOperationRefusal(context.rows, request.memberId ?? '', context.running) ??
    (request.path ? undefined : 'no file name given');
  return {
    request,
    title: `Save a snapshot from ${target ? label(target) : request.memberId}`,
    lines: [
      `File: ${request.path ?? '?'}`,
      `Streams the whole DB (${target?.dbSizeBytes === undefined ? '?' : formatBytes(target.dbSizeBytes)}) from ${target?.endpoint ?? '?'}; the member keeps serving.`,
    ],
    warnings: [],
    ...(target ? { captured: target } : {}),
    ...(refusal ? { refusal } : {}),
  };
}

function proposePromote(request: OperationRequest, context: MaintenanceContext): Proposal {
  const target = context.rows.find((row) => row.id === request.memberId);
  const refusal = (context.memberListKnown === false ? UNKNOWN_MEMBERS : undefined) ?? promoteRefusal(context.rows, context.leaderId, request.memberId ?? '', context.running);
  const progress = learnerProgress(context.rows, request.memberId ?? '', context.leaderId);
  const voters = context.rows.filter((row) => !row.isLearner).length;
  return {
    request,
    title: `Promote learner ${target ? label(target) : request.memberId}`,
    lines: [
      `Learner: ${target?.name ?? '?'}  id ${target?.id ?? request.memberId}  ${target?.endpoint ?? ''}`,
      `Raft index ${progress?.learnerIndex ?? '?'} of the leader's ${progress?.leaderIndex ?? '?'}${progress ? ` (${progress.percent.toFixed(1)}%)` : ''}.`,
      `It becomes a voting member: ${voters} voters become ${voters + 1}, and quorum is counted on ${voters + 1}.`,
    ],
    warnings: [],
    ...(target ? { captured: target } : {}),
    ...(refusal ? { refusal } : {}),
  };
}
