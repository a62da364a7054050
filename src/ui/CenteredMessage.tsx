// One message in the middle of the space the dashboard was given: "terminal too small" and
// "connecting to …" take the whole area, so nothing half-drawn is mistaken for data.
import { Box } from 'ink';
import { wrapWords } from '../core/views/view-text.js';
import { PaintedText } from './PaintedLine.js';
import { useTheme } from './theme.js';

export interface CenteredMessageProps {
  text: string;
  width: number;
  height: number;
}

export function CenteredMessage({ text, width, height }: CenteredMessageProps) {
  const theme = useTheme();
  return (
    <Box width={Math.max(1, width)} height={Math.max(1, height)} alignItems="center" justifyContent="center" overflowY="hidden">
      {/* Wrapped here rather than by Ink: on a tiny terminal the size it needs must stay readable. */}
      <Box flexDirection="column">
        {wrapWords(text, Math.max(1, width)).map((line, i) => (
          <PaintedText key={i} text={line} color={theme.color('text.primary')} width={Math.max(1, width)} />
        ))}
      </Box>
    </Box>
  );
}
