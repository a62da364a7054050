// The members table as text: which columns fit the pane's width, every cell already padded, and
// which rows fit its height. A row is always one line: columns drop (in `keep` order) rather
// than wrap, and the state column, which carries the DOWN reason, gets the width left over.
import type { MonitorState } from '../monitor-state.js';
import { memberColumns, type Cell, type CellContext, type ColumnDef, type ColumnKey } from './member-columns.js';
import { cellWidth, fit } from './view-text.js';

/** Marks the selected row, so the selection shows without colour or inverse video. */
export const SELECTED_MARKER = '›';
/** The state column keeps this much (when its content needs it) before lower columns get any. */
const STATE_MIN_WIDTH = 26;
/** Cells for "DOWN" or "SLOW" when the state column gets only the leftovers. */
const MIN_STATE_WORD = 4;
const GAP = ' ';
/** Side borders, the marker column before the cells, one blank column before the right border. */
const CHROME_COLUMNS = 2 + 2 + 1;
/** Title border line, header line, bottom border line. */
const CHROME_ROWS = 3;

export interface MembersViewOptions {
  /** Outer width of the pane, borders included. */
  width: number;
  /** Outer height of the pane, borders included. */
  height: number;
  nowMs: number;
  intervalMs: number;
  selectedMemberId: string | undefined;
}

export interface MemberLine {
  id: string;
  selected: boolean;
  /** "› " or two spaces. */
  marker: string;
  /** One per shown column, each padded to its column's width. */
  cells: Cell[];
}

export interface MembersView {
  title: string;
  columns: ColumnKey[];
  /** Padded like the cells, after two spaces that line up with the marker. */
  header: string;
  lines: MemberLine[];
  /** What the body says when there is no member to list. */
  emptyText?: string;
}

export function membersViewOf(state: MonitorState, options: MembersViewOptions): MembersView {
  const table = state.rows.map((row) => {
    const ctx: CellContext = {
      nowMs: options.nowMs,
      intervalMs: options.intervalMs,
      lastAnsweredMs: row.id ? state.lastAnsweredMs.get(row.id) : undefined,
      thresholds: state.thresholds,
      ...certificateOf(state, row.id),
    };
    return { id: row.id, cells: memberColumns.map((column) => column.cell(row, ctx)) };
  });
  // No certificate read (plain http, or not yet): no CERT column rather than a blank one.
  const anyCertificate = state.certificates?.members.some((member) => member.certificate) ?? false;
  const naturals = memberColumns.map((column, i) =>
    column.key === 'cert' && !anyCertificate
      ? 0
      : Math.min(column.maxWidth, Math.max(cellWidth(column.header), ...table.map((row) => cellWidth(row.cells[i]?.text ?? '')))),
  );
  const widths = fitColumns(naturals, Math.max(0, options.width - CHROME_COLUMNS));
  const shown = memberColumns.flatMap((column, i) => (widths[i] === undefined ? [] : [{ column, i, width: widths[i] }]));

  const selectedIndex = table.findIndex((row) => row.id !== '' && row.id === options.selectedMemberId);
  const bodyRows = Math.max(0, options.height - CHROME_ROWS);
  const start = windowStart(table.length, bodyRows, selectedIndex);
  const visible = table.slice(start, start + bodyRows);

  return {
    title: titleOf(table.length, start, visible.length),
    columns: shown.map(({ column }) => column.key),
    header: `  ${shown.map(({ column, width }) => fit(column.header, width, column.align)).join(GAP)}`,
    lines: visible.map((row, offset) => {
      const selected = start + offset === selectedIndex;
      return {
        id: row.id,
        selected,
        marker: selected ? `${SELECTED_MARKER} ` : '  ',
        cells: shown.map(({ column, i, width }) => padCell(row.cells[i], column, width)),
      };
    }),
    ...(table.length === 0 ? { emptyText: 'no members known yet' } : {}),
  };
}

/**
 * Column widths for `available` cells, indexed like memberColumns; undefined for a dropped
 * column. Columns are taken in `keep` order until the next one does not fit, so a narrower
 * terminal always loses the same columns first.
 */
export function fitColumns(naturals: readonly number[], available: number): (number | undefined)[] {
  const widths: (number | undefined)[] = memberColumns.map(() => undefined);
  const byKeep = memberColumns.map((column, i) => ({ column, i })).sort((a, b) => a.column.keep - b.column.keep);
  let used = 0;
  for (const { column, i } of byKeep) {
    const natural = naturals[i] ?? 0;
    if (natural === 0) continue;
    const min = column.key === 'state' ? Math.min(natural, STATE_MIN_WIDTH) : natural;
    const cost = (used === 0 ? 0 : GAP.length) + min;
    if (used + cost > available) {
      // Whatever is left still shows the first column, or a state's first word (DOWN, SLOW).
      const left = available - used - (used === 0 ? 0 : GAP.length);
      if (used === 0 || (column.key === 'state' && left >= MIN_STATE_WORD)) {
        widths[i] = Math.max(0, left);
        used = available;
      }
      break;
    }
    widths[i] = min;
    used += cost;
  }
  const stateIndex = memberColumns.findIndex((column) => column.key === 'state');
  const stateWidth = widths[stateIndex];
  if (stateWidth !== undefined) {
    widths[stateIndex] = Math.min(naturals[stateIndex] ?? stateWidth, stateWidth + (available - used));
  }
  return widths;
}

function padCell(cell: Cell | undefined, column: ColumnDef, width: number): Cell {
  const source = cell ?? { text: '', tone: 'normal' as const };
  return { ...source, text: fit(source.text, width, column.align) };
}

function certificateOf(state: MonitorState, id: string) {
  const certificate = state.certificates?.members.find((member) => member.memberId === id)?.certificate;
  return certificate ? { certificate } : {};
}

/** First row shown: the top, unless the selected row would fall below the window. */
function windowStart(total: number, bodyRows: number, selectedIndex: number): number {
  if (bodyRows <= 0 || total <= bodyRows || selectedIndex < bodyRows) return 0;
  return Math.min(selectedIndex - bodyRows + 1, total - bodyRows);
}

function titleOf(total: number, start: number, shown: number): string {
  if (shown >= total) return ' Members ';
  return ` Members ${start + 1}–${start + shown} of ${total} `;
}
