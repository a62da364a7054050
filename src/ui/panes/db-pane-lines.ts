// The DB pane's lines for a given size. Numbers first (size, % of quota, fragmentation), then
// the NOSPACE projection, then the chart; when the pane is short the chart goes first, then the
// projection folds into one line for the most urgent member.
import { formatBytes, formatPercent } from '../../core/format.js';
import { projectionText, type DbMemberView, type DbView, type NospaceProjection } from '../../core/views/db-view.js';
import { blockSparkline, sharedRange, SPARK_BLOCKS } from '../../core/views/block-sparkline.js';
import { cellWidth, fit, toneOfLevel, type Tone } from '../../core/views/view-text.js';
import { DB_CHART_MIN_LINES, dbChartLines } from './db-chart-lines.js';
import { cell, row, type SegmentLine } from './segments.js';

const NAME_WIDTH = { min: 6, max: 12 };
const SIZE_WIDTH = 7;
const PERCENT_WIDTH = 6;
const WORD_WIDTH = 4;
const FRAG_WIDTH = 9;
const IN_USE_WIDTH = 14;
const MIN_SPARK_WIDTH = 5;

export function dbPaneLines(view: DbView, width: number, maxLines: number): SegmentLine[] {
  if (maxLines <= 0) return [];
  if (view.members.length === 0) return [[{ text: 'no members yet', tone: 'muted' }]];
  const plan = planOf(view, width, maxLines);
  const n = view.members.length;
  if (maxLines < n + (plan.mode === 'inline' ? 0 : 1)) return shortLines(view, plan, maxLines);
  const used = plan.mode === 'split' ? 2 * n : plan.mode === 'summary' ? n + 1 : n;
  const chart = maxLines - used >= DB_CHART_MIN_LINES ? dbChartLines(view, maxLines - used) : [];
  // Without a chart, a sparkline per member shows the trend where the line has room for one:
  // beside the projection when that has a line of its own, else at the end of the row.
  const sparkWidth = plan.mode === 'split' ? width - (plan.nameWidth + 1) - plan.projectionWidth - 2 : width - plan.rowWidth - 2;
  const sparks = chart.length === 0 ? sparklinesOf(view, sparkWidth) : undefined;
  const rows = view.members.flatMap((m, i) => {
    if (plan.mode !== 'split') return [memberLine(m, plan, sparks?.lines[i])];
    const projection = [{ text: ' '.repeat(plan.nameWidth + 1) }, { ...projectionOf(m), text: fit(projectionText(m.projection), plan.projectionWidth) }];
    return [memberLine(m, plan, undefined), withSpark(projection, sparks?.lines[i])];
  });
  const body = [...rows, ...(plan.mode === 'summary' ? [summaryLine(view)] : []), ...chart];
  // What a full block means, when there is a line for it: a sparkline alone gives no size.
  return sparks && body.length < maxLines ? [...body, [{ text: fit(sparks.legend, width), tone: 'muted' }]] : body;
}

interface Plan {
  nameWidth: number;
  withInUse: boolean;
  /** inline: projection at the end of each row; split: on a line of its own; summary: one line for the most urgent. */
  mode: 'inline' | 'split' | 'summary';
  rowWidth: number;
  projectionWidth: number;
}

function planOf(view: DbView, width: number, maxLines: number): Plan {
  const nameWidth = Math.min(NAME_WIDTH.max, Math.max(NAME_WIDTH.min, ...view.members.map((m) => cellWidth(m.name))));
  const projectionWidth = Math.max(...view.members.map((m) => cellWidth(projectionText(m.projection))));
  const numbers = nameWidth + 1 + SIZE_WIDTH + 1 + PERCENT_WIDTH + 1 + WORD_WIDTH + 1 + FRAG_WIDTH;
  const inline = numbers + 2 + projectionWidth <= width;
  const tail = inline ? 2 + projectionWidth : 0;
  const withInUse = numbers + 1 + IN_USE_WIDTH + tail <= width;
  const rowWidth = numbers + (withInUse ? 1 + IN_USE_WIDTH : 0) + tail;
  const mode = inline ? 'inline' : maxLines >= 2 * view.members.length ? 'split' : 'summary';
  return { nameWidth, withInUse, mode, rowWidth, projectionWidth };
}

