// One row per cluster for the fleet screen, worst first: the figures the issue lists, each
// undefined when no target reported it (shown "n/a", never 0).
import { findingCodes, type Verdict, type VerdictLevel } from '../finding.js';
import type { Thresholds } from '../verdict-thresholds.js';
import { isScraped, type FleetCluster, type FleetRound, type FleetTarget, type NumericSignal } from './fleet-round.js';
import { fleetVerdict, timeToQuotaMs } from './fleet-verdict.js';
import { compareNatural } from '../text-order.js';

export interface FleetRow {
  name: string;
  verdict: Verdict;
  /** true/false from etcd_server_has_leader; undefined when no target reports it. */
  leaderPresent?: boolean;
  targetsUp: number;
  /** Scraped targets, which is not the raft member list. */
  targetsExpected: number;
  leaderChanges15m?: number;
  /** The largest DB file among the targets, and its percent of that target's quota. */
  dbSizeBytes?: number;
  dbQuotaPercent?: number;
  /** In-use share of that DB file. */
  dbInUsePercent?: number;
  /** undefined: not growing or unknown; see `growing`. */
  timeToQuotaMs?: number;
  growing?: boolean;
  walFsyncP99Seconds?: number;
  backendCommitP99Seconds?: number;
  peerRoundTripP99Seconds?: number;
  proposalsFailed15m?: number;
  proposalsPending?: number;
  versions: string[];
  /** Whether any metric lists alarms (etcd ≥ 3.6). */
  alarmsKnown: boolean;
  alarms: string[];
  /** For clusters without current data: when a series was last seen. */
  lastSeenMs?: number;
}

const LEVEL_RANK: Record<VerdictLevel, number> = { critical: 3, unknown: 2, warning: 1, ok: 0 };

/** Within one level, the cluster whose headline finding comes first in check's order of urgency. */
function headlineRank(row: FleetRow): number {
  const code = row.verdict.findings[0]?.code;
  return code === undefined ? findingCodes.length : findingCodes.indexOf(code);
}

export function fleetRows(round: FleetRound, thresholds: Partial<Thresholds> = {}): FleetRow[] {
  return round.clusters
    .map((cluster) => fleetRow(cluster, round.takenAtMs, thresholds))
    .sort((a, b) => LEVEL_RANK[b.verdict.level] - LEVEL_RANK[a.verdict.level] || headlineRank(a) - headlineRank(b) || compareNatural(a.name, b.name));
}

export function fleetRow(cluster: FleetCluster, takenAtMs: number, thresholds: Partial<Thresholds> = {}): FleetRow {
  const up = cluster.targets.filter(isScraped);
  const biggest = maxBy(up, (t) => t.values.dbSizeBytes);
  const hasLeader = up.flatMap((t) => (t.values.hasLeader === undefined ? [] : [t.values.hasLeader]));
  const b = biggest?.values;
  const toQuota = b ? timeToQuotaMs(b.dbSizeBytes, b.quotaBytes, b.dbGrowthBytesPerSecond) : undefined;
  return {
    name: cluster.name,
    verdict: fleetVerdict(cluster, takenAtMs, thresholds),
    ...(hasLeader.length > 0 ? { leaderPresent: hasLeader.some((v) => v === 1) } : {}),
    targetsUp: up.length,
    targetsExpected: cluster.targets.length,
    ...opt('leaderChanges15m', maxOf(up, 'leaderChanges15m')),
    ...opt('dbSizeBytes', b?.dbSizeBytes),
    ...opt('dbQuotaPercent', b?.dbSizeBytes !== undefined && b.quotaBytes ? (b.dbSizeBytes / b.quotaBytes) * 100 : undefined),
    ...opt('dbInUsePercent', b?.dbSizeBytes && b.dbInUseBytes !== undefined ? (b.dbInUseBytes / b.dbSizeBytes) * 100 : undefined),
    ...opt('timeToQuotaMs', toQuota),
    ...opt('growing', b?.dbGrowthBytesPerSecond === undefined ? undefined : b.dbGrowthBytesPerSecond > 0),
    ...opt('walFsyncP99Seconds', maxOf(up, 'walFsyncP99Seconds')),
    ...opt('backendCommitP99Seconds', maxOf(up, 'backendCommitP99Seconds')),
    ...opt('peerRoundTripP99Seconds', maxOf(up, 'peerRoundTripP99Seconds')),
    ...opt('proposalsFailed15m', sumOf(up, 'proposalsFailed15m')),
    ...opt('proposalsPending', sumOf(up, 'proposalsPending')),
    versions: [...new Set(up.flatMap((t) => (t.version ? [t.version] : [])))].sort(),
    alarmsKnown: cluster.alarms !== undefined,
    alarms: [...new Set((cluster.alarms ?? []).map((a) => a.alarm))],
    ...opt('lastSeenMs', cluster.lastSeenMs),
  };
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || (typeof value === 'number' && Number.isNaN(value)) ? {} : { [key]: value }) as { [P in K]?: V };
}

function valuesOf(targets: FleetTarget[], signal: NumericSignal): number[] {
  return targets.flatMap((t) => (t.values[signal] === undefined ? [] : [t.values[signal]]));
}

function maxOf(targets: FleetTarget[], signal: NumericSignal): number | undefined {
  const values = valuesOf(targets, signal);
  return values.length > 0 ? Math.max(...values) : undefined;
}

function sumOf(targets: FleetTarget[], signal: NumericSignal): number | undefined {
  const values = valuesOf(targets, signal);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
}

function maxBy<T>(items: T[], key: (item: T) => number | undefined): T | undefined {
  let best: T | undefined;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (const item of items) {
    const value = key(item);
    if (value !== undefined && value > bestValue) [best, bestValue] = [item, value];
  }
  return best;
}
