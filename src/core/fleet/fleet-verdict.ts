// The verdict of one cluster of the fleet: check's verdict over the scrape targets, plus what
// only Prometheus knows (a cluster whose series stopped; a DB growing into its quota).
import type { Finding, Verdict } from '../finding.js';
import { formatBytes, formatDurationMs } from '../format.js';
import { sortFindings, verdictOf } from '../verdict.js';
import type { Thresholds } from '../verdict-thresholds.js';
import type { FleetCluster } from './fleet-round.js';
import { hasNoData } from './fleet-round.js';
import { fleetContext, fleetSnapshot, targetId } from './fleet-snapshot.js';

/** etcdExcessiveDatabaseGrowth looks 4 hours ahead. */
export const QUOTA_HORIZON_MS = 4 * 3_600_000;

export function fleetVerdict(cluster: FleetCluster, takenAtMs: number, thresholds: Partial<Thresholds> = {}): Verdict {
  if (hasNoData(cluster)) return { level: 'unknown', findings: [noDataFinding(cluster)] };
  const snapshot = fleetSnapshot(cluster, takenAtMs);
  const verdict = verdictOf(snapshot, thresholds, fleetContext(cluster));
  if (verdict.level === 'unknown') return verdict;
  const growth = quotaSoonFindings(cluster);
  if (growth.length === 0) return verdict;
  const findings = sortFindings(snapshot, [...verdict.findings, ...growth]);
  return { level: verdict.level === 'ok' ? 'warning' : verdict.level, findings };
}

export function formatClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function noDataFinding(cluster: FleetCluster): Finding {
  const since = cluster.lastSeenMs === undefined ? 'in the lookback window' : `since ${formatClock(cluster.lastSeenMs)} UTC`;
  return {
    level: 'critical',
    code: 'no-data',
    message: `no data ${since}: the backend holds no current etcd series for this cluster`,
    remedy: "check that Prometheus still scrapes it (its targets page, the ServiceMonitor) and that remote-write from that cluster works",
  };
}

/** Time until a target's DB file reaches its quota at the current growth rate; undefined when not growing or unknown. */
export function timeToQuotaMs(size: number | undefined, quota: number | undefined, bytesPerSecond: number | undefined): number | undefined {
  if (size === undefined || quota === undefined || bytesPerSecond === undefined || quota <= 0 || bytesPerSecond <= 0) return undefined;
  return (Math.max(0, quota - size) / bytesPerSecond) * 1000;
}

function quotaSoonFindings(cluster: FleetCluster): Finding[] {
  return cluster.targets.flatMap((target): Finding[] => {
    const v = target.values;
    const ms = timeToQuotaMs(v.dbSizeBytes, v.quotaBytes, v.dbGrowthBytesPerSecond);
    if (v.up === 0 || ms === undefined || ms > QUOTA_HORIZON_MS || v.quotaBytes === undefined) return [];
    return [{
      level: 'warning',
      code: 'db-quota-soon',
      message: `${target.instance}: DB grows ${formatBytes((v.dbGrowthBytesPerSecond ?? 0) * 60)}/min and reaches the ${formatBytes(v.quotaBytes)} quota in ${formatDurationMs(ms)}`,
      remedy: 'find the writer that grows it (key counts per prefix), compact old revisions and defragment before NOSPACE; or raise --quota-backend-bytes (8 GiB at most)',
      memberId: targetId(target),
    }];
  });
}
