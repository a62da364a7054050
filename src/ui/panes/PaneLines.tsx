// The body of a text pane: one Ink line per view line, cut (never wrapped) at the pane's edge,
// and no more lines than fit; the last one says how many were left out.
import { Text } from 'ink';
import { clip, type Line } from '../../core/views/view-text.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';

export interface PaneLinesProps {
  lines: readonly Line[];
  /** Lines that fit inside the pane's border. */
  maxLines: number;
}

export function PaneLines({ lines, maxLines }: PaneLinesProps) {
  const theme = useTheme();
  return (
    <>
      {clip(lines, maxLines).map((line, i) => (
        <Text key={i} wrap="truncate-end" color={toneColor(theme, line.tone)} bold={line.bold === true}>
          {line.text}
        </Text>
      ))}
    </>
  );
}
