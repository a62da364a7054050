// The line above a replayed monitor: that this is a recording and not the cluster now, which
// round of how many, its recorded time, the speed, and the keys that steer it.
import { Box } from 'ink';
import { useSyncExternalStore } from 'react';
import { clockUtc, fit } from '../core/views/view-text.js';
import { PaintedText } from '../ui/PaintedLine.js';
import { useTheme } from '../ui/theme.js';
import { useTerminalSize } from '../ui/use-terminal-size.js';
import type { ReplayPlayer, ReplayPosition } from './replay-player.js';

export interface ReplayBarProps {
  player: Pick<ReplayPlayer, 'position' | 'subscribe'>;
  fileName: string;
}

export function replayBarText(position: ReplayPosition, fileName: string): string {
  const at = position.atMs === undefined ? '' : `  ${new Date(position.atMs).toISOString().slice(0, 10)} ${clockUtc(position.atMs)} UTC`;
  const where = `round ${position.shown}/${position.rounds}${at}`;
  if (position.ended) return ` REPLAY  end of recording  ${where}  ${fileName}  (q quits)`;
  return ` REPLAY ×${formatSpeed(position.speed)}  ${where}  ${fileName}  (+/- slower/faster, r next round, [/] a minute back/on)`;
}

export function formatSpeed(speed: number): string {
  return String(Number(speed.toFixed(speed < 1 ? 2 : 1)));
}

export function ReplayBar({ player, fileName }: ReplayBarProps) {
  const theme = useTheme();
  const width = useTerminalSize().columns;
  const position = useSyncExternalStore(player.subscribe, player.position);
  return (
    <Box width={width} height={1} flexShrink={0}>
      <PaintedText text={fit(replayBarText(position, fileName), width)} color={theme.color('accent')} inverse={theme.colorEnabled} bold width={width} />
    </Box>
  );
}
