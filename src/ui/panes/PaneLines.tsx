// The body of a text pane: one Ink line per view line, cut (never wrapped) at the pane's edge,
// and no more lines than fit; the last one says how many were left out.
import { clip, type Line } from '../../core/views/view-text.js';
import { PaintedText } from '../PaintedLine.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';

export interface PaneLinesProps {
  lines: readonly Line[];
  /** Lines that fit inside the pane's border. */
  maxLines: number;
  /** Cells inside the pane's border and padding. */
  width: number;
  /**
   * What happens to lines that do not fit: 'count' ends with "… N more" (a list), 'cut' drops
   * them silently (lines already ordered by importance, where a marker would cost one of them).
   */
  overflow?: 'count' | 'cut';
}

export function PaneLines({ lines, maxLines, width, overflow = 'count' }: PaneLinesProps) {
  const theme = useTheme();
  return (
    <>
      {(overflow === 'count' ? clip(lines, maxLines) : lines.slice(0, Math.max(0, maxLines))).map((line, i) => (
        <PaintedText key={i} text={line.text} color={toneColor(theme, line.tone)} bold={line.bold === true} width={width} />
      ))}
    </>
  );
}
