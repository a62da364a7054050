// One row per cluster, worst first; the selected row is marked with "›" (not colour alone) and its
// headline finding is shown under the table.
import { Box } from 'ink';
import type { FleetRow } from '../../core/fleet/fleet-rows.js';
import { fleetColumns, fleetHeader, fleetLine } from '../../core/fleet/fleet-view.js';
import { PaintedText } from '../PaintedLine.js';
import { levelToken, useTheme } from '../theme.js';

export interface FleetTableProps {
  rows: FleetRow[];
  selected: string | undefined;
  nowMs: number;
  width: number;
  height: number;
}

export function FleetTable({ rows, selected, nowMs, width, height }: FleetTableProps) {
  const theme = useTheme();
  const columns = fleetColumns(nowMs);
  const selectedIndex = Math.max(0, rows.findIndex((r) => r.name === selected));
  const visible = Math.max(1, height - 3);
  const first = Math.max(0, Math.min(selectedIndex - Math.floor(visible / 2), rows.length - visible));
  const shown = rows.slice(first, first + visible);
  const headline = rows[selectedIndex]?.verdict.findings[0];
  return (
    <Box flexDirection="column" width={width}>
      <PaintedText text={`  ${fleetHeader(columns)}`} color={theme.color('text.muted')} width={width} />
      {shown.map((row) => (
        <PaintedText key={row.name} text={`${row.name === selected ? '\u203a ' : '  '}${fleetLine(row, columns)}`}
          color={theme.color(levelToken(row.verdict.level))} inverse={row.name === selected && theme.colorEnabled} width={width} />
      ))}
      <PaintedText text={rows.length > visible ? `${first + 1}-${first + shown.length} of ${rows.length} clusters` : rows.length === 0 ? 'no etcd cluster in the backend yet' : ''} color={theme.color('text.muted')} width={width} />
      <PaintedText text={headline ? `${selected}: ${headline.message}` : selected ? `${selected}: no findings` : ''} color={theme.color(headline ? levelToken(headline.level) : 'text.muted')} width={width} />
    </Box>
  );
}
