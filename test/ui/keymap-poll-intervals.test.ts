import { describe, expect, it } from 'vitest';
import { nextInterval, POLL_INTERVALS_MS } from '../../src/ui/poll-intervals.js';

describe('nextInterval', () => {
  it.each([
    { currentMs: 250, direction: 1, expected: 500 },
    { currentMs: 1000, direction: 1, expected: 2000 },
    { currentMs: 10_000, direction: 1, expected: 30_000 },
    { currentMs: 30_000, direction: 1, expected: 30_000 },
    { currentMs: 1000, direction: -1, expected: 500 },
    { currentMs: 500, direction: -1, expected: 250 },
    { currentMs: 250, direction: -1, expected: 250 },
    // Off the list (e.g. --interval 1.5s): the neighbouring step in that direction.
    { currentMs: 1500, direction: 1, expected: 2000 },
    { currentMs: 1500, direction: -1, expected: 1000 },
    { currentMs: 100, direction: -1, expected: 250 },
    { currentMs: 100, direction: 1, expected: 250 },
    { currentMs: 60_000, direction: -1, expected: 30_000 },
  ] as const)('$currentMs ms, $direction → $expected ms', ({ currentMs, direction, expected }) => {
    expect(nextInterval(currentMs, direction)).toBe(expected);
  });

  it('walks the whole list up and back down', () => {
    const up = [POLL_INTERVALS_MS[0] as number];
    for (let i = 0; i < POLL_INTERVALS_MS.length + 2; i++) up.push(nextInterval(up.at(-1) ?? 0, 1));
    expect([...new Set(up)]).toEqual([...POLL_INTERVALS_MS]);
    const down = [POLL_INTERVALS_MS.at(-1) as number];
    for (let i = 0; i < POLL_INTERVALS_MS.length + 2; i++) down.push(nextInterval(down.at(-1) ?? 0, -1));
    expect([...new Set(down)]).toEqual([...POLL_INTERVALS_MS].reverse());
  });

  it('lists intervals in ascending order', () => {
    expect([...POLL_INTERVALS_MS]).toEqual([...POLL_INTERVALS_MS].sort((a, b) => a - b));
  });
});
