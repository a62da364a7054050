import { describe, expect, it } from 'vitest';
import { initialMonitorState, reduceMonitor } from '../../../src/core/monitor-state.js';
import { figure, formatFigure, latencyViewOf, levelWord } from '../../../src/core/views/latency-view.js';
import { latencyFixtures } from '../../helpers/latency-fixtures.js';
import { fixtures } from '../../helpers/monitor-fixtures.js';
import { healthyCluster, withMetrics } from '../../helpers/snapshot-factory.js';

describe('latencyViewOf', () => {
  it('slowDisk: p99s over the last minute show what a since-start p99 hides', () => {
    const view = latencyViewOf(latencyFixtures.slowDisk());
    expect(view.label).toBe('p99 over last 1m');
    const [etcd1, etcd2, etcd3] = view.members;
    expect(etcd1!.walFsync.level).toBe('ok');
    // The window starts at the sample from round 20: rounds 21–29 fast, 30–89 slow, so the p99's
    // rank falls (6831 − 900) / 6000 = 0.9885 into the slow bucket (32–64 ms fsync, 16–32 ms
    // commit, 51.2–102.4 ms peer round trip).
    expect(etcd2!.walFsync).toEqual({ ms: expect.closeTo(32 * 1.9885, 6), level: 'bad' });
    expect(etcd2!.backendCommit).toEqual({ ms: expect.closeTo(16 * 1.9885, 6), level: 'warn' });
    expect(etcd3!.peerRoundTrip).toEqual({ ms: expect.closeTo(51.2 * 1.9885, 6), level: 'warn' });
    expect(etcd3!.windowed && etcd2!.windowed).toBe(true);
    expect(etcd2).toMatchObject({ proposalsFailedTotal: 10, proposalsFailedThisSession: 5, proposalsPending: 7 });
  });

  it('slowDiskEarly: before a sample is a minute old, p99s are since start, and the slow disk drowns in the past', () => {
    const view = latencyViewOf(latencyFixtures.slowDiskEarly());
    expect(view.label).toBe('p99 since start');
    expect(view.members.every((m) => !m.windowed)).toBe(true);
    expect(view.members[1]!.walFsync.level).toBe('ok');
  });

  it('a member whose scrape fails shows unknown figures, never zero', () => {
    const etcd2 = latencyViewOf(latencyFixtures.slowDiskMemberDown()).members[1]!;
    expect([etcd2.walFsync, etcd2.backendCommit, etcd2.peerRoundTrip]).toEqual([{ level: 'unknown' }, { level: 'unknown' }, { level: 'unknown' }]);
    expect(etcd2.proposalsFailedTotal).toBeUndefined();
    expect(formatFigure(etcd2.walFsync)).toBe('?');
  });

  it('a member that wrote nothing in the window is idle, not unknown', () => {
    const etcd3 = latencyViewOf(latencyFixtures.idle()).members[2]!;
    expect(etcd3.walFsync).toEqual({ level: 'idle' });
    expect(formatFigure(etcd3.walFsync)).toBe('idle');
  });

  it('the recorded fixtures (no histograms) use the p99s the scrape computed, since start', () => {
    const view = latencyViewOf(fixtures.healthy());
    expect(view).toMatchObject({ basis: 'since-start', title: ' Latency · p99 since start ' });
    expect(view.members[0]!.walFsync).toEqual({ ms: 4, level: 'ok' });
  });

  it('marks the members whose p99s cover a different span from the others', () => {
    const base = latencyFixtures.slowDisk();
    const last = base.latest!;
    // One more round in which etcd-3's scrape carries no histograms (an older etcdtop gateway, say).
    const snapshot = { ...withMetrics(last, 2, { latencyHistograms: undefined }), takenAtMs: last.takenAtMs + 1000 };
    const state = reduceMonitor(base, { type: 'round', snapshot });
    const view = latencyViewOf(state);
    expect(view.basis).toBe('mixed');
    expect(view.label).toBe('p99 over last 1m (* since start)');
    expect(view.members.map((m) => m.windowed)).toEqual([true, true, false]);
  });

  it.each([
    { thresholds: {}, expected: { walFsyncWarnMs: 10, walFsyncBadMs: 25, backendCommitWarnMs: 25, peerRoundTripWarnMs: 50 } },
    // BAD never below WARN, nor above the verdict's critical level.
    { thresholds: { walFsyncWarnMs: 40 }, expected: { walFsyncWarnMs: 40, walFsyncBadMs: 40 } },
    { thresholds: { walFsyncCriticalMs: 20 }, expected: { walFsyncWarnMs: 10, walFsyncBadMs: 20 } },
  ])('limits from thresholds $thresholds', ({ thresholds, expected }) => {
    let state = initialMonitorState({ historyCapacity: 10, thresholds });
    state = reduceMonitor(state, { type: 'round', snapshot: healthyCluster() });
    expect(latencyViewOf(state).limits).toMatchObject(expected);
  });
});

describe('judging a p99', () => {
  it.each([
    { seconds: 0.004, idle: false, warnMs: 10, badMs: 25, level: 'ok', word: 'ok' },
    // "Strictly more than", as the verdict and the runbooks' alert rules.
    { seconds: 0.01, idle: false, warnMs: 10, badMs: 25, level: 'ok', word: 'ok' },
    { seconds: 0.0101, idle: false, warnMs: 10, badMs: 25, level: 'warn', word: 'WARN' },
    { seconds: 0.026, idle: false, warnMs: 10, badMs: 25, level: 'bad', word: 'BAD' },
    { seconds: 0.9, idle: false, warnMs: 50, badMs: Infinity, level: 'warn', word: 'WARN' },
    { seconds: undefined, idle: false, warnMs: 10, badMs: 25, level: 'unknown', word: '' },
    { seconds: undefined, idle: true, warnMs: 10, badMs: 25, level: 'idle', word: '' },
  ] as const)('$seconds s against $warnMs/$badMs ms → $level', ({ seconds, idle, warnMs, badMs, level, word }) => {
    const judged = figure(seconds, idle, warnMs, badMs);
    expect(judged.level).toBe(level);
    expect(levelWord(judged.level)).toBe(word);
  });
});
