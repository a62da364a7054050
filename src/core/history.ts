// Bounded per-member time series. Memory is fixed at construction (capacity × series × members
// seen), so an etcdtop left open for a week uses what it used after an hour. A round in which a
// member did not answer records NaN: a gap the charts leave blank, never a zero that would look
// like an empty database.

export const SERIES_KEYS = ['dbSizeBytes', 'dbSizeInUseBytes', 'raftIndexDrift', 'applyLag', 'healthLatencyMs'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export type SeriesSample = Partial<Record<SeriesKey, number>>;

/** Fixed-size ring of numbers, oldest overwritten first. */
export class Ring {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity).fill(Number.NaN);
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
  }

  get length(): number {
    return this.filled;
  }

  /** The newest `count` values, oldest first (a copy: safe to keep while the ring moves on). */
  last(count: number = this.filled): number[] {
    const n = Math.min(count, this.filled);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.values[(this.next - n + i + this.capacity) % this.capacity] as number;
    }
    return out;
  }

  latest(): number | undefined {
    return this.filled === 0 ? undefined : this.values[(this.next - 1 + this.capacity) % this.capacity];
  }

  /** Makes this ring an exact copy of `other` (same capacity). */
  copyFrom(other: Ring): void {
    this.values.set(other.values);
    this.next = other.next;
    this.filled = other.filled;
  }
}

export class History {
  readonly times: Ring;
  private readonly series = new Map<string, Record<SeriesKey, Ring>>();

  constructor(readonly capacity: number) {
    this.times = new Ring(capacity);
  }

  /** Records one round: every member known so far gets a value or a gap in every series. */
  record(atMs: number, samples: ReadonlyMap<string, SeriesSample>): void {
    for (const memberId of samples.keys()) this.ensure(memberId);
    this.times.push(atMs);
    for (const [memberId, rings] of this.series) {
      const sample = samples.get(memberId);
      for (const key of SERIES_KEYS) rings[key].push(sample?.[key] ?? Number.NaN);
    }
  }

  /**
   * A copy that later rounds leave alone: what a paused screen keeps showing, since the rings
   * themselves move on with every round. Done once per pause, not per round.
   */
  clone(): History {
    const copy = new History(this.capacity);
    copy.times.copyFrom(this.times);
    for (const [memberId, rings] of this.series) {
      const copied = {} as Record<SeriesKey, Ring>;
      for (const key of SERIES_KEYS) {
        copied[key] = new Ring(this.capacity);
        copied[key].copyFrom(rings[key]);
      }
      copy.series.set(memberId, copied);
    }
    return copy;
  }

  /** Newest `count` values of one series, oldest first; empty for a member never seen. */
  seriesOf(memberId: string, key: SeriesKey, count?: number): number[] {
    return this.series.get(memberId)?.[key].last(count) ?? [];
  }

  memberIds(): string[] {
    return [...this.series.keys()];
  }

  private ensure(memberId: string): void {
    if (this.series.has(memberId)) return;
    const rings = {} as Record<SeriesKey, Ring>;
    for (const key of SERIES_KEYS) {
      rings[key] = new Ring(this.capacity);
      // Pad a member that appears later with gaps so every series lines up with `times`.
      for (let i = 0; i < this.times.length; i++) rings[key].push(Number.NaN);
    }
    this.series.set(memberId, rings);
  }
}

/**
 * Growth in bytes per second over the newest `windowSamples` samples of a series, by least
 * squares over the points that are not gaps. undefined when fewer than two points.
 */
export function growthPerSecond(times: number[], values: number[]): number | undefined {
  const points: [number, number][] = [];
  values.forEach((value, i) => {
    const t = times[i];
    if (Number.isFinite(value) && t !== undefined && Number.isFinite(t)) points.push([t / 1000, value]);
  });
  if (points.length < 2) return undefined;
  const meanT = points.reduce((sum, [t]) => sum + t, 0) / points.length;
  const meanV = points.reduce((sum, [, v]) => sum + v, 0) / points.length;
  let num = 0;
  let den = 0;
  for (const [t, v] of points) {
    num += (t - meanT) * (v - meanV);
    den += (t - meanT) ** 2;
  }
  return den === 0 ? undefined : num / den;
}
