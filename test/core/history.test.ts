import { describe, expect, it } from 'vitest';
import { growthPerSecond, History, Ring, SERIES_KEYS, type SeriesSample } from '../../src/core/history.js';

function ringOf(capacity: number, values: number[]): Ring {
  const ring = new Ring(capacity);
  for (const value of values) ring.push(value);
  return ring;
}

describe('Ring', () => {
  it.each([
    { pushed: [], expected: [] },
    { pushed: [1], expected: [1] },
    { pushed: [1, 2, 3], expected: [1, 2, 3] },
    { pushed: [1, 2, 3, 4], expected: [1, 2, 3, 4] },
    { pushed: [1, 2, 3, 4, 5], expected: [2, 3, 4, 5] },
    { pushed: [1, 2, 3, 4, 5, 6, 7, 8, 9], expected: [6, 7, 8, 9] },
  ])('capacity 4, pushed $pushed → last() is $expected, oldest first', ({ pushed, expected }) => {
    const ring = ringOf(4, pushed);
    expect(ring.last()).toEqual(expected);
    expect(ring.length).toBe(expected.length);
  });

  it.each([
    { count: 0, expected: [] },
    { count: 1, expected: [9] },
    { count: 3, expected: [7, 8, 9] },
    { count: 4, expected: [6, 7, 8, 9] },
    { count: 100, expected: [6, 7, 8, 9] },
  ])('last($count) of a wrapped ring is the newest $count, oldest first', ({ count, expected }) => {
    expect(ringOf(4, [1, 2, 3, 4, 5, 6, 7, 8, 9]).last(count)).toEqual(expected);
  });

  it('last(n) before the ring is full gives only what was pushed', () => {
    expect(ringOf(10, [5, 6]).last(5)).toEqual([5, 6]);
  });

  it('keeps gaps as NaN', () => {
    expect(ringOf(3, [1, Number.NaN, 3]).last()).toEqual([1, Number.NaN, 3]);
  });

  it('latest() is the newest value, undefined when empty', () => {
    expect(new Ring(3).latest()).toBeUndefined();
    expect(ringOf(3, [1, 2, 3, 4]).latest()).toBe(4);
  });

  it('last() returns a copy that does not move with the ring', () => {
    const ring = ringOf(3, [1, 2, 3]);
    const seen = ring.last();
    ring.push(4);
    expect(seen).toEqual([1, 2, 3]);
    expect(ring.last()).toEqual([2, 3, 4]);
  });

  it('stays at its capacity after 10× capacity pushes', () => {
    const capacity = 60;
    const ring = new Ring(capacity);
    for (let i = 0; i < 10 * capacity; i++) ring.push(i);
    expect(ring.length).toBe(capacity);
    expect(ring.last(1000)).toHaveLength(capacity);
    expect(ring.last()).toEqual(Array.from({ length: capacity }, (_, i) => 9 * capacity + i));
  });
});

