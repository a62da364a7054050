import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/duration.js';

describe('parseDuration', () => {
  it.each([
    ['5s', 5_000],
    ['1500ms', 1_500],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['0.5s', 500],
    ['.5s', 500],
    ['1.5h', 5_400_000],
    ['1h2m3s4ms', 3_723_004],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['250μs', 0.25],
    ['100ns', 0.0001],
    ['0.7s', 700],
    ['0', 0],
    [' 2s ', 2_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['5', 'a bare number: seconds or milliseconds?'],
    ['1500', 'a bare number'],
    ['-1s', 'negative'],
    ['+1s', 'signed'],
    ['s', 'a unit without a number'],
    ['5 s', 'a space inside'],
    ['5S', 'units are lower case, as in Go'],
    ['5d', 'Go has no days'],
    ['1e3ms', 'no exponents'],
    ['1.2.3s', 'two decimal points'],
    ['5s and more', 'trailing garbage'],
    ['0.', 'a number without a unit'],
  ])('rejects %j (%s)', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [1_500, '1.5s'],
    [2_000, '2s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
  ])('%d ms prints as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
