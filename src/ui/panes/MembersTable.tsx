// One line per member, columns already fitted by the view. The selected row is inverse AND
// marked "›", so it shows on a monochrome screen and in a screenshot pasted into a ticket.
import type { MembersView } from '../../core/views/members-view.js';
import { PaintedLine, PaintedText } from '../PaintedLine.js';
import { toneColor } from '../tone-color.js';
import { useTheme } from '../theme.js';
import { TitledBox, innerWidth } from './TitledBox.js';

export interface MembersTableProps {
  view: MembersView;
  width: number;
  height: number;
}

export function MembersTable({ view, width, height }: MembersTableProps) {
  const theme = useTheme();
  const inner = innerWidth(width, false);
  return (
    <TitledBox title={view.title} width={width} height={height} padded={false}>
      <PaintedText text={view.header} bold color={theme.color('text.muted')} width={inner} />
      {view.emptyText ? (
        <PaintedText text={view.emptyText} color={theme.color('text.muted')} width={inner} />
      ) : (
        view.lines.map((line, row) =>
          line.selected ? (
            // One colour for the whole selected row: per-cell colours under inverse would paint
            // a patchwork of backgrounds.
            <PaintedText
              key={`${row}:${line.id}`}
              text={line.marker + line.cells.map((cell) => cell.text).join(' ')}
              inverse
              color={theme.color('selection')}
              width={inner}
            />
          ) : (
            <PaintedLine
              key={`${row}:${line.id}`}
              spans={[
                { text: line.marker },
                ...line.cells.map((cell, i) => ({
                  text: i === 0 ? cell.text : ` ${cell.text}`,
                  color: toneColor(theme, cell.tone),
                  bold: cell.bold === true,
                })),
              ]}
              width={inner}
            />
          ),
        )
      )}
    </TitledBox>
  );
}
