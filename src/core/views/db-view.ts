// What the DB pane shows: per member, the DB file against the quota (NOSPACE triggers on the file
// size, not on what is in use), how fast it grows, and when it will hit the quota at that rate.
// The growth rate is a least-squares fit over the last five minutes, so one compaction or one
// burst of writes does not swing the projection from "never" to "now".
import type { MemberId } from '../../etcd/gateway.js';
import { formatAge, formatBytes, formatBytesIEC, formatDurationMs } from '../format.js';
import { growthPerSecond } from '../history.js';
import type { MemberRow, MemberState } from '../member-rows.js';
import type { MonitorState } from '../monitor-state.js';
import { chartPointsFor } from './gap-chart.js';
import { PANE_FRAME_COLUMNS } from './view-text.js';

export const GROWTH_WINDOW_MS = 5 * 60_000;
/** Widest y-axis label axisBytes gives ("1023 KiB"), so chart lines never change width. */
export const DB_CHART_LABEL_WIDTH = 8;

export type NospaceProjection =
  | { kind: 'alarm' }
  | { kind: 'now' }
  | { kind: 'in'; etaMs: number; growthBytesPerMinute: number }
  | { kind: 'not-growing'; growthBytesPerMinute: number }
  | { kind: 'unknown'; missing: 'size' | 'growth' };

export type DbLevel = 'ok' | 'warning' | 'critical' | 'unknown';

export interface DbMemberView {
  id: MemberId;
  name: string;
  state: MemberState;
  dbSizeBytes?: number;
  dbSizeInUseBytes?: number;
  quotaBytes: number;
  quotaPercent?: number;
  fragmentationPercent?: number;
  /** Against the verdict's dbWarnPercent / dbCriticalPercent; critical too when NOSPACE is raised. */
  level: DbLevel;
  growthBytesPerMinute?: number;
  projection: NospaceProjection;
  /** The chart's points, oldest first, NaN where the member did not answer. */
  sizeHistory: number[];
  inUseHistory: number[];
}

export interface DbView {
  /** " DB · quota 16 MiB ", set into the pane's top border. */
  title: string;
  /** The smallest quota: the member that reaches it first stops writes for the whole cluster. */
  quotaBytes: number;
  /** False when no metrics reported a quota and etcd's 2 GiB default is assumed. */
  quotaKnown: boolean;
  /** Points in each history series: the chart's width in columns, less the axis labels. */
  chartPoints: number;
  chartLabelWidth: number;
  /** Time the chart covers; undefined before two samples. */
  chartSpanMs?: number;
  /** Draw the quota as a line only when the data comes near it; a 25 MB DB under 2 GiB would be flat. */
  quotaOnChart: boolean;
  members: DbMemberView[];
}

export function dbViewOf(state: MonitorState, width: number, nowMs: number): DbView {
  const chartPoints = chartPointsFor(width - PANE_FRAME_COLUMNS, DB_CHART_LABEL_WIDTH);
  const allTimes = state.history.times.last();
  const recent = allTimes.filter((t) => t > nowMs - GROWTH_WINDOW_MS).length;
  const growth: GrowthWindow = { times: allTimes.slice(allTimes.length - recent), samples: recent };
  const chartTimes = allTimes.slice(Math.max(0, allTimes.length - chartPoints));
  const members = state.rows.map((row) => dbMemberOf(state, row, growth, chartPoints));
  const highest = Math.max(0, ...members.flatMap((m) => m.sizeHistory.filter(Number.isFinite)));
  const quota = `quota ${formatBytesIEC(state.quota.bytes)}${state.quota.known ? '' : ' (assumed default)'}`;
  return {
    title: ` DB · ${quota} `,
    quotaBytes: state.quota.bytes,
    quotaKnown: state.quota.known,
    chartPoints,
    chartLabelWidth: DB_CHART_LABEL_WIDTH,
    ...(chartTimes.length >= 2 ? { chartSpanMs: chartTimes[chartTimes.length - 1]! - chartTimes[0]! } : {}),
    quotaOnChart: highest >= state.quota.bytes / 2,
    members,
  };
}

