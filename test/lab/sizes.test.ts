import { describe, expect, it } from 'vitest';
import { parseRate, parseSize } from '../../src/lab/sizes.js';

describe('parseSize', () => {
  it.each([
    ['16MiB', 16 * 1024 * 1024],
    ['16mib', 16 * 1024 * 1024],
    ['16 MiB', 16 * 1024 * 1024],
    ['16Mi', 16 * 1024 * 1024],
    ['64MB', 64_000_000],
    ['16777216', 16_777_216],
    ['512KiB', 512 * 1024],
    ['200kB', 200_000],
    ['1.5KiB', 1536],
    ['2GiB', 2 * 1024 ** 3],
    ['1GB', 1e9],
    ['10B', 10],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', '16M', '16 megabytes', '-1MiB', '0', '0MiB', '1.5', '0.5B', 'MiB', '16MiB/s', '1e6', '99999999999999999999'])(
    '%j is not a size',
    (text) => {
      expect(parseSize(text)).toBeUndefined();
    },
  );
});

describe('parseRate', () => {
  it.each([
    ['200KiB/s', 200 * 1024],
    ['200KiB', 200 * 1024],
    ['1MB/s', 1_000_000],
    ['1 MiB / s', 1024 * 1024],
    ['1MiB/sec', 1024 * 1024],
  ])('%s is %d bytes per second', (text, rate) => {
    expect(parseRate(text)).toBe(rate);
  });

  it.each(['fast', '1MiB/min', '/s', ''])('%j is not a rate', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });
});
