// The fleet table as text cells: one row per cluster, "n/a" for what no target reported. Pure,
// so the columns are unit-tested without Ink; the pane only paints them.
import type { VerdictLevel } from '../finding.js';
import { formatBytes, formatDurationMs, formatPercent } from '../format.js';
import type { FleetRow } from './fleet-rows.js';
import { formatClock } from './fleet-verdict.js';

export interface FleetColumn {
  title: string;
  width: number;
  align: 'left' | 'right';
  cell(row: FleetRow): string;
}

const NA = 'n/a';
const num = (value: number | undefined, digits = 0) => (value === undefined ? NA : value.toFixed(digits));
const ms = (seconds: number | undefined) => (seconds === undefined ? NA : formatDurationMs(seconds * 1000));

export const VERDICT_WORD: Record<VerdictLevel, string> = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN' };

export function verdictWord(row: FleetRow): string {
  return row.targetsExpected === 0 ? 'NO DATA' : VERDICT_WORD[row.verdict.level];
}

function toQuota(row: FleetRow): string {
  if (row.timeToQuotaMs !== undefined) return formatDurationMs(row.timeToQuotaMs);
  return row.growing === false ? 'flat' : NA;
}

function seen(row: FleetRow, nowMs: number): string {
  if (row.targetsExpected > 0) return 'now';
  if (row.lastSeenMs === undefined) return 'never';
  return nowMs - row.lastSeenMs > 86_400_000 ? new Date(row.lastSeenMs).toISOString().slice(0, 10) : formatClock(row.lastSeenMs);
}

export function fleetColumns(nowMs: number): FleetColumn[] {
  return [
    { title: 'VERDICT', width: 8, align: 'left', cell: verdictWord },
    { title: 'CLUSTER', width: 18, align: 'left', cell: (r) => r.name },
    { title: 'LEADER', width: 6, align: 'left', cell: (r) => (r.leaderPresent === undefined ? NA : r.leaderPresent ? 'yes' : 'NONE') },
    { title: 'UP', width: 5, align: 'right', cell: (r) => (r.targetsExpected === 0 ? NA : `${r.targetsUp}/${r.targetsExpected}`) },
    { title: 'ELECT15m', width: 8, align: 'right', cell: (r) => num(r.leaderChanges15m) },
    { title: 'DB', width: 7, align: 'right', cell: (r) => (r.dbSizeBytes === undefined ? NA : formatBytes(r.dbSizeBytes)) },
    { title: 'QUOTA', width: 6, align: 'right', cell: (r) => (r.dbQuotaPercent === undefined ? NA : formatPercent(r.dbQuotaPercent, 0)) },
    { title: 'INUSE', width: 5, align: 'right', cell: (r) => (r.dbInUsePercent === undefined ? NA : formatPercent(r.dbInUsePercent, 0)) },
    { title: 'FULL IN', width: 7, align: 'right', cell: toQuota },
    { title: 'FSYNC', width: 6, align: 'right', cell: (r) => ms(r.walFsyncP99Seconds) },
    { title: 'COMMIT', width: 6, align: 'right', cell: (r) => ms(r.backendCommitP99Seconds) },
    { title: 'RTT', width: 6, align: 'right', cell: (r) => ms(r.peerRoundTripP99Seconds) },
    { title: 'FAIL', width: 4, align: 'right', cell: (r) => num(r.proposalsFailed15m) },
    { title: 'PEND', width: 4, align: 'right', cell: (r) => num(r.proposalsPending) },
    { title: 'VERSION', width: 7, align: 'left', cell: (r) => (r.versions.length === 0 ? NA : r.versions.join(',')) },
    { title: 'SEEN', width: 5, align: 'left', cell: (r) => seen(r, nowMs) },
  ];
}

function fit(text: string, column: FleetColumn): string {
  const cut = text.length > column.width ? `${text.slice(0, column.width - 1)}…` : text;
  return column.align === 'right' ? cut.padStart(column.width) : cut.padEnd(column.width);
}

export function fleetHeader(columns: FleetColumn[]): string {
  return columns.map((c) => fit(c.title, c)).join(' ');
}

export function fleetLine(row: FleetRow, columns: FleetColumn[]): string {
  return columns.map((c) => fit(c.cell(row), c)).join(' ');
}
