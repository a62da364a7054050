import { describe, expect, it } from 'vitest';
import type { HistogramBuckets } from '../../src/etcd/gateway.js';
import {
  histogramBuckets,
  histogramBucketsByLabel,
  histogramQuantile,
  subtractBuckets,
} from '../../src/etcd/histogram.js';
import { parsePrometheusText } from '../../src/etcd/prometheus-text.js';

const h = (le: number[], counts: number[]): HistogramBuckets => ({ le, counts });
// 100 observations: 10 ≤ 0.1s, 50 ≤ 0.2s, 90 ≤ 0.4s, 100 ≤ 0.8s.
const hundred = h([0.1, 0.2, 0.4, 0.8, Infinity], [10, 50, 90, 100, 100]);

describe('histogramQuantile', () => {
  it.each([
    // rank 50 lands on the 0.2 bound exactly.
    ['median', 0.5, hundred, 0.2],
    // rank 99: bucket (0.4, 0.8], 9 of its 10 → 0.4 + 0.4 × 9/10.
    ['p99', 0.99, hundred, 0.76],
    // rank 5: first bucket interpolates from 0 → 0.1 × 5/10.
    ['p05 from zero', 0.05, hundred, 0.05],
    // rank 70: bucket (0.2, 0.4], 20 of its 40 → 0.3.
    ['p70', 0.7, hundred, 0.3],
    ['q = 1', 1, hundred, 0.8],
    // 5 of 10 observations only in +Inf: the highest finite bound.
    ['in +Inf bucket', 0.99, h([0.5, 1, Infinity], [1, 5, 10]), 1],
    ['first bound ≤ 0', 0.1, h([-1, 0, Infinity], [5, 8, 10]), -1],
    // Buckets out of order and a count that dips are normalised first, as PromQL does.
    ['unsorted', 0.5, h([Infinity, 0.2, 0.1], [4, 4, 0]), 0.15],
    ['non-monotonic', 0.75, h([0.1, 0.2, 0.4, Infinity], [2, 1, 4, 4]), 0.3],
    // etcd 3.4.23 fixture, WAL fsync: 300 ≤ 1ms, 305 ≤ 2ms, 306 total; rank 302.94 → 1ms + 1ms × 2.94/5.
    ['etcd wal fsync', 0.99, h([0.001, 0.002, 0.004, Infinity], [300, 305, 306, 306]), 0.001588],
  ])('%s', (_name, q, buckets, expected) => {
    expect(histogramQuantile(q, buckets)).toBeCloseTo(expected, 9);
  });

  it.each([
    ['zero observations', 0.99, h([0.1, Infinity], [0, 0])],
    ['no +Inf bucket', 0.99, h([0.1, 0.2], [1, 2])],
    ['only +Inf', 0.99, h([Infinity], [3])],
    ['empty', 0.99, h([], [])],
    ['q is NaN', NaN, hundred],
  ])('%s → undefined', (_name, q, buckets) => {
    expect(histogramQuantile(q, buckets)).toBeUndefined();
  });

  it('returns ±Infinity for q outside [0, 1], like PromQL', () => {
    expect(histogramQuantile(-0.1, hundred)).toBe(-Infinity);
    expect(histogramQuantile(1.1, hundred)).toBe(Infinity);
  });
});

describe('histogramBuckets', () => {
  const parsed = parsePrometheusText(
    [
      'lat_bucket{op="get",le="0.1"} 1',
      'lat_bucket{op="get",le="+Inf"} 2',
      'lat_bucket{op="put",le="0.1"} 10',
      'lat_bucket{op="put",le="+Inf"} 20',
      'lat_bucket{op="put",le="oops"} 99',
      'noinf_bucket{le="0.1"} 1',
    ].join('\n'),
  );

  it('sums every series, like sum by (le)', () => {
    expect(histogramBuckets(parsed, 'lat')).toEqual(h([0.1, Infinity], [11, 22]));
  });

  it('keeps only series that match the label filter', () => {
    expect(histogramBuckets(parsed, 'lat', { op: 'put' })).toEqual(h([0.1, Infinity], [10, 20]));
  });

  it('is undefined for an absent histogram or one without +Inf', () => {
    expect(histogramBuckets(parsed, 'absent')).toBeUndefined();
    expect(histogramBuckets(parsed, 'noinf')).toBeUndefined();
    expect(histogramBuckets(parsed, 'lat', { op: 'delete' })).toBeUndefined();
  });

  it('splits by a label', () => {
    const byOp = histogramBucketsByLabel(parsed, 'lat', 'op');
    expect([...byOp.keys()]).toEqual(['get', 'put']);
    expect(byOp.get('get')).toEqual(h([0.1, Infinity], [1, 2]));
  });
});

describe('subtractBuckets', () => {
  const earlier = h([0.1, 0.2, Infinity], [100, 150, 160]);

  it('keeps only the observations made in the window', () => {
    const later = h([0.1, 0.2, Infinity], [100, 150, 170]);
    const window = subtractBuckets(later, earlier);
    expect(window).toEqual(h([0.1, 0.2, Infinity], [0, 0, 10]));
    // The lifetime p99 hides the 10 slow ones; the window's p99 shows them.
    expect(histogramQuantile(0.99, later)).toBeCloseTo(0.2, 9);
    expect(histogramQuantile(0.99, window)).toBe(0.2);
  });

  it('windowed p99 inside a finite bucket', () => {
    const later = h([0.1, 0.2, Infinity], [110, 250, 260]);
    // Window: 10 ≤ 0.1, 100 ≤ 0.2; rank 99 → 0.1 + 0.1 × 89/90.
    expect(histogramQuantile(0.99, subtractBuckets(later, earlier))).toBeCloseTo(0.1 + (0.1 * 89) / 90, 12);
  });

  it('uses later alone after a counter reset (member restarted)', () => {
    const later = h([0.1, 0.2, Infinity], [3, 4, 5]);
    expect(subtractBuckets(later, earlier)).toBe(later);
  });

  it('uses later alone when the bucket layout changed', () => {
    const later = h([0.1, 0.4, Infinity], [200, 300, 400]);
    expect(subtractBuckets(later, earlier)).toBe(later);
  });
});
