import { describe, expect, it } from 'vitest';
import { onSameUtcDay, parseTimeOfDay } from '../../src/core/time-of-day.js';

describe('parseTimeOfDay', () => {
  it.each([
    ['12:03', (12 * 60 + 3) * 60_000],
    ['12:03:30', ((12 * 60 + 3) * 60 + 30) * 1000],
    [' 9:05 ', (9 * 60 + 5) * 60_000],
    ['00:00:00', 0],
    ['23:59:59', ((23 * 60 + 59) * 60 + 59) * 1000],
    ['24:00', undefined],
    ['12:60', undefined],
    ['12', undefined],
    ['noon', undefined],
    ['', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseTimeOfDay(text)).toBe(expected);
  });
});

describe('onSameUtcDay', () => {
  it('puts a time of day on the UTC day of another instant', () => {
    expect(onSameUtcDay(Date.parse('2026-11-21T16:37:15.784Z'), 12 * 3_600_000)).toBe(Date.parse('2026-11-21T12:00:00.000Z'));
  });
});
