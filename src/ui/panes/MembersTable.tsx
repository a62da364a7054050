// One line per member, columns already fitted by the view. The selected row is inverse AND
// marked "›", so it shows on a monochrome screen and in a screenshot pasted into a ticket.
import { Text } from 'ink';
import type { MembersView } from '../../core/views/members-view.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';
import { TitledBox } from './TitledBox.js';

export interface MembersTableProps {
  view: MembersView;
  width: number;
  height: number;
}

export function MembersTable({ view, width, height }: MembersTableProps) {
  const theme = useTheme();
  return (
    <TitledBox title={view.title} width={width} height={height} padded={false}>
      <Text wrap="truncate-end" bold color={theme.color('text.muted')}>
        {view.header}
      </Text>
      {view.emptyText ? (
        <Text color={theme.color('text.muted')}>{view.emptyText}</Text>
      ) : (
        view.lines.map((line, row) =>
          line.selected ? (
            // One colour for the whole selected row: per-cell colours under inverse would paint
            // a patchwork of backgrounds.
            <Text key={`${row}:${line.id}`} wrap="truncate-end" inverse color={theme.color('selection')}>
              {line.marker + line.cells.map((cell) => cell.text).join(' ')}
            </Text>
          ) : (
            <Text key={`${row}:${line.id}`} wrap="truncate-end">
              {line.marker}
              {line.cells.map((cell, i) => (
                <Text key={i} color={toneColor(theme, cell.tone)} bold={cell.bold === true}>
                  {i === 0 ? cell.text : ` ${cell.text}`}
                </Text>
              ))}
            </Text>
          ),
        )
      )}
    </TitledBox>
  );
}
