// Replay scheduling on a fake clock: rounds appear after their recorded gaps divided by the speed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import type { MonitorEvent } from '../../src/core/monitor-state.js';
import type { CursorItem } from '../../src/record/recording-reader.js';
import { createReplayPlayer, type ReplayPlayerOptions } from '../../src/record/replay-player.js';
import { RecordingLineError } from '../../src/record/recording-codec.js';
import { healthyCluster, TAKEN_AT_MS } from '../helpers/snapshot-factory.js';

const HEADER: CursorItem = { kind: 'header', line: 1, header: { etcdtopRecording: 1, startedAt: '', intervalMs: 1000, endpoints: [] } };

/** Rounds taken at these offsets (ms) from TAKEN_AT_MS. */
function recording(offsetsMs: number[], extra: CursorItem[] = []): CursorItem[] {
  const rounds = offsetsMs.map((offset, i): CursorItem => ({ kind: 'round', line: i + 2, snapshot: { ...healthyCluster(), takenAtMs: TAKEN_AT_MS + offset } }));
  return [HEADER, ...rounds, ...extra];
}

function harness(items: (CursorItem | Error)[], speed = 1, patch: Partial<ReplayPlayerOptions> = {}) {
  const queue = [...items];
  const shownAt: number[] = [];
  const rounds: ClusterSnapshot[] = [];
  const notes: string[] = [];
  const started = Date.now();
  const onDone = vi.fn();
  const player = createReplayPlayer({
    next: () => {
      const item = queue.shift();
      if (item instanceof Error) throw item;
      return item;
    },
    rounds: items.filter((i) => !(i instanceof Error) && i.kind === 'round').length,
    baseIntervalMs: 1000,
    speed,
    dispatch: (event: MonitorEvent) => {
      if (event.type === 'round') {
        shownAt.push(Date.now() - started);
        rounds.push(event.snapshot);
      }
      if (event.type === 'note') notes.push(event.event.message);
    },
    onDone,
    ...patch,
  });
  return { player, shownAt, rounds, notes, onDone };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('replay player', () => {
  it.each([
    [1, [0, 1000, 3000, 3500]],
    [2, [0, 500, 1500, 1750]],
    [0.5, [0, 2000, 6000, 7000]],
  ])('at speed %s shows rounds after the recorded gaps divided by the speed', async (speed, expected) => {
    const h = harness(recording([0, 1000, 3000, 3500]), speed);
    h.player.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.shownAt).toEqual(expected);
  });

  it('ends with the last round on screen and an "end of recording" event, once', async () => {
    const h = harness(recording([0, 1000]));
    h.player.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.notes).toEqual(['end of recording: 2 rounds, 12:00:00–12:00:01 UTC (q quits)']);
    expect(h.player.position()).toMatchObject({ shown: 2, rounds: 2, ended: true, atMs: TAKEN_AT_MS + 1000 });
    expect(h.onDone).toHaveBeenCalledOnce();
    expect(h.player.clockMs()).toBe(TAKEN_AT_MS + 1000);
  });

  it('puts what the operator did in the events, after the round before it, at its own time', async () => {
    const events: MonitorEvent[] = [];
    const [header, first, second] = recording([0, 1000]);
    const defragmented: CursorItem = { kind: 'event', line: 3, event: { atMs: TAKEN_AT_MS + 400, level: 'ok', message: 'defragmented etcd-2 (66fb782b14ae096a): 24 MiB → 9.5 MiB in 0.3s' } };
    const h = harness([header!, first!, defragmented, second!], 1, { dispatch: (event) => events.push(event) });
    h.player.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(events.slice(0, 3).map((event) => event.type)).toEqual(['round', 'note', 'round']);
    expect(events[1]).toEqual({ type: 'note', event: defragmented.kind === 'event' ? defragmented.event : undefined });
  });

  describe('seekBy', () => {
    // Ten rounds a minute apart; the harness's `next` reads from a queue that rewind refills.
    function seekable(offsetsMs: number[]) {
      const items = recording(offsetsMs);
      const queue = [...items];
      const events: MonitorEvent[] = [];
      const player = createReplayPlayer({
        next: () => queue.shift(), rewind: () => queue.splice(0, queue.length, ...items),
        rounds: offsetsMs.length, baseIntervalMs: 1000, speed: 1, dispatch: (event) => events.push(event),
      });
      const shownAt = () => (player.position().atMs ?? 0) - TAKEN_AT_MS;
      return { player, events, shownAt };
    }
    const MINUTES = Array.from({ length: 10 }, (_, i) => i * 60_000);

    it('forward shows every round up to the target at once', async () => {
      const h = seekable(MINUTES);
      h.player.start();
      await vi.advanceTimersByTimeAsync(10);
      h.player.seekBy(3 * 60_000);
      expect(h.shownAt()).toBe(3 * 60_000);
      expect(h.player.position().shown).toBe(4);
      expect(h.events.filter((e) => e.type === 'round')).toHaveLength(4);
    });

    it('back starts from a fresh state and folds the recording again up to the target', async () => {
      const h = seekable(MINUTES);
      h.player.start();
      await vi.advanceTimersByTimeAsync(10);
      h.player.seekBy(5 * 60_000);
      h.events.length = 0;
      h.player.seekBy(-2 * 60_000);
      expect(h.events[0]).toEqual({ type: 'reset' });
      expect(h.events.filter((e) => e.type === 'round')).toHaveLength(4);
      expect(h.shownAt()).toBe(3 * 60_000);
      expect(h.player.position().shown).toBe(4);
    });

    it('goes to a UTC time of day on the day of the round on screen, back or forward', async () => {
      const h = seekable(MINUTES);
      h.player.start();
      await vi.advanceTimersByTimeAsync(10);
      const start = new Date(TAKEN_AT_MS);
      const timeOfDay = (offsetMs: number) => ((start.getUTCHours() * 60 + start.getUTCMinutes()) * 60 + start.getUTCSeconds()) * 1000 + offsetMs;
      h.player.seekToTimeOfDay(timeOfDay(6 * 60_000 + 30_000));
      expect(h.shownAt()).toBe(6 * 60_000);
      h.player.seekToTimeOfDay(timeOfDay(2 * 60_000));
      expect(h.shownAt()).toBe(2 * 60_000);
    });

    it('then plays on from there at the recorded pace', async () => {
      const h = seekable([0, 1000, 2000, 3000]);
      h.player.start();
      await vi.advanceTimersByTimeAsync(10);
      h.player.seekBy(2000);
      expect(h.shownAt()).toBe(2000);
      await vi.advanceTimersByTimeAsync(999);
      expect(h.shownAt()).toBe(2000);
      await vi.advanceTimersByTimeAsync(2);
      expect(h.shownAt()).toBe(3000);
    });
  });

  it('r (pollNow) shows the next round at once; the one after keeps its own gap', async () => {
    const h = harness(recording([0, 5000, 6000]));
    h.player.start();
    await vi.advanceTimersByTimeAsync(100);
    h.player.pollNow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.shownAt).toEqual([0, 100, 1100]);
  });

  it('+ / - (setIntervalMs) change the speed mid-gap, keeping the part already waited', async () => {
    const h = harness(recording([0, 4000, 5000]));
    h.player.start();
    await vi.advanceTimersByTimeAsync(2000); // half of the 4 s gap, at speed 1
    h.player.setIntervalMs(500); // speed 2: the other 2 s of recording take 1 s
    expect(h.player.intervalMs()).toBe(500);
    expect(h.player.position().speed).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.shownAt).toEqual([0, 3000, 3500]);
  });

  it('reports the recorded interval whatever the speed, and steps speed by the interval ratio', () => {
    const h = harness(recording([0, 1000]), 4);
    expect(h.player.intervalMs()).toBe(1000);
    h.player.setIntervalMs(2000);
    expect(h.player.position().speed).toBe(2);
    h.player.setIntervalMs(250);
    expect(h.player.position().speed).toBe(16);
  });

  it('a screen slower than the recording catches up: due rounds are shown together, not late one by one', async () => {
    let renderCostMs = 0;
    // Every round costs 250 ms of (simulated) rendering on top of the fake clock.
    const slow = harness(recording([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]), 1, {
      now: () => Date.now() + renderCostMs,
      dispatch: (event) => {
        if (event.type === 'round') {
          renderCostMs += 250;
          slow.shownAt.push(Date.now());
        }
      },
    });
    slow.player.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(slow.shownAt).toHaveLength(10);
    expect(new Set(slow.shownAt).size).toBeLessThan(4);
  });

  it('skips a gap of more than a minute, and a new session, with an event each', async () => {
    const later = { ...healthyCluster(), takenAtMs: TAKEN_AT_MS + 7_200_000 };
    const h = harness(recording([0, 3_600_000], [HEADER, { kind: 'round', line: 9, snapshot: later }]));
    h.player.start();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.shownAt).toEqual([0, 1000, 2000]);
    expect(h.notes.slice(0, 2)).toEqual(['no round for 1h in the recording: skipped', 'next recording session, from 14:00:00 UTC']);
  });

  it('a line that turns bad during playback stops the replay with an event, not a crash', async () => {
    const h = harness([...recording([0, 1000]), new RecordingLineError(4, 'not valid JSON (Unexpected end of JSON input)')]);
    h.player.start();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.rounds).toHaveLength(2);
    expect(h.notes).toEqual([
      'recording line 4: not valid JSON (Unexpected end of JSON input): replay stops here',
      'end of recording: 2 rounds, 12:00:00–12:00:01 UTC (q quits)',
    ]);
  });

  it('stop() cancels the next round and releases the file', async () => {
    const h = harness(recording([0, 1000, 2000]));
    h.player.start();
    h.player.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(h.shownAt).toEqual([0]);
    expect(h.onDone).toHaveBeenCalledOnce();
    expect(h.player.isRunning()).toBe(false);
  });
});
