// Per-member findings from the numbers in a member's row: DB size against the quota, free space
// inside the DB file, and raft progress (behind the leader, committed but not applied).
import type { ClusterSnapshot } from './cluster-snapshot.js';
import type { Finding } from './finding.js';
import { memberIdField } from './findings-member.js';
import { formatBytes, formatPercent } from './format.js';
import type { MemberRow } from './member-rows.js';
import { memberLabel } from './selectors.js';
import type { Thresholds } from './verdict-thresholds.js';

/** Rows are in snapshot order. */
export function storageFindings(snapshot: ClusterSnapshot, rows: MemberRow[], thresholds: Thresholds): Finding[] {
  const leaderRow = rows.find((row) => row.role === 'leader');
  return snapshot.members.flatMap((sample, i) => {
    const row = rows[i];
    if (!row) return [];
    const label = memberLabel(sample);
    const base = memberIdField(sample);
    return [
      quotaFinding(row, label, thresholds),
      fragmentationFinding(row, label, thresholds),
      driftFinding(row, label, leaderRow, thresholds),
      applyLagFinding(row, label, thresholds),
    ].flatMap((finding) => (finding ? [{ ...finding, ...base }] : []));
  });
}

type Draft = Omit<Finding, 'memberId'> | undefined;

function quotaFinding(row: MemberRow, label: string, thresholds: Thresholds): Draft {
  const percent = row.dbQuotaPercent;
  // Past NOSPACE the alarm finding says it better; a second line about the size is noise.
  if (percent === undefined || row.dbSizeBytes === undefined || row.alarms.includes('NOSPACE')) return undefined;
  const critical = percent > thresholds.dbCriticalPercent;
  if (!critical && percent <= thresholds.dbWarnPercent) return undefined;
  const quota = formatBytes(row.quotaBytes);
  const assumed = row.quotaKnown ? '' : " (etcd's 2 GiB default, assumed: no quota in metrics)";
  return {
    level: critical ? 'critical' : 'warning',
    code: 'db-near-quota',
    message: `${label}: DB size ${formatBytes(row.dbSizeBytes)} is ${formatPercent(percent)} of the ${quota} quota${assumed}`,
    remedy: critical
      ? 'NOSPACE is near: compact now, then defragment every member one at a time (followers first, leader last)'
      : 'compact old revisions, then defragment members one at a time (followers first, leader last); ' +
        'consider auto-compaction or a larger --quota-backend-bytes (8 GiB at most)',
  };
}

function fragmentationFinding(row: MemberRow, label: string, thresholds: Thresholds): Draft {
  const percent = row.fragmentationPercent;
  const size = row.dbSizeBytes;
  if (percent === undefined || size === undefined || row.dbSizeInUseBytes === undefined) return undefined;
  if (percent <= thresholds.maxFragmentationPercent || size <= thresholds.fragmentationMinBytes) return undefined;
  const target = row.endpoint ?? '<endpoint>';
  const inUse = formatBytes(row.dbSizeInUseBytes);
  return {
    level: 'warning',
    code: 'db-fragmented',
    message: `${label}: ${formatPercent(percent, 0)} of its ${formatBytes(size)} DB file is free space (${inUse} in use)`,
    remedy: `defragment this member (\`etcdctl defrag --endpoints=${target}\`); it blocks the member while it runs, so one at a time, leader last`,
  };
}

function driftFinding(row: MemberRow, label: string, leaderRow: MemberRow | undefined, thresholds: Thresholds): Draft {
  const drift = row.raftIndexDrift;
  if (drift === undefined || !leaderRow || drift <= BigInt(Math.floor(thresholds.maxRaftIndexDrift))) return undefined;
  return {
    level: 'warning',
    code: 'raft-index-drift',
    message: `${label} is ${drift} raft entries behind the leader ${leaderRow.name} (${leaderRow.id})`,
    remedy: 'check its disk latency and its peer link to the leader; one that keeps falling behind will need a full snapshot from the leader',
  };
}

function applyLagFinding(row: MemberRow, label: string, thresholds: Thresholds): Draft {
  const lag = row.applyLag;
  if (lag === undefined || lag <= BigInt(Math.floor(thresholds.maxApplyLag))) return undefined;
  return {
    level: 'warning',
    code: 'apply-lag',
    message: `${label} has ${lag} committed raft entries not applied yet`,
    remedy: 'it cannot apply as fast as the cluster commits: check its disk (backend commit latency) and CPU; etcd refuses writes past 5000',
  };
}
