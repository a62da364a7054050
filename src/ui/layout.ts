// Which panes fit, and the exact size of each, for the space the dashboard may use. Pure, so
// every terminal size can be checked in a table-driven test. The heights always add up to
// exactly `rows`: each pane clips its content to its height, so the frame can never grow past
// the terminal and scroll the banner away.
//
//   narrow (80×22 up to wide)          wide (120×40 and up)
//   ┌ banner ────────────────┐         ┌ banner (thicker bar) ───────────┐
//   ├ members ───────────────┤         ├ members ────────────────────────┤
//   ├ alarms ────────────────┤         ├ leader ───────┬ alarms ─────────┤
//   ├ leader (when it fits) ─┤         ├ raft ─────────┼ latency ────────┤
//   └ events (when it fits) ─┘         └ db ───────────┴ events ─────────┘

export interface Size {
  columns: number;
  rows: number;
}

/** The smallest terminal etcdtop supports: 80×24, the classic default, must always work. */
export const MIN_TERMINAL: Readonly<Size> = { columns: 80, rows: 24 };
/**
 * Rows the App keeps below the dashboard: the footer, and one spare line because a frame as
 * tall as the terminal makes it scroll on every repaint (see App.tsx).
 */
export const APP_RESERVED_ROWS = 2;
/**
 * The dashboard's own minimum, in the rows it receives: what an 80×24 terminal leaves it.
 * Enough for the banner, a 3-member table and the alarms, with leader and events beside.
 */
export const MIN_SIZE: Readonly<Size> = { columns: MIN_TERMINAL.columns, rows: MIN_TERMINAL.rows - APP_RESERVED_ROWS };
/** From here (in the rows received) every pane is shown, in two columns below the members table. */
export const WIDE_SIZE: Readonly<Size> = { columns: 120, rows: 40 };

export type PaneId = 'leader' | 'raft' | 'db' | 'alarms' | 'latency' | 'events';

export interface Area {
  width: number;
  height: number;
}

export interface Slot extends Area {
  pane: PaneId;
}

export type Layout =
  /** `need` is in the units layoutFor received (dashboard rows), like its arguments. */
  | { kind: 'too-small'; need: Size }
  | {
      kind: 'narrow' | 'wide';
      banner: Area;
      members: Area;
      /** Below the members table, side by side: each entry a stack of panes, top to bottom. */
      below: Slot[][];
    };

/**
 * What the content wants, so the members table and alarms get their lines and no more. Hints
 * change heights only, never widths: a pane's width can be read from a first layout, its text
 * wrapped to it, and the layout redone with the real line count.
 */
export interface LayoutHints {
  /** Members in the table (default 3). */
  memberCount?: number;
  /** Lines the alarms pane has to show (default 1: "No active alarms"). */
  alarmLines?: number;
}

/** A bordered pane with one line of content. */
const PANE_MIN_ROWS = 3;
const NARROW_LEADER_ROWS = 5;
const EVENTS_MIN_ROWS = 4;
/** The wide layout keeps this many rows for the two columns, however many members there are. */
const WIDE_BELOW_MIN_ROWS = 20;
const MAX_ALARMS_ROWS = 8;

export function layoutFor(columns: number, rows: number, hints: LayoutHints = {}): Layout {
  const width = Number.isFinite(columns) ? Math.floor(columns) : 0;
  const height = Number.isFinite(rows) ? Math.floor(rows) : 0;
  if (width < MIN_SIZE.columns || height < MIN_SIZE.rows) return { kind: 'too-small', need: { ...MIN_SIZE } };

  const wide = width >= WIDE_SIZE.columns && height >= WIDE_SIZE.rows;
  // The wide banner is a three-line bar: a block of colour that reads from across a room.
  const bannerRows = wide ? 4 : 2;
  const belowMin = wide ? WIDE_BELOW_MIN_ROWS : PANE_MIN_ROWS;
  const membersWanted = Math.max(1, hints.memberCount ?? 3) + 3;
  const membersRows = clamp(membersWanted, 4, height - bannerRows - belowMin);
  const belowRows = height - bannerRows - membersRows;
  const alarmsWanted = Math.max(1, hints.alarmLines ?? 1) + 2;

  return {
    kind: wide ? 'wide' : 'narrow',
    banner: { width, height: bannerRows },
    members: { width, height: membersRows },
    below: wide ? wideBelow(width, belowRows, alarmsWanted) : narrowBelow(width, belowRows, alarmsWanted),
  };
}

/** Every pane a layout shows, banner and members table aside. */
export function panesShown(layout: Layout): PaneId[] {
  return layout.kind === 'too-small' ? [] : layout.below.flat().map((slot) => slot.pane);
}

function narrowBelow(width: number, rows: number, alarmsWanted: number): Slot[][] {
  const alarms = clamp(alarmsWanted, PANE_MIN_ROWS, Math.max(PANE_MIN_ROWS, Math.floor(rows / 2)));
  const rest = rows - alarms;
  // A wide-but-short terminal: events get a column of their own instead of the leftovers.
  if (width >= WIDE_SIZE.columns) {
    const left = Math.floor(width / 2);
    const leftStack = rest >= PANE_MIN_ROWS + 1 ? stack(left, ['alarms', alarms], ['leader', rest]) : stack(left, ['alarms', rows]);
    return [leftStack, stack(width - left, ['events', rows])];
  }
  if (rest >= NARROW_LEADER_ROWS + EVENTS_MIN_ROWS) {
    return [stack(width, ['alarms', alarms], ['leader', NARROW_LEADER_ROWS], ['events', rest - NARROW_LEADER_ROWS])];
  }
  if (rest >= PANE_MIN_ROWS) return [stack(width, ['alarms', alarms], ['events', rest])];
  return [stack(width, ['alarms', rows])];
}

function wideBelow(width: number, rows: number, alarmsWanted: number): Slot[][] {
  const left = Math.floor(width / 2);
  const leader = clamp(Math.floor(rows / 4), 8, 14);
  const raft = Math.floor((rows - leader) / 2);
  const alarms = clamp(alarmsWanted, PANE_MIN_ROWS, MAX_ALARMS_ROWS);
  const latency = Math.floor((rows - alarms) * 0.45);
  return [
    stack(left, ['leader', leader], ['raft', raft], ['db', rows - leader - raft]),
    stack(width - left, ['alarms', alarms], ['latency', latency], ['events', rows - alarms - latency]),
  ];
}

function stack(width: number, ...panes: [PaneId, number][]): Slot[] {
  return panes.map(([pane, height]) => ({ pane, width, height }));
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
