// Which panes fit, and the exact size of each, for the space the dashboard may use. Pure, so
// every terminal size can be checked in a table-driven test. The heights always add up to
// exactly `rows`: each pane clips its content to its height, so the frame can never grow past
// the terminal and scroll the banner away.
//
//   narrow (80×22 up to wide)          wide (120×40 and up)
//   ┌ banner ────────────────┐         ┌ banner (thicker bar) ───────────┐
//   ├ members ───────────────┤         ├ members ────────────────────────┤
//   ├ alarms ────────────────┤         ├ leader ───────┬ alarms ─────────┤
//   ├ leader ────────────────┤         ├ raft ─────────┼ latency ────────┤
//   ├ db, raft, latency … ───┤         └ db ───────────┴ events ─────────┘
//   └ events (the rest) ─────┘
//   (as rows allow; from 120 columns the panes below the table form two columns)

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
/** A 120x40 terminal, in the rows the Dashboard receives (the App keeps APP_RESERVED_ROWS). */
export const WIDE_SIZE: Readonly<Size> = { columns: 120, rows: 40 - APP_RESERVED_ROWS };

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
  const memberCount = Math.max(1, hints.memberCount ?? 3);
  const membersRows = clamp(memberCount + 3, 4, height - bannerRows - belowMin);
  const belowRows = height - bannerRows - membersRows;
  const alarmsWanted = Math.max(1, hints.alarmLines ?? 1) + 2;

  return {
    kind: wide ? 'wide' : 'narrow',
    banner: { width, height: bannerRows },
    members: { width, height: membersRows },
    below: wide ? wideBelow(width, belowRows, alarmsWanted) : narrowBelow(width, belowRows, alarmsWanted, memberCount),
  };
}

/** Every pane a layout shows, banner and members table aside. */
export function panesShown(layout: Layout): PaneId[] {
  return layout.kind === 'too-small' ? [] : layout.below.flat().map((slot) => slot.pane);
}

/**
 * Below 120×40 panes are added in order of what an incident needs (alarms, leader, then the
 * per-member detail), each only when it fits whole; the events keep a few rows at the bottom
 * and take whatever is left, so a taller terminal shows more history.
 */
function narrowBelow(width: number, rows: number, alarmsWanted: number, memberCount: number): Slot[][] {
  const alarms = clamp(alarmsWanted, PANE_MIN_ROWS, Math.max(PANE_MIN_ROWS, Math.floor(rows / 2)));
  // One line per member, a header and the border: the short form of the detail panes.
  const detail = memberCount + 3;
  if (width >= WIDE_SIZE.columns) {
    // Wide but short: two columns, the events with a column of their own.
    const left = Math.floor(width / 2);
    const leftStack = column(left, rows, [['alarms', alarms], ['leader', NARROW_LEADER_ROWS + 1], ['db', detail], ['raft', detail]]);
    return [stretchLast(leftStack, rows), withEvents(column(width - left, rows - EVENTS_MIN_ROWS * 2, [['latency', detail]]), width - left, rows)];
  }
  const eventsReserve = Math.max(EVENTS_MIN_ROWS, Math.floor(rows / 4));
  // The alarms are shown even when that leaves the events no room.
  const top = column(width, Math.max(alarms, rows - eventsReserve), [
    ['alarms', alarms],
    ['leader', NARROW_LEADER_ROWS],
    ['db', detail],
    ['raft', detail],
    ['latency', detail],
  ]);
  return [withEvents(top, width, rows)];
}

function wideBelow(width: number, rows: number, alarmsWanted: number): Slot[][] {
  const left = Math.floor(width / 2);
  const leader = clamp(Math.floor(rows / 4), 8, 14);
  const raft = Math.floor((rows - leader) / 2);
  const alarms = clamp(alarmsWanted, PANE_MIN_ROWS, MAX_ALARMS_ROWS);
  const latency = Math.floor((rows - alarms) * 0.45);
  return [
    [slot('leader', left, leader), slot('raft', left, raft), slot('db', left, rows - leader - raft)],
    [slot('alarms', width - left, alarms), slot('latency', width - left, latency), slot('events', width - left, rows - alarms - latency)],
  ];
}

/** Panes in order while each fits whole in `rows` (the first always, cut to fit); stops at the first that does not. */
function column(width: number, rows: number, panes: [PaneId, number][]): Slot[] {
  const slots: Slot[] = [];
  let left = Math.max(0, rows);
  for (const [pane, wanted] of panes) {
    const height = slots.length === 0 ? Math.min(wanted, left) : wanted;
    if (height > left || height < PANE_MIN_ROWS) break;
    slots.push(slot(pane, width, height));
    left -= height;
  }
  return slots;
}

/** The events take the rest of a column of `rows`; with too little left, the last pane does. */
function withEvents(stack: Slot[], width: number, rows: number): Slot[] {
  const left = rows - stack.reduce((sum, s) => sum + s.height, 0);
  return left >= EVENTS_MIN_ROWS || stack.length === 0 ? [...stack, slot('events', width, left)] : stretchLast(stack, rows);
}

/** The last pane takes whatever the column has left. */
function stretchLast(stack: Slot[], rows: number): Slot[] {
  const left = rows - stack.reduce((sum, s) => sum + s.height, 0);
  const last = stack[stack.length - 1];
  return last ? [...stack.slice(0, -1), { ...last, height: last.height + left }] : stack;
}

function slot(pane: PaneId, width: number, height: number): Slot {
  return { pane, width, height };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
