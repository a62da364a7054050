// The Latency pane's lines for a given size: a header, one row per member (three p99s, each with
// its word, then failed and pending proposals), then the limits when there is room. A narrow
// pane drops the proposal columns before it cuts a latency.
import { formatDurationMs } from '../../core/format.js';
import { formatFigure, levelWord, type LatencyFigure, type LatencyLevel, type LatencyMemberView, type LatencyView } from '../../core/views/latency-view.js';
import { cellWidth, type Tone } from '../../core/views/view-text.js';
import { cell, row, type Segment, type SegmentLine } from './segments.js';

const NAME_WIDTH = { min: 6, max: 12 };
const VALUE_WIDTH = 5;
const WORD_WIDTH = 4;
const FIGURE_WIDTH = VALUE_WIDTH + 1 + WORD_WIDTH;

interface Columns {
  nameWidth: number;
  failedWidth: number;
  pendingWidth: number;
}

export function latencyPaneLines(view: LatencyView, width: number, maxLines: number): SegmentLine[] {
  if (maxLines <= 0) return [];
  if (view.members.length === 0) return [[{ text: 'no members yet', tone: 'muted' }]];
  const columns = columnsFor(view, width);
  const members = view.members.map((m) => memberLine(view, m, columns));
  if (maxLines < members.length) return worstFirst(view, members).slice(0, maxLines);
  const lines = maxLines > members.length ? [headerLine(columns), ...members] : members;
  if (maxLines > lines.length) lines.push(limitsLine(view));
  if (maxLines > lines.length) lines.push(keyLine(view, width));
  return lines;
}

function columnsFor(view: LatencyView, width: number): Columns {
  const longest = Math.max(...view.members.map((m) => cellWidth(nameOf(view, m))));
  const nameWidth = Math.min(NAME_WIDTH.max, Math.max(NAME_WIDTH.min, longest));
  const latencies = nameWidth + 3 * (1 + FIGURE_WIDTH);
  const failedWidth = Math.max(cellWidth('FAILED'), ...view.members.map((m) => cellWidth(failedText(m))));
  const pendingWidth = Math.max(cellWidth('PEND'), ...view.members.map((m) => cellWidth(count(m.proposalsPending))));
  const withFailed = latencies + 1 + failedWidth <= width;
  const withPending = withFailed && latencies + 1 + failedWidth + 1 + pendingWidth <= width;
  return { nameWidth, failedWidth: withFailed ? failedWidth : 0, pendingWidth: withPending ? pendingWidth : 0 };
}

function headerLine(c: Columns): SegmentLine {
  const cells = [cell('MEMBER', c.nameWidth), cell('WAL FSYNC', FIGURE_WIDTH), cell('COMMIT', FIGURE_WIDTH), cell('PEER RTT', FIGURE_WIDTH)];
  if (c.failedWidth > 0) cells.push(cell('FAILED', c.failedWidth, undefined, 'right'));
  if (c.pendingWidth > 0) cells.push(cell('PEND', c.pendingWidth, undefined, 'right'));
  return row(cells).map((segment) => ({ ...segment, tone: 'muted' as const }));
}

function memberLine(view: LatencyView, m: LatencyMemberView, c: Columns): SegmentLine {
  const cells: Segment[] = [
    cell(nameOf(view, m), c.nameWidth, m.state === 'down' ? 'critical' : undefined),
    ...figureCells(m.walFsync),
    ...figureCells(m.backendCommit),
    ...figureCells(m.peerRoundTrip),
  ];
  const newFailures = (m.proposalsFailedThisSession ?? 0) > 0;
  if (c.failedWidth > 0) cells.push(cell(failedText(m), c.failedWidth, newFailures ? 'warning' : undefined, 'right'));
  if (c.pendingWidth > 0) cells.push(cell(count(m.proposalsPending), c.pendingWidth, undefined, 'right'));
  return row(cells);
}

/** The value right-aligned and its word, as two segments so only they take the level's colour. */
function figureCells(figure: LatencyFigure): Segment[] {
  const tone = toneOf(figure.level);
  return [cell(formatFigure(figure), VALUE_WIDTH, tone, 'right'), cell(levelWord(figure.level), WORD_WIDTH, tone)];
}

function toneOf(level: LatencyLevel): Tone {
  return level === 'bad' ? 'critical' : level === 'warn' ? 'warning' : level === 'ok' ? 'ok' : 'muted';
}

/** "12", or "12 +3 WARN" when proposals failed while this session watched. */
function failedText(m: LatencyMemberView): string {
  const fresh = m.proposalsFailedThisSession ?? 0;
  return fresh > 0 ? `${count(m.proposalsFailedTotal)} +${fresh} WARN` : count(m.proposalsFailedTotal);
}

function count(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '?' : String(value);
}

/** A member whose p99s cover a different span from the title's is starred. */
function nameOf(view: LatencyView, m: LatencyMemberView): string {
  return view.basis === 'mixed' && !m.windowed ? `${m.name}*` : m.name;
}

function limitsLine(view: LatencyView): SegmentLine {
  const { walFsyncWarnMs, walFsyncBadMs, backendCommitWarnMs, peerRoundTripWarnMs } = view.limits;
  const ms = formatDurationMs;
  const text = `WARN: fsync >${ms(walFsyncWarnMs)} (BAD >${ms(walFsyncBadMs)}) commit >${ms(backendCommitWarnMs)} peer >${ms(peerRoundTripWarnMs)}`;
  return [{ text, tone: 'muted' }];
}

/** The words the rows use; the most specific first, so a narrow pane drops the general ones. */
function keyLine(view: LatencyView, width: number): SegmentLine {
  const few = view.members.some((m) => [m.walFsync, m.backendCommit, m.peerRoundTrip].some((f) => f.level === 'few'));
  const parts = [
    ...(few ? ['few: too few samples, not judged'] : []),
    '? unknown',
    ...(view.basis === 'since-start' ? [] : ['idle: none in window']),
    '+N new failures',
  ];
  while (parts.length > 1 && cellWidth(parts.join(' · ')) > width) parts.pop();
  return [{ text: parts.join(' · '), tone: 'muted' }];
}

// A pane shorter than its member list keeps the members with the worst figures.
function worstFirst(view: LatencyView, lines: SegmentLine[]): SegmentLine[] {
  const rank: Record<LatencyLevel, number> = { bad: 3, warn: 2, unknown: 1, few: 0, idle: 0, ok: 0 };
  const score = (m: LatencyMemberView): number =>
    Math.max(rank[m.walFsync.level], rank[m.backendCommit.level], rank[m.peerRoundTrip.level]) + ((m.proposalsFailedThisSession ?? 0) > 0 ? 2 : 0);
  return view.members
    .map((m, i) => ({ i, score: score(m) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ i }) => lines[i]!);
}
