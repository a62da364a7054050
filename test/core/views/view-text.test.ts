import { describe, expect, it } from 'vitest';
import { cellWidth, clip, clockUtc, fit, isStale, truncate, wrapWords, type Line } from '../../../src/core/views/view-text.js';

describe('view text helpers', () => {
  it.each([
    ['etcd-1', 10, 'left', 'etcd-1    '],
    ['100590', 8, 'right', '  100590'],
    ['DOWN timed out after 1.5s', 10, 'left', 'DOWN time…'],
    ['abc', 0, 'left', ''],
  ] as const)('fit(%j, %i, %s) is %j', (text, width, align, expected) => {
    expect(fit(text, width, align)).toBe(expected);
  });

  it('truncates by code point, so the ellipsis costs one cell', () => {
    expect(truncate('→ compact', 4)).toBe('→ c…');
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('🙂🙂🙂', 3)).toBe('🙂🙂🙂');
    expect(truncate('🙂🙂🙂', 2)).toBe('🙂…');
  });

  // Counted in place rather than by spreading the string: the same count as [...text].length,
  // lone surrogates included.
  it.each(['', 'etcd-1', '→ c…', '🙂', 'a🙂b🙂', '漢字', '\ud800', '\udc00', 'a\ud800', '\ud800a', '\udc00\ud800', '\ud800\ud800\udc00', '🇩🇪'])(
    'cellWidth(%j) counts code points',
    (text) => {
      expect(cellWidth(text)).toBe([...text].length);
    },
  );

  it.each([
    [2000, 1000, false],
    [2001, 1000, true],
    [0, 1000, false],
  ])('data %i ms old with a %i ms interval: stale %s', (ageMs, intervalMs, stale) => {
    expect(isStale(ageMs, intervalMs)).toBe(stale);
  });

  it('prints clock times in UTC whatever the machine zone', () => {
    expect(clockUtc(Date.UTC(2025, 0, 15, 11, 59, 41, 999))).toBe('11:59:41');
    expect(clockUtc(Number.NaN)).toBe('--:--:--');
  });

  it('clips a list and counts what it left out', () => {
    const lines: Line[] = ['a', 'b', 'c', 'd'].map((text) => ({ text, tone: 'normal' }));
    expect(clip(lines, 4).map((line) => line.text)).toEqual(['a', 'b', 'c', 'd']);
    expect(clip(lines, 3).map((line) => line.text)).toEqual(['a', 'b', '… 2 more']);
    expect(clip(lines, 0)).toEqual([]);
  });

  it('wraps words with a hanging indent and never exceeds the width', () => {
    expect(wrapWords('compact, defragment every member, then disarm', 20, '  ')).toEqual([
      'compact, defragment',
      '  every member, then',
      '  disarm',
    ]);
    expect(wrapWords('averyveryverylongword x', 8)).toEqual(['averyve…', 'x']);
    for (const line of wrapWords('a b c d e f g h i j k l m n o p', 5, ' ')) expect(line.length).toBeLessThanOrEqual(5);
  });
});
