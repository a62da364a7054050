import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatBytesIEC, formatDurationMs, formatPercent } from '../../src/core/format.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('formatBytes: binary units everywhere, as go-humanize IBytes prints them', () => {
  it.each([
    [0, '0 B'],
    [9, '9 B'],
    [10, '10 B'],
    [1000, '1000 B'],
    [1024, '1.0 KiB'],
    [20_480, '20 KiB'],
    [21_500, '21 KiB'],
    [25_000, '24 KiB'],
    [1_600_000, '1.5 MiB'],
    // The NOSPACE: a 16.7 MB file against a 16 MiB quota read "17 MB" beside "16 MiB".
    [16_736_256, '16 MiB'],
    [99_940_000, '95 MiB'],
    [100 * 1024 ** 2, '100 MiB'],
    [2 * 1024 ** 3, '2.0 GiB'],
    [8 * 1024 ** 3, '8.0 GiB'],
    [1.5e15, '1.3 PiB'],
    [-25_000, '-24 KiB'],
    [Number.NaN, '?'],
  ])('%d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
    expect(formatBytesIEC(bytes)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0, undefined, '0.0%'],
    [4.25, undefined, '4.3%'],
    [80, undefined, '80.0%'],
    [62.4, 0, '62%'],
    [100, 1, '100.0%'],
    [Number.POSITIVE_INFINITY, undefined, '?'],
  ])('%d (digits %s) → %s', (percent, digits, expected) => {
    expect(formatPercent(percent, digits)).toBe(expected);
  });
});

describe('formatDurationMs', () => {
  it.each([
    [0, '0ms'],
    [0.42, '0.4ms'],
    [3.837182, '3.8ms'],
    [9.96, '10ms'],
    [340, '340ms'],
    [999.4, '999ms'],
    [999.6, '1s'],
    [1500, '1.5s'],
    [2000, '2s'],
    [9960, '10s'],
    [42 * SECOND, '42s'],
    [2 * MINUTE + 10 * SECOND, '2m10s'],
    [5 * MINUTE, '5m'],
    [HOUR + 5 * MINUTE, '1h5m'],
    [30 * HOUR, '30h'],
    [-1500, '-1.5s'],
  ])('%d → %s', (ms, expected) => {
    expect(formatDurationMs(ms)).toBe(expected);
  });
});

describe('formatAge: as kubectl AGE', () => {
  it.each([
    [-5 * SECOND, '0s'],
    [0, '0s'],
    [42 * SECOND, '42s'],
    [119 * SECOND, '119s'],
    [5 * MINUTE + 10 * SECOND, '5m10s'],
    [5 * MINUTE, '5m'],
    [20 * MINUTE + 30 * SECOND, '20m'],
    [179 * MINUTE, '179m'],
    [3 * HOUR + 20 * MINUTE, '3h20m'],
    [5 * HOUR, '5h'],
    [30 * HOUR, '30h'],
    [3 * DAY + 4 * HOUR, '3d4h'],
    [45 * DAY, '45d'],
    [2 * 365 * DAY + 10 * DAY, '2y10d'],
    [9 * 365 * DAY, '9y'],
  ])('%d → %s', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});
