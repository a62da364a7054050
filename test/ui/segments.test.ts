import { describe, expect, it } from 'vitest';
import { cell, clipLine, lineText, lineWidth, row, type SegmentLine } from '../../src/ui/panes/segments.js';

describe('segment lines', () => {
  it('lays cells out at their widths with gaps', () => {
    const line = row([cell('etcd-1', 8), cell('4ms', 5, 'ok', 'right'), cell('ok', 4, 'ok')]);
    expect(lineText(line)).toBe('etcd-1     4ms ok  ');
    expect(lineWidth(line)).toBe(19);
    expect(line[2]).toEqual({ text: '  4ms', tone: 'ok' });
  });

  it.each([
    { line: [{ text: 'abc' }, { text: 'def', tone: 'warning' }], width: 6, expected: 'abcdef' },
    { line: [{ text: 'abc' }, { text: 'def', tone: 'warning' }], width: 5, expected: 'abcd…' },
    // A cut on a segment boundary still shows "…".
    { line: [{ text: 'abc' }, { text: 'def', tone: 'warning' }], width: 3, expected: 'ab…' },
    // Trailing blanks are cut before any word is.
    { line: [{ text: 'abc' }, { text: '   ' }], width: 4, expected: 'abc' },
    { line: [{ text: 'abcdef' }], width: 0, expected: '' },
  ] as { line: SegmentLine; width: number; expected: string }[])('clipLine to $width → "$expected"', ({ line, width, expected }) => {
    const clipped = clipLine(line, width);
    expect(lineText(clipped)).toBe(expected);
    expect(lineWidth(clipped)).toBeLessThanOrEqual(width);
  });

  it('keeps each segment its tone when cutting', () => {
    expect(clipLine([{ text: 'ab' }, { text: 'WARNING', tone: 'warning' }], 5)).toEqual([{ text: 'ab' }, { text: 'WA…', tone: 'warning' }]);
  });
});
