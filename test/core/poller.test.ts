import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller, type Poller } from '../../src/core/poller.js';

interface Harness {
  poller: Poller;
  /** When each round started, ms after the test began. */
  starts: number[];
  results: number[];
  errors: unknown[];
  /** Highest number of rounds running at the same time. */
  maxConcurrent: () => number;
}

/**
 * A poller whose round `i` takes `durationMs(i)` on the fake clock and, when `fails(i)`, rejects.
 * A round resolves with its own index, so `results` says which rounds were delivered.
 */
function harness(options: { intervalMs: number; durationMs?: (i: number) => number; fails?: (i: number) => boolean; withOnError?: boolean }): Harness {
  const starts: number[] = [];
  const results: number[] = [];
  const errors: unknown[] = [];
  let running = 0;
  let maxRunning = 0;
  const round = async (): Promise<number> => {
    const i = starts.length;
    starts.push(Date.now());
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, options.durationMs?.(i) ?? 0));
    running -= 1;
    if (options.fails?.(i)) throw new Error(`round ${i} failed`);
    return i;
  };
  const poller = createPoller({
    round,
    onResult: (result) => results.push(result),
    ...(options.withOnError === false ? {} : { onError: (error: unknown) => errors.push(error) }),
    intervalMs: options.intervalMs,
  });
  return { poller, starts, results, errors, maxConcurrent: () => maxRunning };
}

/** Moves the fake clock to `ms` after the test began, running every timer and promise on the way. */
async function advanceTo(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms - Date.now());
}

/**
 * Round start times, allowing `slackMs`: a round that follows another at once is scheduled with
 * setTimeout(0), which Node (and the fake clock) runs 1 ms later, so back-to-back rounds drift.
 */
function expectStartsNear(actual: number[], expected: number[], slackMs = 5): void {
  expect(actual, `starts ${JSON.stringify(actual)}`).toHaveLength(expected.length);
  actual.forEach((start, i) => expect(Math.abs(start - (expected[i] ?? Number.NaN)), `start ${i} of ${JSON.stringify(actual)}`).toBeLessThanOrEqual(slackMs));
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createPoller schedule', () => {
  it.each([
    { durationMs: 0, expected: [0, 1000, 2000, 3000, 4000] },
    { durationMs: 300, expected: [0, 1000, 2000, 3000, 4000] },
    { durationMs: 999, expected: [0, 1000, 2000, 3000, 4000] },
    { durationMs: 1000, expected: [0, 1000, 2000, 3000, 4000] },
    { durationMs: 1500, expected: [0, 1500, 3000, 4500] },
    { durationMs: 2500, expected: [0, 2500] },
  ])('a round of $durationMs ms every 1000 ms starts at $expected', async ({ durationMs, expected }) => {
    const h = harness({ intervalMs: 1000, durationMs: () => durationMs });
    h.poller.start();
    await advanceTo(4999);
    expectStartsNear(h.starts, expected);
    expect(h.maxConcurrent()).toBe(1);
  });

  it('never overlaps rounds, however slow and uneven they are', async () => {
    const durations = [3000, 10, 2500, 700, 5000, 1, 1999];
    const h = harness({ intervalMs: 500, durationMs: (i) => durations[i % durations.length] ?? 0 });
    h.poller.start();
    for (let t = 0; t < 60_000; t += 250) {
      if (t % 1750 === 0) h.poller.pollNow();
      await advanceTo(t);
    }
    expect(h.starts.length).toBeGreaterThan(20);
    expect(h.maxConcurrent()).toBe(1);
    // Each round starts no earlier than the previous one ended.
    h.starts.slice(1).forEach((start, i) => {
      const previousEnd = (h.starts[i] ?? 0) + (durations[i % durations.length] ?? 0);
      expect(start).toBeGreaterThanOrEqual(previousEnd);
    });
  });

  it('delivers each round result in order', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    await advanceTo(3500);
    expect(h.results).toEqual([0, 1, 2, 3]);
  });

  it('does nothing until started', async () => {
    const h = harness({ intervalMs: 1000 });
    h.poller.pollNow();
    await advanceTo(5000);
    expect(h.starts).toEqual([]);
    expect(h.poller.isRunning()).toBe(false);
  });

  it('schedules once when start() is called twice', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    h.poller.start();
    await advanceTo(100);
    h.poller.start();
    await advanceTo(3500);
    expect(h.starts).toEqual([0, 1000, 2000, 3000]);
    expect(h.maxConcurrent()).toBe(1);
  });
});

describe('pollNow', () => {
  it('between rounds, runs a round at once and the schedule restarts from it', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    await advanceTo(400);
    h.poller.pollNow();
    await advanceTo(2500);
    expect(h.starts).toEqual([0, 400, 1400, 2400]);
  });

  it('during a round, runs exactly one more right after it, however often it is pressed', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 300 });
    h.poller.start();
    await advanceTo(100);
    h.poller.pollNow();
    h.poller.pollNow();
    await advanceTo(200);
    h.poller.pollNow();
    await advanceTo(1999);
    // Round 0 ends at 300, the requested round runs at once, and the next is due 1 s after it.
    expectStartsNear(h.starts, [0, 300, 1300]);
    expect(h.maxConcurrent()).toBe(1);
  });
});

