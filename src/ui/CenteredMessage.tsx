// One message in the middle of the space the dashboard was given: "terminal too small" and
// "connecting to …" take the whole area, so nothing half-drawn is mistaken for data.
import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

export interface CenteredMessageProps {
  text: string;
  width: number;
  height: number;
}

export function CenteredMessage({ text, width, height }: CenteredMessageProps) {
  const theme = useTheme();
  return (
    <Box width={Math.max(1, width)} height={Math.max(1, height)} alignItems="center" justifyContent="center" overflow="hidden">
      <Text color={theme.color('text.primary')}>{text}</Text>
    </Box>
  );
}
