// Renders lines of toned segments: one Ink line each, cut at the pane's edge, never wrapped.
import { Text } from 'ink';
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
        <Text key={i} wrap="truncate-end">
          {clipLine(line, width).map((segment, j) => (
            <Text key={j} color={segment.tone === undefined ? undefined : toneColor(theme, segment.tone)}>
              {segment.text}
            </Text>
          ))}
          {line.length === 0 ? ' ' : ''}
        </Text>
      ))}
    </>
  );
}
