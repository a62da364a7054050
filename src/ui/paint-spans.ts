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
export function spansText(spans: readonly Span[]): string {
  return spans.map((span) => span.text).join('');
}

/**
 * Cuts spans to `width` cells, marking a cut with "…" as Ink's truncate-end does. Newlines would
 * make a second screen row that the layout did not reserve, so they are shown as blanks.
 */
export function cutSpans(spans: readonly Span[], width: number): Span[] {
  const out: Span[] = [];
  const total = cellWidth(spansText(spans));
  let left = total <= width ? total : Math.max(0, width - 1);
  for (const span of spans) {
    if (left <= 0) break;
    const chars = [...span.text.replace(/\n/g, ' ')];
    const text = chars.length <= left ? chars.join('') : chars.slice(0, left).join('');
    left -= [...text].length;
    out.push({ ...span, text });
  }
  if (total > width && width > 0) out.push({ ...(spans.at(-1) ?? { text: '' }), text: '…' });
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
