// Lines built from toned segments, for panes whose lines mix words of different severity (a
// value, then WARN beside it). Pure, so a pane's layout at any size is unit-testable without Ink.
import { cellWidth, fit, type Tone } from '../../core/views/view-text.js';
import { cutSpans } from '../paint-spans.js';

export interface Segment {
  text: string;
  tone?: Tone;
}

export type SegmentLine = Segment[];

export function lineWidth(line: SegmentLine): number {
  return line.reduce((sum, segment) => sum + cellWidth(segment.text), 0);
}

export function lineText(line: SegmentLine): string {
  return line.map((segment) => segment.text).join('');
}

/** A cell of exactly `width` cells (cut with "…" when longer). */
export function cell(text: string, width: number, tone?: Tone, align: 'left' | 'right' = 'left'): Segment {
  return tone === undefined ? { text: fit(text, width, align) } : { text: fit(text, width, align), tone };
}

/** Joins cells with `gap` blanks between them. */
export function row(cells: readonly Segment[], gap = 1): SegmentLine {
  return cells.flatMap((segment, i) => (i === 0 ? [segment] : [{ text: ' '.repeat(gap) }, segment]));
}

/** Cuts a line to `width` cells, segment by segment, marking a cut with "…"; trailing blanks go first. */
export function clipLine(line: SegmentLine, width: number): SegmentLine {
  if (lineWidth(line) <= width) return line;
  const trimmed = trimEnd(line);
  if (lineWidth(trimmed) <= width) return trimmed;
  return cutSpans(line, width);
}

function trimEnd(line: SegmentLine): SegmentLine {
  const out = [...line];
  while (out.length > 0) {
    const last = out[out.length - 1]!;
    const text = last.text.trimEnd();
    if (text.length > 0) {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out;
}
