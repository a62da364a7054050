// What the Raft pane shows: per member, how far its raft log is behind the leader's and how much
// of it is committed but not applied, now and over the last samples, so a member falling behind
// reads as a rising trend before it crosses a threshold.
import type { MemberId } from '../../etcd/gateway.js';
import { formatDurationMs } from '../format.js';
import type { MemberRole, MemberState } from '../member-rows.js';
import type { MonitorState } from '../monitor-state.js';
import { blockSparkline, sharedScaleMax } from './block-sparkline.js';
import { PANE_FRAME_COLUMNS } from './view-text.js';

/** Column widths the pane lays rows out with; the view sizes the sparklines from the rest. */
export const RAFT_LAYOUT = {
  gap: 1,
  maxNameWidth: 12,
  minNameWidth: 6,
  valueWidth: 6,
  driftMarkWidth: 6,
  lagMarkWidth: 7,
  minSparkWidth: 4,
} as const;

/** Marks beside a value over its threshold: words, so the state survives without colour. */
export const DRIFT_MARK = 'BEHIND';
export const APPLY_LAG_MARK = 'LAGGING';

export interface RaftMemberView {
  id: MemberId;
  name: string;
  role: MemberRole;
  state: MemberState;
  /** Entries behind the leader's raft index; undefined when either index is unknown. */
  raftIndexDrift?: number;
  /** Committed entries not yet applied (raft index − applied index). */
  applyLag?: number;
  driftOverThreshold: boolean;
  applyLagOverThreshold: boolean;
  /** Block sparklines of the last samples, oldest left, gaps blank. */
  driftSparkline: string;
  applyLagSparkline: string;
}

export interface RaftView {
  /** " Raft · leader etcd-1 · last 9s ", set into the pane's top border. */
  title: string;
  leaderName?: string;
  maxRaftIndexDrift: number;
  maxApplyLag: number;
  nameWidth: number;
  /** Cells in each sparkline (0 when the width leaves no room for them). */
  sparkWidth: number;
  /** Time the sparklines cover, oldest sample to newest; undefined before two samples. */
  sparkSpanMs?: number;
  /** What a full block (█) stands for in each column's sparklines, in entries. */
  driftScaleMax: number;
  applyLagScaleMax: number;
  members: RaftMemberView[];
}

export function raftViewOf(state: MonitorState, width: number): RaftView {
  const { maxRaftIndexDrift, maxApplyLag } = state.thresholds;
  const nameWidth = nameWidthFor(state.rows.map((row) => row.name));
  const sparkWidth = sparkWidthFor(width, nameWidth);
  const driftSeries = state.rows.map((row) => state.history.seriesOf(row.id, 'raftIndexDrift', sparkWidth));
  const lagSeries = state.rows.map((row) => state.history.seriesOf(row.id, 'applyLag', sparkWidth));
  // One scale per column, shared by every member, so the member that is behind stands out; the
  // floor (a tenth of the threshold) keeps a few entries of timing noise near the bottom.
  const driftMax = sharedScaleMax(driftSeries, maxRaftIndexDrift / 10);
  const lagMax = sharedScaleMax(lagSeries, maxApplyLag / 10);
  const leader = state.rows.find((row) => row.role === 'leader');
  const times = state.history.times.last(sparkWidth);
  const sparkSpanMs = times.length >= 2 && sparkWidth > 0 ? times[times.length - 1]! - times[0]! : undefined;
  const span = sparkSpanMs === undefined ? '' : ` · last ${formatDurationMs(sparkSpanMs)}`;
  return {
    title: ` Raft · ${leader ? `leader ${leader.name}` : state.leader.unknown ? 'leader unknown' : 'NO LEADER'}${span} `,
    ...(leader ? { leaderName: leader.name } : {}),
    maxRaftIndexDrift,
    maxApplyLag,
    nameWidth,
    sparkWidth,
    ...(sparkSpanMs === undefined ? {} : { sparkSpanMs }),
    driftScaleMax: driftMax,
    applyLagScaleMax: lagMax,
    members: state.rows.map((row, i) => {
      const drift = row.raftIndexDrift === undefined ? undefined : Number(row.raftIndexDrift);
      const lag = row.applyLag === undefined ? undefined : Number(row.applyLag);
      return {
        id: row.id,
        name: row.name,
        role: row.role,
        state: row.state,
        ...(drift === undefined ? {} : { raftIndexDrift: drift }),
        ...(lag === undefined ? {} : { applyLag: lag }),
        driftOverThreshold: drift !== undefined && drift > maxRaftIndexDrift,
        applyLagOverThreshold: lag !== undefined && lag > maxApplyLag,
        driftSparkline: blockSparkline(driftSeries[i] ?? [], driftMax, sparkWidth),
        applyLagSparkline: blockSparkline(lagSeries[i] ?? [], lagMax, sparkWidth),
      };
    }),
  };
}

function nameWidthFor(names: string[]): number {
  const longest = Math.max(0, ...names.map((name) => Array.from(name).length));
  return Math.min(RAFT_LAYOUT.maxNameWidth, Math.max(RAFT_LAYOUT.minNameWidth, longest));
}

/** Two sparklines share what is left of a row once names, values and marks have their columns. */
export function sparkWidthFor(width: number, nameWidth: number): number {
  const L = RAFT_LAYOUT;
  // name value mark spark, two gaps, value mark spark: seven gaps in all.
  const fixed = PANE_FRAME_COLUMNS + nameWidth + 2 * L.valueWidth + L.driftMarkWidth + L.lagMarkWidth + 7 * L.gap;
  const each = Math.floor((width - fixed) / 2);
  return each >= L.minSparkWidth ? each : 0;
}

/** Raft entry counts in at most RAFT_LAYOUT.valueWidth characters: "812", "12.3k", "4.1M". */
export function formatEntries(count: number | undefined): string {
  if (count === undefined || !Number.isFinite(count)) return '?';
  if (count < 10_000) return String(count);
  if (count < 1_000_000) return `${trimTenths(count / 1000)}k`;
  return `${trimTenths(count / 1_000_000)}M`;
}

function trimTenths(value: number): string {
  return value < 100 ? value.toFixed(1).replace(/\.0$/, '') : String(Math.round(value));
}
