// Multi-series line charts from asciichart, with gaps. asciichart 1.5 has no notion of a missing
// value: a NaN poisons its min/max and it throws ("Invalid array length"). A round in which a
// member did not answer must stay blank, not become a zero, so each series is cut at its gaps
// and every unbroken run is plotted on its own against the shared scale, then overlaid.
import { plot } from 'asciichart';

/** asciichart's glyph table: [first point, axis, run start, unused, ─, ╰, ╭, ╮, ╯, │]. */
export type ChartSymbols = [string, string, string, string, string, string, string, string, string, string];

export const SOLID_SYMBOLS: ChartSymbols = ['┼', '┤', '╶', '╴', '─', '╰', '╭', '╮', '╯', '│'];
export const DOTTED_SYMBOLS: ChartSymbols = ['┼', '┤', '╶', '╴', '┄', '└', '┌', '┐', '┘', '┆'];
export const DOUBLE_SYMBOLS: ChartSymbols = ['╪', '┤', '╞', '╡', '═', '╚', '╔', '╗', '╝', '║'];

export interface ChartSeries {
  /** Oldest first, one per column; NaN is a gap. All series share the same x positions. */
  values: readonly number[];
  symbols: ChartSymbols;
}

/** A stretch of one chart line drawn by one series (undefined: axis, labels or blank). */
export interface ChartRun {
  text: string;
  series?: number;
}

export interface ChartOptions {
  /** Lines the chart may use. */
  rows: number;
  /** Width every y-axis label is padded or cut to. */
  labelWidth: number;
  formatLabel: (value: number) => string;
}

interface Cell {
  ch: string;
  series?: number;
}

/** How many points fit in `width` columns: the label, then the axis column holds the first point. */
export function chartPointsFor(width: number, labelWidth: number): number {
  return Math.max(0, width - labelWidth);
}

/** Lines of runs, top first; empty when there is nothing finite to draw or no room. */
export function plotWithGaps(series: readonly ChartSeries[], options: ChartOptions): ChartRun[][] {
  const range = finiteRange(series);
  const points = Math.max(0, ...series.map((s) => s.values.length));
  if (!range || options.rows < 2 || points === 0) return [];
  const format = (value: number): string => options.formatLabel(value).padStart(options.labelWidth).slice(-options.labelWidth);
  const frame = frameFor(range, options.rows, format);
  const grid: Cell[][] = frame.lines.map((line) => {
    const chars = Array.from(line);
    const label: Cell[] = chars.slice(0, options.labelWidth).map((ch) => ({ ch }));
    return [...label, { ch: SOLID_SYMBOLS[1] }, ...Array.from({ length: points - 1 }, () => ({ ch: ' ' }))];
  });
  series.forEach((s, index) => {
    for (const run of runsOf(s.values)) overlayRun(grid, run, s.symbols, index, { ...frame, format, labelWidth: options.labelWidth });
  });
  return grid.map(toRuns);
}

interface Frame {
  min: number;
  max: number;
  height: number;
  lines: string[];
}

/** Finite min and max over every series, widened when flat so the chart keeps its height. */
function finiteRange(series: readonly ChartSeries[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const s of series) {
    for (const value of s.values) {
      if (!Number.isFinite(value)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  if (min > max) return undefined;
  if (max === min) return max === 0 ? { min: 0, max: 1 } : { min: Math.min(0, min), max: Math.max(0, max) };
  return { min, max };
}

// asciichart rounds both ends onto its grid, so `height` gives height+1 lines give or take one;
// the largest height whose output fits the rows wins.
function frameFor(range: { min: number; max: number }, rows: number, format: (value: number) => string): Frame {
  for (let height = rows - 1; height >= 1; height--) {
    const lines = plot([range.min], { min: range.min, max: range.max, height, offset: 2, format }).split('\n');
    if (lines.length <= rows) return { ...range, height, lines };
  }
  const lines = plot([range.min], { min: range.min, max: range.max, height: 1, offset: 2, format }).split('\n');
  return { ...range, height: 1, lines: lines.slice(0, rows) };
}

interface Run {
  start: number;
  values: number[];
}

function runsOf(values: readonly number[]): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) {
      current = undefined;
      return;
    }
    if (!current) runs.push((current = { start: i, values: [] }));
    current.values.push(value);
  });
  return runs;
}

type PlotFrame = Frame & { format: (value: number) => string; labelWidth: number };

function overlayRun(grid: Cell[][], run: Run, symbols: ChartSymbols, series: number, frame: PlotFrame): void {
  const lines = plot(run.values, { min: frame.min, max: frame.max, height: frame.height, offset: 2, format: frame.format, symbols }).split('\n');
  const axisColumn = frame.labelWidth;
  // Segment x (from point x to x+1) sits one column right of the axis; the run's own axis
  // column is not copied, so the grid's axis and labels stay as the frame drew them.
  lines.forEach((line, row) => {
    const chars = Array.from(line);
    for (let x = 0; x < run.values.length - 1; x++) {
      const ch = chars[axisColumn + 1 + x];
      const target = grid[row]?.[axisColumn + run.start + 1 + x];
      if (ch !== undefined && ch !== ' ' && target) Object.assign(target, { ch, series });
    }
  });
  const first = grid[rowOf(run.values[0]!, frame)]?.[axisColumn + run.start];
  if (first) Object.assign(first, { ch: run.start === 0 ? symbols[0] : symbols[2], series });
}

/** The line asciichart puts a value on (its rounding, replicated), top = 0. */
function rowOf(value: number, frame: { min: number; max: number; height: number }): number {
  const range = Math.abs(frame.max - frame.min);
  const ratio = range !== 0 ? frame.height / range : 1;
  const min2 = Math.round(frame.min * ratio);
  const rows = Math.abs(Math.round(frame.max * ratio) - min2);
  return rows - (Math.round(value * ratio) - min2);
}

function toRuns(cells: Cell[]): ChartRun[] {
  const runs: ChartRun[] = [];
  for (const cell of cells) {
    const last = runs[runs.length - 1];
    if (last && last.series === cell.series) last.text += cell.ch;
    else runs.push(cell.series === undefined ? { text: cell.ch } : { text: cell.ch, series: cell.series });
  }
  return runs;
}