describe('setIntervalMs', () => {
  it('reports the interval it was given', () => {
    const h = harness({ intervalMs: 1000 });
    h.poller.setIntervalMs(5000);
    expect(h.poller.intervalMs()).toBe(5000);
  });

  it('changed while a round runs: the next round is due the new interval after that round started', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 300 });
    h.poller.start();
    await advanceTo(100);
    h.poller.setIntervalMs(2000);
    await advanceTo(6500);
    expect(h.starts).toEqual([0, 2000, 4000, 6000]);
  });

  it.each([
    { from: 30_000, to: 1000 },
    { from: 1000, to: 5000 },
    { from: 1000, to: 250 },
  ])('changed between rounds from $from to $to: takes effect without waiting out the old interval', async ({ from, to }) => {
    const h = harness({ intervalMs: from, durationMs: () => 10 });
    h.poller.start();
    await advanceTo(100);
    h.poller.setIntervalMs(to);
    await advanceTo(100 + 4 * to + 1);
    const after = h.starts.filter((start) => start > 0);
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(after[0]).toBeLessThanOrEqual(100 + to);
    after.slice(1).forEach((start, i) => expect(start - (after[i] ?? 0)).toBe(to));
  });
});

describe('setIntervalMs between rounds: timed from the last round\'s start, like every round', () => {
  // Changed 600 ms after the round that started at 0 (and ended at 10).
  it.each([
    { from: 1000, to: 5000, expected: [0, 5000, 10_000, 15_000] },
    { from: 1000, to: 2000, expected: [0, 2000, 4000, 6000] },
    { from: 30_000, to: 1000, expected: [0, 1000, 2000, 3000] },
    // Already overdue under the new interval: at once, then every 250 ms from there.
    { from: 1000, to: 250, expected: [0, 600, 850, 1100] },
  ])('$from → $to: rounds start at $expected', async ({ from, to, expected }) => {
    const h = harness({ intervalMs: from, durationMs: () => 10 });
    h.poller.start();
    await advanceTo(600);
    h.poller.setIntervalMs(to);
    await advanceTo(expected.at(-1)! + 1);
    expectStartsNear(h.starts, expected);
  });
});

describe('a failing round', () => {
  it('calls onError with the error and polling goes on: a gap, not a stop', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 50, fails: (i) => i === 1 });
    h.poller.start();
    await advanceTo(3500);
    expect(h.starts).toEqual([0, 1000, 2000, 3000]);
    expect(h.results).toEqual([0, 2, 3]);
    expect(h.errors).toHaveLength(1);
    expect((h.errors[0] as Error).message).toBe('round 1 failed');
  });

  it('goes on polling even without an onError', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 50, fails: (i) => i % 2 === 0, withOnError: false });
    h.poller.start();
    await advanceTo(4500);
    expect(h.starts).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(h.results).toEqual([1, 3]);
  });
});

describe('stop', () => {
  it('stops scheduling rounds', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    await advanceTo(1500);
    h.poller.stop();
    expect(h.poller.isRunning()).toBe(false);
    await advanceTo(20_000);
    expect(h.starts).toEqual([0, 1000]);
  });

  it.each([
    { what: 'resolves', fails: false },
    { what: 'rejects', fails: true },
  ])('drops a round in flight that $what after stop()', async ({ fails }) => {
    const h = harness({ intervalMs: 1000, durationMs: () => 500, fails: (i) => fails && i === 1 });
    h.poller.start();
    await advanceTo(1200);
    h.poller.stop();
    await advanceTo(5000);
    expect(h.starts).toEqual([0, 1000]);
    expect(h.results).toEqual([0]);
    expect(h.errors).toEqual([]);
  });

  it('ignores pollNow and setIntervalMs once stopped', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    await advanceTo(500);
    h.poller.stop();
    h.poller.pollNow();
    h.poller.setIntervalMs(250);
    await advanceTo(5000);
    expect(h.starts).toEqual([0]);
  });

  it('can be started again, on a fresh schedule', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 100 });
    h.poller.start();
    await advanceTo(500);
    h.poller.stop();
    await advanceTo(2200);
    h.poller.start();
    expect(h.poller.isRunning()).toBe(true);
    await advanceTo(4500);
    expect(h.starts).toEqual([0, 2200, 3200, 4200]);
  });

  it('forgets a pollNow asked for before stop(): a restart polls once, then on schedule', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 300 });
    h.poller.start();
    await advanceTo(100);
    h.poller.pollNow();
    h.poller.stop();
    await advanceTo(2000);
    h.poller.start();
    await advanceTo(3500);
    expectStartsNear(h.starts, [0, 2000, 3000]);
  });

  it('restarted while the dropped round is still in flight: still never two rounds at once', async () => {
    const h = harness({ intervalMs: 1000, durationMs: () => 600 });
    h.poller.start();
    await advanceTo(1100);
    h.poller.stop();
    await advanceTo(1200);
    h.poller.start();
    await advanceTo(4000);
    expect(h.maxConcurrent()).toBe(1);
    // Round 1 (1000–1600) is still running at the restart; the restart's round follows it.
    expectStartsNear(h.starts.slice(0, 3), [0, 1000, 1600]);
  });
});
