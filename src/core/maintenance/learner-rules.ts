// Learners (kubeadm's learner mode, GA in Kubernetes 1.32): a new member joins as a non-voting
// learner and is promoted once its log has caught up. etcd itself refuses to promote a learner
// whose log is not within 10% of the leader's (readyPercent = 0.9 in etcd's server/cluster code);
// the dialog says so before the request is sent, with the numbers.
import type { MemberId } from '../../etcd/gateway.js';
import type { MemberRow } from '../member-rows.js';
import { isServing, label, operationRunning } from './safety-rules.js';

/** etcd's threshold: the learner's raft index at 90% of the leader's or more. */
export const LEARNER_READY_PERCENT = 90;

export interface LearnerProgress {
  learnerIndex: bigint;
  leaderIndex: bigint;
  /** learnerIndex / leaderIndex × 100, capped at 100. */
  percent: number;
}

/** How far the learner's log has come toward the leader's; undefined when either is unknown. */
export function learnerProgress(rows: readonly MemberRow[], learnerId: MemberId, leaderId: MemberId | null): LearnerProgress | undefined {
  const learner = rows.find((row) => row.id === learnerId);
  const leader = rows.find((row) => row.id === leaderId);
  if (learner?.raftIndex === undefined || leader?.raftIndex === undefined) return undefined;
  const percent = leader.raftIndex === 0n ? 100 : Math.min(100, Number((learner.raftIndex * 10_000n) / leader.raftIndex) / 100);
  return { learnerIndex: learner.raftIndex, leaderIndex: leader.raftIndex, percent };
}

export function promoteRefusal(rows: readonly MemberRow[], leaderId: MemberId | null, learnerId: MemberId, running: string | undefined): string | undefined {
  const busy = operationRunning(running);
  if (busy) return busy;
  const target = rows.find((row) => row.id === learnerId);
  if (!target) return 'that member is no longer in the member list';
  if (!target.isLearner) return `${label(target)} is already a voting member: only a learner can be promoted`;
  if (!isServing(target)) return `${label(target)} is ${target.state.toUpperCase()}: a learner that does not answer cannot be judged in sync`;
  const leader = rows.find((row) => row.id === leaderId);
  if (!leader?.endpoint || !isServing(leader)) return 'there is no answering leader to send the promotion to';
  const progress = learnerProgress(rows, learnerId, leaderId);
  if (!progress) return `the raft index of ${label(target)} or of the leader is unknown; wait for the next round`;
  if (progress.percent < LEARNER_READY_PERCENT) {
    return `${label(target)} is not caught up: raft index ${progress.learnerIndex} of the leader's ${progress.leaderIndex} (${progress.percent.toFixed(1)}%); etcd promotes a learner only from ${LEARNER_READY_PERCENT}%, wait for it to catch up`;
  }
  return undefined;
}
