// One line at the bottom, generated from the keymap: the keys that work in this mode, or the
// last notice (why a key did nothing, what an interval change did).
import { Box } from 'ink';
import { keyLabel, type KeyBinding, type KeyContext, type Mode } from './keymap.js';
import { PaintedText } from './PaintedLine.js';
import { useTheme } from './theme.js';

export interface FooterProps {
  keymap: readonly KeyBinding[];
  mode: Mode;
  notice: string | undefined;
  width: number;
  /** When given, bindings disabled in it are not offered (a refused dialog offers no "y"; a dialog, only its own keys). */
  context?: KeyContext;
}

export function footerText(keymap: readonly KeyBinding[], mode: Mode, context?: KeyContext): string {
  const shown = keymap.filter((b) => b.modes.includes(mode) && (b.footer || mode !== 'normal') && !(context && b.disabledReason?.(context)));
  const seen = new Set<string>();
  return shown
    .filter((b) => !seen.has(b.label) && seen.add(b.label))
    .map((b) => `${keyLabel(b)} ${shortLabel(b)}`)
    .join('  ');
}

function shortLabel(binding: KeyBinding): string {
  return binding.short ?? binding.label.split(' (')[0]!.toLowerCase();
}

export function Footer({ keymap, mode, notice, width, context }: FooterProps) {
  const theme = useTheme();
  const text = notice ?? footerText(keymap, mode, context);
  return (
    <Box width={width} height={1}>
      <PaintedText text={text} color={theme.color(notice ? 'status.warn' : 'text.muted')} width={width} />
    </Box>
  );
}
