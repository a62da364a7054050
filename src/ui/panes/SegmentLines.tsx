// Renders lines of toned segments: one Ink line each, cut at the pane's edge, never wrapped.
import { PaintedLine } from '../PaintedLine.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';
import { clipLine, type SegmentLine } from './segments.js';

export interface SegmentLinesProps {
  lines: readonly SegmentLine[];
  /** Cells inside the pane's border. */
  width: number;
}

export function SegmentLines({ lines, width }: SegmentLinesProps) {
  const theme = useTheme();
  return (
    <>
      {lines.map((line, i) => (
        <PaintedLine
          key={i}
          // An empty line still takes its row: one blank.
          spans={line.length === 0 ? [{ text: ' ' }] : clipLine(line, width).map((segment) => ({
            text: segment.text,
            color: segment.tone === undefined ? undefined : toneColor(theme, segment.tone),
          }))}
          width={width}
        />
      ))}
    </>
  );
}