function memberLine(m: DbMemberView, plan: Plan, spark: string | undefined): SegmentLine {
  const line = memberRow(m, plan.nameWidth, plan.withInUse);
  if (plan.mode === 'inline') line.push({ text: '  ' }, { ...projectionOf(m), text: fit(projectionText(m.projection), plan.projectionWidth) });
  return withSpark(line, spark);
}

function withSpark(line: SegmentLine, spark: string | undefined): SegmentLine {
  return spark === undefined ? line : [...line, { text: '  ' }, { text: spark, tone: 'accent' }];
}

// Fewer lines than members: the most urgent projection first, then the members nearest NOSPACE.
function shortLines(view: DbView, plan: Plan, maxLines: number): SegmentLine[] {
  const summary = plan.mode === 'inline' ? [] : [summaryLine(view)];
  const byUrgency = [...view.members].sort((a, b) => urgency(a.projection) - urgency(b.projection));
  const rows = byUrgency.map((m) => memberLine(m, plan, undefined));
  return [...summary, ...rows].slice(0, maxLines);
}

function memberRow(m: DbMemberView, nameWidth: number, withInUse: boolean): SegmentLine {
  const down = m.state === 'down';
  const tone = toneOfLevel(m.level);
  const word = down ? 'DOWN' : m.level === 'critical' ? 'BAD' : m.level === 'warning' ? 'WARN' : '';
  const cells = [
    cell(m.name, nameWidth),
    cell(bytes(m.dbSizeBytes), SIZE_WIDTH, undefined, 'right'),
    cell(m.quotaPercent === undefined ? '?' : formatPercent(m.quotaPercent), PERCENT_WIDTH, tone, 'right'),
    cell(word, WORD_WIDTH, down ? 'critical' : tone),
    cell(`frag ${m.fragmentationPercent === undefined ? '?' : formatPercent(m.fragmentationPercent, 0)}`, FRAG_WIDTH),
  ];
  if (withInUse) cells.push(cell(`in use ${bytes(m.dbSizeInUseBytes)}`, IN_USE_WIDTH, 'muted'));
  return row(cells);
}

function bytes(value: number | undefined): string {
  return value === undefined ? '?' : formatBytes(value);
}

export function projectionTone(projection: NospaceProjection): Tone {
  switch (projection.kind) {
    case 'alarm':
    case 'now':
      return 'critical';
    case 'in':
      return projection.etaMs < 3_600_000 ? 'critical' : projection.etaMs < 86_400_000 ? 'warning' : 'normal';
    case 'not-growing':
      return 'ok';
    case 'unknown':
      return 'muted';
  }
}

function projectionOf(m: DbMemberView) {
  return { text: projectionText(m.projection), tone: projectionTone(m.projection) };
}

/** Sorts members by how soon they stop writes: an alarm already raised, then full, then soonest. */
export function urgency(p: NospaceProjection): number {
  return p.kind === 'alarm' ? -2 : p.kind === 'now' ? -1 : p.kind === 'in' ? p.etaMs : Infinity;
}

function summaryLine(view: DbView): SegmentLine {
  const urgent = [...view.members].sort((a, b) => urgency(a.projection) - urgency(b.projection))[0];
  return urgent ? [{ text: `${urgent.name}: ` }, projectionOf(urgent)] : [];
}

/**
 * Each member's DB size as a sparkline, on one scale for all members from zero: to the quota when
 * a DB comes near it (a full block is the quota), else to the largest size shown. A scale from
 * the smallest size drew 1.35 MB as "▁" beside 1.38 MB as "█".
 */
function sparklinesOf(view: DbView, width: number): { lines: string[]; legend: string } | undefined {
  if (width < MIN_SPARK_WIDTH) return undefined;
  const series = view.members.map((m) => m.sizeHistory.slice(-width));
  const highest = sharedRange(series)?.max ?? 0;
  const top = view.quotaOnChart ? Math.max(view.quotaBytes, highest) : highest;
  const legend = view.quotaOnChart ? `${SPARK_BLOCKS[0]} 0 to ${SPARK_BLOCKS.at(-1)} the ${formatBytes(view.quotaBytes)} quota` : `${SPARK_BLOCKS[0]} 0 to ${SPARK_BLOCKS.at(-1)} ${formatBytes(top)} (quota ${formatBytes(view.quotaBytes)})`;
  return { lines: series.map((values) => blockSparkline(values, top, width, 0)), legend };
}
