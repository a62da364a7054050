// PaintedLine draws what <Text> drew (the same characters and escape codes) while Ink lays out
// only blanks; see PaintedLine.tsx for why. The frames are compared raw, colour on.
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { beforeAll, describe, expect, it } from 'vitest';
import { PaintedLine, PaintedText } from '../../src/ui/PaintedLine.js';
import { frameLines, renderAtSize, renderRawAtSize } from '../helpers/render-at-size.js';

describe('PaintedLine', () => {
  beforeAll(() => {
    chalk.level = 1;
  });

  it('shows the same frame as Ink <Text> for styled spans', () => {
    const spans = [
      { text: '› etcd-0 ' },
      { text: 'LEADER', color: 'green' as const, bold: true },
      { text: ' UP', color: 'gray' as const },
    ];
    const painted = renderRawAtSize(<PaintedLine spans={spans} width={40} />, 40, 3);
    const text = renderRawAtSize(
      <Text>
        › etcd-0{' '}
        <Text color="green" bold>
          LEADER
        </Text>
        <Text color="gray"> UP</Text>
      </Text>,
      40,
      3,
    );
    expect(painted).toBe(text);
    expect(painted).toContain('\u001b[32m');
    expect(renderAtSize(<PaintedLine spans={spans} width={40} />, 40, 3)).toContain('› etcd-0 LEADER UP');
  });

  it('cuts a row longer than its width with "…" and never wraps it onto a second row', () => {
    const frame = renderAtSize(
      <Box flexDirection="column" width={12}>
        <PaintedText text="etcd-0 is DOWN: deadline exceeded" color="red" width={12} />
        <PaintedText text="next row" width={12} />
      </Box>,
      30,
      4,
    );
    expect(frameLines(frame).slice(0, 2)).toEqual(['etcd-0 is D…', 'next row']);
  });

  it('takes the row Ink gives it when the box is narrower than the width it was told', () => {
    const frame = renderAtSize(
      <Box width={6}>
        <PaintedText text="abcdefghij" width={20} />
      </Box>,
      30,
      3,
    );
    expect(frameLines(frame)[0]).toBe('abcde…');
  });

  it('an empty row takes no height, as an empty <Text> does', () => {
    const frame = renderAtSize(
      <Box flexDirection="column">
        <PaintedText text="" width={10} />
        <PaintedText text="second" width={10} />
      </Box>,
      30,
      3,
    );
    expect(frameLines(frame)[0]).toBe('second');
  });
});
