// PaintedLine draws what <Text> drew (the same characters and escape codes) while Ink lays out
// only blanks; see PaintedLine.tsx for why. The frames are compared raw, colour on.
import chalk from 'chalk';
import { Box, Text } from 'ink';
import { beforeAll, describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { PaintedLine, PaintedText, samePaintedLine } from '../../src/ui/PaintedLine.js';
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

  // Memoised: a row given equal spans keeps its element and its painting; any change repaints.
  it('repaints on every change of text, style or width, and shows the same row for equal spans', () => {
    const row = (text: string, color?: 'green' | 'red', width = 20, bold?: boolean) => (
      <Box width={30}>
        <PaintedLine spans={[{ text: 'etcd-0 ' }, { text, color, bold }]} width={width} />
      </Box>
    );
    const { lastFrame, rerender, unmount } = render(row('UP', 'green'));
    const frames = [lastFrame()];
    for (const next of [row('UP', 'green'), row('DOWN', 'green'), row('DOWN', 'red'), row('DOWN', 'red', 9), row('DOWN', 'red', 9, true)]) {
      rerender(next);
      frames.push(lastFrame());
    }
    unmount();
    expect(frames[1]).toBe(frames[0]);
    expect(stripVTControlCharacters(frames[2] ?? '')).toContain('etcd-0 DOWN');
    expect(frames[3]).not.toBe(frames[2]);
    expect(frames[3]).toContain('\u001b[31m');
    expect(stripVTControlCharacters(frames[4] ?? '')).toContain('etcd-0 D…');
    expect(frames[5]).toContain('\u001b[1m');
    expect(new Set(frames.slice(1)).size).toBe(5);
  });

  it.each([
    ['the same spans', { text: 'a', color: 'green' as const }, { text: 'a', color: 'green' as const }, 5, true],
    ['another text', { text: 'a' }, { text: 'b' }, 5, false],
    ['another colour', { text: 'a', color: 'green' as const }, { text: 'a', color: 'red' as const }, 5, false],
    ['bold', { text: 'a' }, { text: 'a', bold: true }, 5, false],
    ['inverse', { text: 'a' }, { text: 'a', inverse: true }, 5, false],
    ['another width', { text: 'a' }, { text: 'a' }, 6, false],
  ])('samePaintedLine: %s → %s', (_, before, after, width, same) => {
    expect(samePaintedLine({ spans: [before], width: 5 }, { spans: [after], width })).toBe(same);
  });
  it('samePaintedLine: another number of spans is another row', () => {
    expect(samePaintedLine({ spans: [{ text: 'a' }], width: 5 }, { spans: [{ text: 'a' }, { text: '' }], width: 5 })).toBe(false);
  });
});
