import { it } from 'vitest';
import { plotWithGaps, SOLID_SYMBOLS, DOTTED_SYMBOLS, DOUBLE_SYMBOLS } from '../src/core/views/gap-chart.js';
it('x', () => {
  const a = [1,2,3,NaN,NaN,4,5,4,3,NaN,2,NaN,6];
  const b = [0.5,1,1,1,NaN,2,2,2,2,2,1,1,1];
  const q = a.map(() => 6);
  for (const rows of [3, 5, 8]) {
    const lines = plotWithGaps([{values:q, symbols: DOUBLE_SYMBOLS},{values: b, symbols: DOTTED_SYMBOLS},{ values: a, symbols: SOLID_SYMBOLS }], { rows, labelWidth: 5, formatLabel: (v) => v.toFixed(1) });
    console.log(lines.map((l) => l.map((r) => r.text).join('') + '|').join('\n'));
  }
});
