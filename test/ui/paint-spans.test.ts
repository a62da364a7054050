import chalk from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { cutSpans, paintSpans, spansText, type Span } from '../../src/ui/paint-spans.js';

describe('cutting spans to a width', () => {
  it.each([
    { spans: [{ text: 'abc' }, { text: 'def', color: 'red' }], width: 6, expected: 'abcdef' },
    { spans: [{ text: 'abc' }, { text: 'def', color: 'red' }], width: 5, expected: 'abcd…' },
    { spans: [{ text: 'abc' }, { text: 'def' }], width: 3, expected: 'ab…' },
    { spans: [{ text: 'abc' }], width: 1, expected: '…' },
    { spans: [{ text: 'abc' }], width: 0, expected: '' },
    { spans: [], width: 5, expected: '' },
    // A second screen row would break the layout: a newline shows as a blank.
    { spans: [{ text: 'a\nb' }], width: 5, expected: 'a b' },
    // Cells are code points: the symbols the views use are one cell each.
    { spans: [{ text: '› etcd-0 → etcd-1' }], width: 8, expected: '› etcd-…' },
  ] as { spans: Span[]; width: number; expected: string }[])('$expected at $width cells', ({ spans, width, expected }) => {
    const cut = cutSpans(spans, width);
    expect(spansText(cut)).toBe(expected);
    expect([...spansText(cut)].length).toBeLessThanOrEqual(width);
  });

  it('keeps each span its style, the marker taking the style of the cut span', () => {
    expect(cutSpans([{ text: 'ab' }, { text: 'WARNING', color: 'yellow', bold: true }], 5)).toEqual([
      { text: 'ab' },
      { text: 'WA…', color: 'yellow', bold: true },
    ]);
    // The cut span, not the line's last one: the "…" stands where the red word was cut.
    expect(cutSpans([{ text: 'abcdef', color: 'red' }, { text: 'xyz', color: 'green' }], 4)).toEqual([{ text: 'abc…', color: 'red' }]);
    // Cut on a span boundary: the marker replaces the next span's first cell, in its style.
    expect(cutSpans([{ text: 'abc' }, { text: 'def', color: 'green' }], 4)).toEqual([{ text: 'abc' }, { text: '…', color: 'green' }]);
  });
});

describe('painting spans', () => {
  beforeAll(() => {
    chalk.level = 1;
  });

  it('colours innermost, then bold, then inverse, as Ink does', () => {
    const painted = paintSpans([{ text: 'DOWN', color: 'red', bold: true, inverse: true }], 10);
    expect(painted).toBe(chalk.inverse(chalk.bold(chalk.red('DOWN'))));
    expect(painted).toBe('\u001b[7m\u001b[1m\u001b[31mDOWN\u001b[39m\u001b[22m\u001b[27m');
  });

  it('styles each span on its own and leaves plain spans plain', () => {
    expect(paintSpans([{ text: 'etcd-0 ' }, { text: 'LEADER', color: 'green' }], 20)).toBe('etcd-0 \u001b[32mLEADER\u001b[39m');
  });

  it('cuts before painting, so escape codes never count as cells', () => {
    expect(paintSpans([{ text: 'abcdef', color: 'cyan' }], 4)).toBe(chalk.cyan('abc…'));
  });
});
