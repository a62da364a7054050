// The verdict bar. With colour on it is a full-width block in the verdict's colour (inverse,
// bold) that reads from across a room; with colour off it is the same words, unadorned. Given
// three or more rows the bar is three lines thick, the words on its middle line.
import { Box } from 'ink';
import type { BannerView } from '../../core/views/banner-view.js';
import { toneOfLevel } from '../../core/views/view-text.js';
import { PaintedText } from '../PaintedLine.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';

export interface BannerProps {
  view: BannerView;
  width: number;
  height: number;
}

export function Banner({ view, width, height }: BannerProps) {
  const theme = useTheme();
  const color = toneColor(theme, toneOfLevel(view.level));
  const emphasis = theme.colorEnabled;
  const thick = height >= 4;
  const blank = ' '.repeat(width);
  const bar = (text: string, key: string) => (
    <PaintedText key={key} text={text} color={color} inverse={emphasis} bold width={width} />
  );
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0} overflowY="hidden">
      {thick ? bar(blank, 'top') : null}
      {bar(view.bar, 'words')}
      {thick ? bar(view.continuation.trim() ? view.continuation : blank, 'bottom') : null}
      <PaintedText text={view.meta} color={theme.color('text.muted')} width={width} />
    </Box>
  );
}
