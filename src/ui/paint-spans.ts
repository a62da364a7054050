// Turns one line of styled spans into the exact string a terminal shows, cut to a width. Pure,
// so PaintedLine's output (cut, marker, styles, order of codes) is unit-testable without Ink.
import chalk from 'chalk';
import { cellWidth } from '../core/views/view-text.js';
import type { ThemeColor } from './theme.js';

export interface Span {
  text: string;
  color?: ThemeColor | undefined;
  bold?: boolean;
  inverse?: boolean;
}

/** The line's text without styles: what its width is measured on. */
export function spansText(spans: readonly { text: string }[]): string {
  return spans.map((span) => span.text).join('');
}

/**
 * Cuts runs of text to `width` cells, as Ink's truncate-end does: the cut run ends with "…" in its
 * own style. Newlines would make a second screen row that the layout did not reserve, so they are
 * shown as blanks. Generic so that the panes' toned segments are cut the same way.
 */
export function cutSpans<T extends { text: string }>(spans: readonly T[], width: number): T[] {
  const flat = spans.some((span) => span.text.includes('\n'))
    ? spans.map((span) => (span.text.includes('\n') ? { ...span, text: span.text.replace(/\n/g, ' ') } : span))
    : spans;
  // Not copied when nothing is cut (each row, each frame): callers only read the result.
  if (cellWidth(spansText(flat)) <= width) return flat as T[];
  if (width <= 0) return [];
  const out: T[] = [];
  let left = width - 1; // cells before the marker
  for (const span of flat) {
    const chars = [...span.text];
    if (chars.length <= left) {
      out.push(span);
      left -= chars.length;
      continue;
    }
    out.push({ ...span, text: `${chars.slice(0, left).join('')}…` });
    break;
  }
  return out;
}

/**
 * The styled string: the same escape codes, in the same order, as Ink's <Text color bold inverse>
 * (colour innermost, then bold, then inverse), so frames read the same as before.
 */
export function paintSpans(spans: readonly Span[], width: number): string {
  return cutSpans(spans, width)
    .map(({ text, color, bold, inverse }) => {
      let painted = color === undefined ? text : chalk[color](text);
      if (bold) painted = chalk.bold(painted);
      if (inverse) painted = chalk.inverse(painted);
      return painted;
    })
    .join('');
}
