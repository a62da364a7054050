// A pane's frame: a rounded border with the title set into its top edge, at an exact size.
// Ink's Box draws no title, so the top edge is drawn here as text and the Box draws the other
// three sides. Content past the height is clipped, never allowed to push the frame taller.
// Only rows are clipped (overflowY): a row never outgrows its width (PaintedLine cuts it, and
// Ink fits its own <Text> to the box), while clipping columns too would run slice-ansi over
// every row of every frame, about a seventh of the monitor's rendering time.
import { Box } from 'ink';
import type { ReactNode } from 'react';
import { PANE_FRAME_COLUMNS, cellWidth, truncate } from '../../core/views/view-text.js';
import { PaintedLine } from '../PaintedLine.js';
import { useTheme } from '../theme.js';

export interface TitledBoxProps {
  title: string;
  width: number;
  height: number;
  /** One column of space inside each side border (default); a table that pads itself opts out. */
  padded?: boolean;
  children?: ReactNode;
}

/** Cells inside the border, and inside the padding when the box is padded. */
export function innerWidth(width: number, padded = true): number {
  return Math.max(0, width - (padded ? PANE_FRAME_COLUMNS : 2));
}

export function TitledBox({ title, width, height, padded = true, children }: TitledBoxProps) {
  const theme = useTheme();
  const border = theme.color('border');
  const inner = Math.max(0, width - 2);
  const shownTitle = truncate(title, Math.max(0, inner - 1));
  const rule = '─'.repeat(Math.max(0, inner - 1 - cellWidth(shownTitle)));
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflowY="hidden">
      <PaintedLine
        spans={[
          { text: '╭─', color: border },
          { text: shownTitle, color: theme.color('text.primary'), bold: true },
          { text: `${rule}╮`, color: border },
        ]}
        width={width}
      />
      <Box
        borderStyle="round"
        borderTop={false}
        borderColor={border}
        width={width}
        height={Math.max(1, height - 1)}
        flexDirection="column"
        paddingX={padded ? 1 : 0}
        overflowY="hidden"
      >
        {children}
      </Box>
    </Box>
  );
}
