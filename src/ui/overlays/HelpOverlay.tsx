// Every key, grouped, generated from the keymap. In read-only mode the bindings that change the
// cluster are listed as unavailable with the reason, so the operator knows they exist.
import { Box, Text } from 'ink';
import { KEYMAP, keyLabel, type KeyBinding, type KeyGroup } from '../keymap.js';
import { useTheme } from '../theme.js';

export interface HelpOverlayProps {
  keymap: readonly KeyBinding[];
  readOnly: boolean;
  width: number;
  height: number;
}

const GROUPS: KeyGroup[] = ['Navigation', 'View', 'Maintenance', 'General'];

export interface HelpLine {
  group: KeyGroup;
  keys: string;
  label: string;
  unavailable?: string;
}

export function helpLines(keymap: readonly KeyBinding[], readOnly: boolean): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const group of GROUPS) {
    for (const binding of KEYMAP.filter((b) => b.group === group && b.modes.includes('normal'))) {
      const active = keymap.includes(binding);
      // A replay's keys mean nothing live: not listed, rather than listed as unavailable.
      if (binding.replay && !active) continue;
      const line: HelpLine = { group, keys: keyLabel(binding), label: binding.label };
      if (!active && readOnly) line.unavailable = 'read-only mode';
      lines.push(line);
    }
  }
  return lines;
}

export function HelpOverlay({ keymap, readOnly, width, height }: HelpOverlayProps) {
  const theme = useTheme();
  const lines = helpLines(keymap, readOnly);
  let lastGroup: KeyGroup | undefined;
  const rows: { key: string; node: React.ReactNode }[] = [];
  for (const line of lines) {
    if (line.group !== lastGroup) {
      rows.push({ key: `g-${line.group}`, node: <Text bold color={theme.color('accent')}>{line.group}</Text> });
      lastGroup = line.group;
    }
    rows.push({
      key: `${line.group}-${line.keys}`,
      node: (
        <Text color={theme.color(line.unavailable ? 'text.muted' : 'text.primary')} wrap="truncate">
          {`  ${line.keys.padEnd(10)} ${line.label}${line.unavailable ? `  (unavailable: ${line.unavailable})` : ''}`}
        </Text>
      ),
    });
  }
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.color('border')} paddingX={1}>
      <Text bold>etcdtop keys{readOnly ? ' \u2014 READ-ONLY' : ''}  (? or Esc to close)</Text>
      {rows.slice(0, Math.max(0, height - 3)).map((row) => <Box key={row.key}>{row.node}</Box>)}
    </Box>
  );
}
