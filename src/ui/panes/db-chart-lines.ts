// The DB pane's chart: every member's DB file size (solid) and in-use size (dotted), with the
// quota (double) when the data comes near it, drawn by asciichart around the history's gaps.
import { formatDurationMs } from '../../core/format.js';
import type { DbView } from '../../core/views/db-view.js';
import { DOTTED_SYMBOLS, DOUBLE_SYMBOLS, SOLID_SYMBOLS, plotWithGaps, type ChartSeries } from '../../core/views/gap-chart.js';
import type { Tone } from '../../core/views/view-text.js';
import type { SegmentLine } from './segments.js';

/** A legend line and at least three chart lines, or the chart is not worth drawing. */
export const DB_CHART_MIN_LINES = 4;

/** The legend, then `lines - 1` chart lines; empty when there is nothing to draw yet. */
export function dbChartLines(view: DbView, lines: number): SegmentLine[] {
  const series: (ChartSeries & { tone: Tone })[] = [];
  const length = Math.max(0, ...view.members.map((m) => m.sizeHistory.length));
  // Newest at the right edge, as in the sparklines; the columns before the history began are blank.
  const alignRight = (values: readonly number[]): number[] => [...new Array<number>(view.chartPoints - values.length).fill(NaN), ...values];
  if (view.quotaOnChart) {
    series.push({ values: alignRight(new Array<number>(length).fill(view.quotaBytes)), symbols: DOUBLE_SYMBOLS, tone: 'critical' });
  }
  // In-use first, so the file size (what NOSPACE is measured on) wins where the lines cross.
  for (const m of view.members) series.push({ values: alignRight(m.inUseHistory), symbols: DOTTED_SYMBOLS, tone: 'muted' });
  for (const m of view.members) series.push({ values: alignRight(m.sizeHistory), symbols: SOLID_SYMBOLS, tone: 'accent' });
  const chart = plotWithGaps(series, { rows: lines - 1, labelWidth: view.chartLabelWidth, formatLabel: axisBytes });
  if (chart.length === 0) return [];
  const plotted: SegmentLine[] = chart.map((runs) =>
    runs.map((run) => {
      const tone = run.series === undefined ? 'muted' : series[run.series]?.tone;
      return tone === undefined ? { text: run.text } : { text: run.text, tone };
    }),
  );
  return [legendLine(view), ...plotted];
}

function legendLine(view: DbView): SegmentLine {
  const span = view.chartSpanMs === undefined ? '' : ` · last ${formatDurationMs(view.chartSpanMs)}`;
  return [
    { text: '─ size', tone: 'accent' },
    { text: '  ' },
    { text: '┄ in use', tone: 'muted' },
    ...(view.quotaOnChart ? [{ text: '  ' }, { text: '═ quota', tone: 'critical' as const }] : []),
    { text: `${span} · blank: no data`, tone: 'muted' },
  ];
}

const IEC_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary like formatBytes, with a decimal up to 100 units: "27 MiB" on two axis lines says nothing. */
export function axisBytes(bytes: number): string {
  let scaled = bytes;
  let exponent = 0;
  while (Math.abs(scaled) >= 1024 && exponent < IEC_UNITS.length - 1) {
    scaled /= 1024;
    exponent += 1;
  }
  return `${Math.abs(scaled) < 100 ? scaled.toFixed(1) : scaled.toFixed(0)} ${IEC_UNITS[exponent]}`;
}
