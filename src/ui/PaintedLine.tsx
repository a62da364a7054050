// One screen row of styled text that Ink lays out by its width alone.
//
// Why not <Text>: Ink 6 remembers the size of every distinct string it ever laid out, in two
// module-level caches that are never emptied (measure-text.js and wrap-text.js; ink#986, bounded
// only in ink 7, which needs Node 22). A monitor whose rows change every second (ages, indexes,
// latencies, clocks) would keep every row it ever showed: measured at ~0.5 KB a frame, ~2 MB an
// hour, for as long as it stays open. So Ink is only ever given a run of blanks as wide as the
// row (a few hundred distinct strings at most, whatever the data), and the real text is painted
// over them by <Transform> while the frame is written: Output applies transforms afresh on every
// frame and keeps nothing. A bonus: a row whose width did not change leaves Yoga's layout clean.
//
// Every row the dashboard redraws with data goes through here; a test keeps ink's <Text> out of
// those files.
import { Transform } from 'ink';
import { memo } from 'react';
import { cellWidth } from '../core/views/view-text.js';
import { paintSpans, spansText, type Span } from './paint-spans.js';

export interface PaintedLineProps {
  spans: readonly Span[];
  /**
   * Cells the row may take; longer text is cut with "…". Required because Ink would wrap blanks
   * wider than their box onto a second row (a Transform cannot be told to truncate).
   */
  width: number;
}

/**
 * Memoised on what it draws: at 1 s most rows show what they showed a second ago, and such a row
 * keeps its element and its transform, which paints once per width it is given rather than once
 * per frame (rows with unchanged text cost Ink a cache lookup; see scripts/ink-output-patches.mjs).
 */
export const PaintedLine = memo(function PaintedLine({ spans, width }: PaintedLineProps) {
  const cells = Math.max(0, Math.min(width, cellWidth(spansText(spans))));
  // The blanks Ink measures and lays out; the transform receives them as placed on the row.
  const blanks = ' '.repeat(cells);
  let last: { cells: number; painted: string } | undefined;
  const transform = (shown: string): string => {
    const shownCells = cellWidth(shown);
    if (last?.cells !== shownCells) last = { cells: shownCells, painted: paintSpans(spans, shownCells) };
    return last.painted;
  };
  return <Transform transform={transform}>{blanks}</Transform>;
}, samePaintedLine);

/** Same width and spans of the same text and style: the row would paint the same. */
export function samePaintedLine(before: PaintedLineProps, after: PaintedLineProps): boolean {
  if (before.width !== after.width) return false;
  if (before.spans === after.spans) return true;
  if (before.spans.length !== after.spans.length) return false;
  return before.spans.every((span, i) => {
    const other = after.spans[i]!;
    return span.text === other.text && span.color === other.color && span.bold === other.bold && span.inverse === other.inverse;
  });
}

/** The common case: one run of text in one style. */
export function PaintedText({ width, ...span }: Span & { width: number }) {
  return <PaintedLine spans={[span]} width={width} />;
}
