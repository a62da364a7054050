import { plot } from 'asciichart';
import { describe, expect, it } from 'vitest';
import { DOTTED_SYMBOLS, SOLID_SYMBOLS, chartPointsFor, plotWithGaps, type ChartRun } from '../../../src/core/views/gap-chart.js';

const NaN_ = Number.NaN;
const label = (value: number): string => value.toFixed(1);
const text = (lines: ChartRun[][]): string[] => lines.map((runs) => runs.map((run) => run.text).join(''));

describe('plotWithGaps', () => {
  it('asciichart itself cannot take a gap: that is why this module exists', () => {
    expect(() => plot([1, NaN_, 3], { height: 4 })).toThrow();
  });

  it('draws a series without gaps as asciichart does', () => {
    const values = [1, 2, 3, 4, 5, 4, 3];
    const ours = text(plotWithGaps([{ values, symbols: SOLID_SYMBOLS }], { rows: 5, labelWidth: 5, formatLabel: label }));
    const theirs = plot(values, { height: 4, offset: 2, format: (v) => label(v).padStart(5) }).split('\n');
    // Same labels and same line; the trailing column asciichart always leaves blank is not drawn.
    expect(ours).toEqual(theirs.map((line) => line.slice(0, -1)));
  });

  it('leaves a gap blank instead of drawing it as a zero or a bridge', () => {
    const lines = text(plotWithGaps([{ values: [4, 4, NaN_, NaN_, 4, 4], symbols: SOLID_SYMBOLS }], { rows: 3, labelWidth: 3, formatLabel: label }));
    const flat = lines.find((line) => line.includes('─'))!;
    // Columns: 3 label + axis, then one per point; points 2 and 3 are the gap.
    expect([...flat].slice(4)).toEqual(['─', ' ', ' ', '╶', '─']);
    // Nothing was drawn at the bottom, where a zero would be.
    expect(lines.at(-1)!.slice(4).trim()).toBe('');
  });

  it.each([2, 3, 5, 8, 13])('uses exactly %i lines, each as wide as label + points', (rows) => {
    const values = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? NaN_ : 1000 + i * 37));
    const lines = text(plotWithGaps([{ values, symbols: SOLID_SYMBOLS }], { rows, labelWidth: 7, formatLabel: label }));
    expect(lines).toHaveLength(rows);
    for (const line of lines) expect([...line].length).toBe(7 + values.length);
  });

  it('overlays several series, the later one winning, and tags each run with its series', () => {
    const lines = plotWithGaps(
      [
        { values: [1, 1, 1, 1], symbols: DOTTED_SYMBOLS },
        { values: [1, 1, 3, 3], symbols: SOLID_SYMBOLS },
      ],
      { rows: 3, labelWidth: 3, formatLabel: label },
    );
    const bottom = lines.at(-1)!;
    expect(bottom.find((run) => run.series === 0)?.text).toContain('┄');
    expect(bottom.find((run) => run.series === 1)?.text).toContain('─');
    expect(lines[0]!.find((run) => run.series === 1)?.text).toContain('─');
  });

  it.each([
    { name: 'no values', values: [] as number[] },
    { name: 'only gaps', values: [NaN_, NaN_] },
  ])('draws nothing for $name', ({ values }) => {
    expect(plotWithGaps([{ values, symbols: SOLID_SYMBOLS }], { rows: 4, labelWidth: 5, formatLabel: label })).toEqual([]);
  });

  it('keeps its height for a flat series (asciichart would collapse it to one line)', () => {
    expect(plotWithGaps([{ values: [5, 5, 5], symbols: SOLID_SYMBOLS }], { rows: 4, labelWidth: 5, formatLabel: label })).toHaveLength(4);
  });

  it.each([
    { width: 54, labelWidth: 7, points: 47 },
    { width: 74, labelWidth: 7, points: 67 },
    { width: 5, labelWidth: 7, points: 0 },
  ])('fits $points points in $width columns with $labelWidth-column labels', ({ width, labelWidth, points }) => {
    expect(chartPointsFor(width, labelWidth)).toBe(points);
  });
});
