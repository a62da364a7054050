import { describe, expect, it } from 'vitest';
import { blockSparkline, sharedRange, sharedScaleMax } from '../../../src/core/views/block-sparkline.js';

const NaN_ = Number.NaN;

describe('blockSparkline', () => {
  it.each([
    { values: [0, 5, 10], max: 10, width: 3, expected: '▁▅█' },
    { values: [0, 1, 2, 3, 4, 5, 6, 7], max: 7, width: 8, expected: '▁▂▃▄▅▆▇█' },
    // A gap is blank, never the lowest block: "did not answer" is not "zero".
    { values: [0, NaN_, 10, NaN_], max: 10, width: 4, expected: '▁ █ ' },
    // Fewer values than cells: blanks on the left, so the newest sample sits at the right edge.
    { values: [10, 10], max: 10, width: 5, expected: '   ██' },
    // More values than cells: the newest ones.
    { values: [10, 0, 0, 10], max: 10, width: 2, expected: '▁█' },
    // Values above the scale are clipped to a full block; negative ones to the lowest.
    { values: [20, -3], max: 10, width: 2, expected: '█▁' },
    // A zero scale (nothing moved): flat, not a division by zero.
    { values: [0, 0], max: 0, width: 2, expected: '▁▁' },
    { values: [], max: 10, width: 0, expected: '' },
  ])('$values on 0..$max in $width cells → "$expected"', ({ values, max, width, expected }) => {
    expect(blockSparkline(values, max, width)).toBe(expected);
  });

  it.each([
    { values: [100, 104, 108], min: 100, max: 108, expected: '▁▅█' },
    { values: [100, NaN_, 108], min: 100, max: 108, expected: '▁ █' },
  ])('scales from a minimum: $values on $min..$max → "$expected"', ({ values, min, max, expected }) => {
    expect(blockSparkline(values, max, values.length, min)).toBe(expected);
  });
});

describe('shared scales', () => {
  it.each([
    { series: [[1, 5], [NaN_, 30]], floor: 10, expected: 30 },
    { series: [[1, 5], [NaN_, 3]], floor: 10, expected: 10 },
    { series: [[NaN_]], floor: 100, expected: 100 },
  ])('sharedScaleMax($series, floor $floor) is $expected', ({ series, floor, expected }) => {
    expect(sharedScaleMax(series, floor)).toBe(expected);
  });

  it.each([
    { series: [[3, NaN_], [7, 1]], expected: { min: 1, max: 7 } },
    { series: [[NaN_], []], expected: undefined },
  ])('sharedRange($series) is $expected', ({ series, expected }) => {
    expect(sharedRange(series)).toEqual(expected);
  });
});
