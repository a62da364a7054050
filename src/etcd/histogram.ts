// Histogram arithmetic on cumulative buckets, with the semantics of PromQL's histogram_quantile
// so a p99 on etcdtop's screen matches the one an operator sees in Grafana for the same data.

import type { HistogramBuckets } from './gateway.js';
import { parseSampleValue, type PrometheusText, type Sample } from './prometheus-text.js';

/** Label values a series must carry to be included, e.g. `{ To: 'a1b2' }`. */
export type LabelFilter = Readonly<Record<string, string>>;

/**
 * The q-quantile (0 ≤ q ≤ 1) of a cumulative histogram, like PromQL's histogram_quantile:
 * linear interpolation inside the bucket (from 0 for the first one); a rank that falls in the
 * +Inf bucket returns the highest finite bound. Where PromQL returns NaN (no observations, no
 * +Inf bucket, fewer than two buckets) this returns undefined: "unknown", never a number.
 */
export function histogramQuantile(q: number, buckets: HistogramBuckets): number | undefined {
  if (Number.isNaN(q)) return undefined;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const { le, counts } = normalise(buckets);
  const last = le.length - 1;
  if (le.length < 2 || le[last] !== Infinity) return undefined;
  const observations = counts[last]!;
  if (!(observations > 0)) return undefined;
  let rank = q * observations;
  // Like PromQL, only finite buckets are searched: not found means "in the +Inf bucket".
  let b = counts.findIndex((count, i) => i < last && count >= rank);
  if (b === -1) b = last;
  if (b === last) return le[last - 1];
  if (b === 0 && le[0]! <= 0) return le[0];
  const bucketEnd = le[b]!;
  let bucketStart = 0;
  let inBucket = counts[b]!;
  if (b > 0) {
    bucketStart = le[b - 1]!;
    inBucket -= counts[b - 1]!;
    rank -= counts[b - 1]!;
  }
  const quantile = bucketStart + (bucketEnd - bucketStart) * (rank / inBucket);
  return Number.isNaN(quantile) ? undefined : quantile;
}

/**
 * Sorts by bound, merges equal bounds and forces counts to be non-decreasing, as PromQL does:
 * buckets summed from series scraped at slightly different moments can dip by a few counts.
 */
function normalise(buckets: HistogramBuckets): HistogramBuckets {
  const pairs = buckets.le.map((bound, i) => ({ bound, count: buckets.counts[i] ?? 0 }));
  pairs.sort((a, b) => a.bound - b.bound);
  const le: number[] = [];
  const counts: number[] = [];
  for (const { bound, count } of pairs) {
    if (le.length > 0 && le[le.length - 1] === bound) counts[counts.length - 1]! += count;
    else {
      le.push(bound);
      counts.push(count);
    }
  }
  for (let i = 1; i < counts.length; i++) counts[i] = Math.max(counts[i]!, counts[i - 1]!);
  return { le, counts };
}

/**
 * Buckets of histogram `name` (without `_bucket`), summed over every series that matches
 * `filter`, like `sum by (le)`. Undefined when there is no such series or no +Inf bucket.
 */
export function histogramBuckets(
  parsed: PrometheusText,
  name: string,
  filter: LabelFilter = {},
): HistogramBuckets | undefined {
  const countsByBound = new Map<number, number>();
  for (const sample of parsed.samples.get(`${name}_bucket`) ?? []) {
    const bound = parseSampleValue(sample.labels['le'] ?? '');
    if (bound === undefined || Number.isNaN(bound) || !matches(sample, filter)) continue;
    countsByBound.set(bound, (countsByBound.get(bound) ?? 0) + sample.value);
  }
  if (!countsByBound.has(Infinity)) return undefined;
  const le = [...countsByBound.keys()].sort((a, b) => a - b);
  return { le, counts: le.map((bound) => countsByBound.get(bound)!) };
}

/** One HistogramBuckets per value of `label` (e.g. per peer for `To`), each summed over the rest. */
export function histogramBucketsByLabel(
  parsed: PrometheusText,
  name: string,
  label: string,
): Map<string, HistogramBuckets> {
  const values = new Set<string>();
  for (const sample of parsed.samples.get(`${name}_bucket`) ?? []) {
    const value = sample.labels[label];
    if (value !== undefined) values.add(value);
  }
  const byValue = new Map<string, HistogramBuckets>();
  for (const value of values) {
    const buckets = histogramBuckets(parsed, name, { [label]: value });
    if (buckets) byValue.set(value, buckets);
  }
  return byValue;
}

/**
 * Observations made between two scrapes of the same histogram, for a p99 over that window.
 * When any count went down the member restarted (counter reset) and `later` alone is the
 * window, as PromQL's rate() assumes; when the bucket layout changed we cannot subtract either.
 */
export function subtractBuckets(later: HistogramBuckets, earlier: HistogramBuckets): HistogramBuckets {
  const sameLayout =
    later.le.length === earlier.le.length && later.le.every((bound, i) => bound === earlier.le[i]);
  if (!sameLayout) return later;
  const counts = later.counts.map((count, i) => count - (earlier.counts[i] ?? 0));
  if (counts.some((delta) => delta < 0)) return later;
  return { le: [...later.le], counts };
}

function matches(sample: Sample, filter: LabelFilter): boolean {
  return Object.entries(filter).every(([key, value]) => sample.labels[key] === value);
}