describe('History', () => {
  const sample = (dbSizeBytes: number): SeriesSample => ({ dbSizeBytes });

  it('records a value per member and series, aligned with times', () => {
    const history = new History(10);
    history.record(1000, new Map([['a', { dbSizeBytes: 1, raftIndexDrift: 0 }]]));
    history.record(2000, new Map([['a', { dbSizeBytes: 2, raftIndexDrift: 5 }]]));
    expect(history.times.last()).toEqual([1000, 2000]);
    expect(history.seriesOf('a', 'dbSizeBytes')).toEqual([1, 2]);
    expect(history.seriesOf('a', 'raftIndexDrift')).toEqual([0, 5]);
    expect(history.seriesOf('a', 'healthLatencyMs')).toEqual([Number.NaN, Number.NaN]);
  });

  it('records a gap (NaN, never 0) for a member missing from a round', () => {
    const history = new History(10);
    history.record(1000, new Map([['a', sample(10)], ['b', sample(20)]]));
    history.record(2000, new Map([['a', sample(11)]]));
    history.record(3000, new Map([['a', sample(12)], ['b', sample(22)]]));
    expect(history.seriesOf('b', 'dbSizeBytes')).toEqual([20, Number.NaN, 22]);
  });

  it('pads a member that appears later with gaps, so its series lines up with times', () => {
    const history = new History(10);
    history.record(1000, new Map([['a', sample(10)]]));
    history.record(2000, new Map([['a', sample(11)]]));
    history.record(3000, new Map([['a', sample(12)], ['late', sample(99)]]));
    expect(history.seriesOf('late', 'dbSizeBytes')).toEqual([Number.NaN, Number.NaN, 99]);
    for (const key of SERIES_KEYS) expect(history.seriesOf('late', key)).toHaveLength(history.times.length);
    expect(history.memberIds()).toEqual(['a', 'late']);
  });

  it('pads a late member correctly after the rings have wrapped', () => {
    const history = new History(3);
    for (let t = 1; t <= 5; t++) history.record(t * 1000, new Map([['a', sample(t)]]));
    history.record(6000, new Map([['a', sample(6)], ['late', sample(60)]]));
    expect(history.times.last()).toEqual([4000, 5000, 6000]);
    expect(history.seriesOf('late', 'dbSizeBytes')).toEqual([Number.NaN, Number.NaN, 60]);
    expect(history.seriesOf('a', 'dbSizeBytes')).toEqual([4, 5, 6]);
  });

  it('gives an empty series for a member never seen', () => {
    expect(new History(5).seriesOf('nobody', 'dbSizeBytes')).toEqual([]);
  });

  it('seriesOf(count) gives the newest count values', () => {
    const history = new History(10);
    for (let t = 1; t <= 6; t++) history.record(t, new Map([['a', sample(t)]]));
    expect(history.seriesOf('a', 'dbSizeBytes', 2)).toEqual([5, 6]);
  });

  it('does not grow after capacity: 10× capacity rounds leave every ring at capacity', () => {
    const capacity = 50;
    const history = new History(capacity);
    for (let i = 0; i < 10 * capacity; i++) {
      history.record(i * 1000, new Map([['a', sample(i)], ['b', sample(-i)]]));
    }
    expect(history.times.length).toBe(capacity);
    for (const member of ['a', 'b']) {
      for (const key of SERIES_KEYS) expect(history.seriesOf(member, key, 10 * capacity)).toHaveLength(capacity);
    }
    expect(history.seriesOf('a', 'dbSizeBytes', 3)).toEqual([497, 498, 499]);
    expect(history.memberIds()).toEqual(['a', 'b']);
  });
});

describe('growthPerSecond', () => {
  it.each([
    { case: 'a straight line, 10 bytes/s', times: [0, 1000, 2000], values: [0, 10, 20], expected: 10 },
    { case: 'shrinking', times: [0, 1000, 2000], values: [300, 200, 100], expected: -100 },
    { case: 'flat', times: [0, 1000, 2000, 3000], values: [7, 7, 7, 7], expected: 0 },
    // mean t 1.5 s, mean v 17.5; Σ(dt·dv) = 26.25 + 3.75 + 6.25 + 18.75 = 55; Σdt² = 5 → 11.
    { case: 'least squares over noisy points', times: [0, 1000, 2000, 3000], values: [0, 10, 30, 30], expected: 11 },
    { case: 'two points, 2 s apart', times: [5000, 7000], values: [1000, 2000], expected: 500 },
    { case: 'uneven spacing', times: [0, 500, 2000], values: [0, 50, 200], expected: 100 },
    { case: 'gaps ignored', times: [0, 1000, 2000, 3000], values: [0, Number.NaN, 20, Number.NaN], expected: 10 },
    { case: 'a gap in times ignored', times: [0, Number.NaN, 2000], values: [0, 999, 20], expected: 10 },
    { case: 'values without a time ignored', times: [0, 1000], values: [0, 10, 1e9], expected: 10 },
  ])('$case → $expected', ({ times, values, expected }) => {
    expect(growthPerSecond(times, values)).toBeCloseTo(expected, 9);
  });

  it.each([
    { case: 'no points', times: [], values: [] },
    { case: 'one point', times: [0], values: [5] },
    { case: 'one point left after gaps', times: [0, 1000, 2000], values: [Number.NaN, 5, Number.NaN] },
    { case: 'only gaps', times: [0, 1000], values: [Number.NaN, Number.NaN] },
    { case: 'all at one instant', times: [1000, 1000], values: [1, 2] },
  ])('$case → undefined', ({ times, values }) => {
    expect(growthPerSecond(times, values)).toBeUndefined();
  });
});
