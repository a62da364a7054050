// The numbers the verdict compares against. Every comparison is "strictly more than", as in the
// runbooks' alert rules (`> 0.8` of quota, `> 3` leader changes per hour). The CLI builds one
// flag per key from `thresholdDocs`, so a new threshold needs a doc entry or tsc complains.

export interface Thresholds {
  /** DB file size over this percent of the quota: warning (runbooks: 80%). */
  dbWarnPercent: number;
  /** DB file size over this percent of the quota: critical (runbooks: 95%). */
  dbCriticalPercent: number;
  /** A member this many raft entries behind the leader: warning. */
  maxRaftIndexDrift: number;
  /** Committed but not yet applied entries on one member: warning. */
  maxApplyLag: number;
  /** Free space inside the DB file over this percent: warning, suggests a defragment. */
  maxFragmentationPercent: number;
  /** Below this DB size fragmentation is not worth a defragment (a fresh DB is mostly free pages). */
  fragmentationMinBytes: number;
  /** Leader elections per hour above which leadership is unstable (runbooks: > 3/h). */
  maxLeaderChangesPerHour: number;
  /** WAL fsync p99 warning (etcd docs and runbooks: SSD should stay under 10 ms). */
  walFsyncWarnMs: number;
  /** WAL fsync p99 critical: etcd's own "slow fdatasync" line fires at 1 s, and heartbeats start to miss. */
  walFsyncCriticalMs: number;
  /** Backend commit p99 warning (runbooks: p99 > 25 ms). */
  backendCommitWarnMs: number;
  /** Worst peer round-trip p99 warning (runbooks: p99 > 50 ms). */
  peerRoundTripWarnMs: number;
  /** A certificate (member serving or etcdtop's client) expiring in fewer days: warning. */
  certWarnDays: number;
  /** Expiring in fewer days, or expired: critical (an expired member certificate stops the member). */
  certCriticalDays: number;
}

export const defaultThresholds: Readonly<Thresholds> = Object.freeze({
  dbWarnPercent: 80,
  dbCriticalPercent: 95,
  // A round asks members in parallel but they answer up to a deadline apart, so a busy
  // Kubernetes etcd (hundreds of writes/s) shows a few hundred entries of "drift" from timing
  // alone. 1000 stays clear of that and well under 5000, etcd's SnapshotCatchUpEntries: past
  // it the leader must ship a whole snapshot to the follower.
  maxRaftIndexDrift: 1000,
  // etcd rejects new proposals ("too many requests") once committed − applied exceeds 5000
  // (maxGapBetweenApplyAndCommitIndex); 1000 warns well before writes start to bounce.
  maxApplyLag: 1000,
  maxFragmentationPercent: 50,
  fragmentationMinBytes: 100 * 1024 * 1024,
  maxLeaderChangesPerHour: 3,
  walFsyncWarnMs: 10,
  walFsyncCriticalMs: 1000,
  backendCommitWarnMs: 25,
  peerRoundTripWarnMs: 50,
  // kubeadm's certificates last a year and its renewal is manual: a month leaves time to plan it.
  certWarnDays: 30,
  certCriticalDays: 7,
});

export interface ThresholdDoc {
  unit: 'percent' | 'entries' | 'bytes' | 'per hour' | 'ms' | 'days';
  /** One line for --help. */
  description: string;
}

export const thresholdDocs: Readonly<Record<keyof Thresholds, ThresholdDoc>> = {
  dbWarnPercent: { unit: 'percent', description: 'warn when a DB file exceeds this percent of the quota' },
  dbCriticalPercent: { unit: 'percent', description: 'critical when a DB file exceeds this percent of the quota' },
  maxRaftIndexDrift: { unit: 'entries', description: 'warn when a member is this many raft entries behind the leader' },
  maxApplyLag: { unit: 'entries', description: 'warn when a member has this many committed entries not applied' },
  maxFragmentationPercent: { unit: 'percent', description: 'warn when this percent of a DB file is free space' },
  fragmentationMinBytes: { unit: 'bytes', description: 'ignore fragmentation in DB files smaller than this' },
  maxLeaderChangesPerHour: { unit: 'per hour', description: 'warn when the leader changes more often than this' },
  walFsyncWarnMs: { unit: 'ms', description: 'warn when WAL fsync p99 exceeds this' },
  walFsyncCriticalMs: { unit: 'ms', description: 'critical when WAL fsync p99 exceeds this' },
  backendCommitWarnMs: { unit: 'ms', description: 'warn when backend commit p99 exceeds this' },
  peerRoundTripWarnMs: { unit: 'ms', description: 'warn when the worst peer round-trip p99 exceeds this' },
  certWarnDays: { unit: 'days', description: 'warn when a member\u2019s or etcdtop\u2019s certificate expires in fewer days' },
  certCriticalDays: { unit: 'days', description: 'critical when a certificate expires in fewer days, or has expired' },
};

/** What is wrong with a set of thresholds, one line each; empty when usable. */
export function thresholdProblems(thresholds: Thresholds): string[] {
  const problems = Object.entries(thresholds)
    .filter(([, value]) => !Number.isFinite(value) || value < 0)
    .map(([key]) => `${key} must be a number ≥ 0`);
  if (thresholds.dbWarnPercent > thresholds.dbCriticalPercent) {
    problems.push('dbWarnPercent must not exceed dbCriticalPercent');
  }
  if (thresholds.walFsyncWarnMs > thresholds.walFsyncCriticalMs) {
    problems.push('walFsyncWarnMs must not exceed walFsyncCriticalMs');
  }
  if (thresholds.certCriticalDays > thresholds.certWarnDays) {
    problems.push('certCriticalDays must not exceed certWarnDays');
  }
  return problems;
}