interface GrowthWindow {
  /** Sample times inside the growth window, oldest first. */
  times: number[];
  samples: number;
}

function dbMemberOf(state: MonitorState, row: MemberRow, growth: GrowthWindow, chartPoints: number): DbMemberView {
  const perSecond = growthPerSecond(growth.times, state.history.seriesOf(row.id, 'dbSizeBytes', growth.samples));
  const growthBytesPerMinute = perSecond === undefined ? undefined : perSecond * 60;
  const hasNospace = row.alarms.includes('NOSPACE');
  const { dbWarnPercent, dbCriticalPercent } = state.thresholds;
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    ...optional('dbSizeBytes', row.dbSizeBytes),
    ...optional('dbSizeInUseBytes', row.dbSizeInUseBytes),
    quotaBytes: row.quotaBytes,
    ...optional('quotaPercent', row.dbQuotaPercent),
    ...optional('fragmentationPercent', row.fragmentationPercent),
    level: hasNospace ? 'critical' : levelOf(row.dbQuotaPercent, dbWarnPercent, dbCriticalPercent),
    ...optional('growthBytesPerMinute', growthBytesPerMinute),
    projection: projectNospace(row.dbSizeBytes, row.quotaBytes, growthBytesPerMinute, hasNospace),
    sizeHistory: state.history.seriesOf(row.id, 'dbSizeBytes', chartPoints),
    inUseHistory: state.history.seriesOf(row.id, 'dbSizeInUseBytes', chartPoints),
  };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined || !Number.isFinite(value) ? {} : ({ [key]: value } as Record<K, number>);
}

function levelOf(percent: number | undefined, warn: number, critical: number): DbLevel {
  if (percent === undefined) return 'unknown';
  if (percent > critical) return 'critical';
  return percent > warn ? 'warning' : 'ok';
}

/** When the DB file reaches the quota at the current growth rate. */
export function projectNospace(
  dbSizeBytes: number | undefined,
  quotaBytes: number,
  growthBytesPerMinute: number | undefined,
  alarmRaised: boolean,
): NospaceProjection {
  if (alarmRaised) return { kind: 'alarm' };
  if (dbSizeBytes === undefined) return { kind: 'unknown', missing: 'size' };
  if (dbSizeBytes >= quotaBytes) return { kind: 'now' };
  if (growthBytesPerMinute === undefined) return { kind: 'unknown', missing: 'growth' };
  if (growthBytesPerMinute <= 0) return { kind: 'not-growing', growthBytesPerMinute };
  const etaMs = ((quotaBytes - dbSizeBytes) / growthBytesPerMinute) * 60_000;
  return { kind: 'in', etaMs, growthBytesPerMinute };
}

/** "+1.1 MB/min", "-300 kB/min", "0 B/min"; "?" when unknown. */
export function formatGrowth(bytesPerMinute: number | undefined): string {
  if (bytesPerMinute === undefined || !Number.isFinite(bytesPerMinute)) return '?';
  const sign = bytesPerMinute > 0 ? '+' : bytesPerMinute < 0 ? '-' : '';
  return `${sign}${formatBytes(Math.abs(bytesPerMinute))}/min`;
}

/** The projection as a sentence: "NOSPACE in ~14m at +1.1 MB/min". */
export function projectionText(projection: NospaceProjection): string {
  switch (projection.kind) {
    case 'alarm':
      return 'NOSPACE alarm raised: writes refused';
    case 'now':
      return 'NOSPACE now: DB at its quota';
    case 'in':
      return `NOSPACE in ~${formatEta(projection.etaMs)} at ${formatGrowth(projection.growthBytesPerMinute)}`;
    case 'not-growing':
      return `not growing (${formatGrowth(projection.growthBytesPerMinute)})`;
    case 'unknown':
      return projection.missing === 'size' ? 'DB size ?' : 'growth ? (needs two samples)';
  }
}

// Seconds matter when NOSPACE is a minute away; past an hour, days read better than "340h".
function formatEta(etaMs: number): string {
  return etaMs < 3_600_000 ? formatDurationMs(etaMs) : formatAge(etaMs);
}
