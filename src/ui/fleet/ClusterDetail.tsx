// One cluster opened from the fleet: its scrape targets, findings and last hour.
import { Box } from 'ink';
import type { DetailLine } from '../../core/fleet/cluster-detail-view.js';
import { PaintedText } from '../PaintedLine.js';
import { levelToken, useTheme, type ThemeToken } from '../theme.js';

export interface ClusterDetailProps {
  title: string;
  lines: DetailLine[];
  width: number;
  height: number;
}

export function ClusterDetail({ title, lines, width, height }: ClusterDetailProps) {
  const theme = useTheme();
  const token = (line: DetailLine): ThemeToken => (line.tone === undefined ? 'text.primary' : line.tone === 'muted' ? 'text.muted' : levelToken(line.tone));
  return (
    <Box flexDirection="column" width={width}>
      <PaintedText text={title} bold color={theme.color('accent')} width={width} />
      {lines.slice(0, Math.max(0, height - 1)).map((line, i) => (
        <PaintedText key={i} text={line.text} color={theme.color(token(line))} width={width} />
      ))}
    </Box>
  );
}
