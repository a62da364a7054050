import { describe, expect, it } from 'vitest';
import { initialMonitorState } from '../../../src/core/monitor-state.js';
import { bannerViewOf, type BannerViewOptions } from '../../../src/core/views/banner-view.js';
import { fixtures, INTERVAL_MS, NOW_MS, type FixtureName } from '../../helpers/monitor-fixtures.js';

// Each fixture replays 60 rounds through the reducer: build them once.
const recorded = {
  healthy: fixtures.healthy(),
  memberDown: fixtures.memberDown(),
  noLeader: fixtures.noLeader(),
  noSpace: fixtures.noSpace(),
};

const options = (patch: Partial<BannerViewOptions> = {}): BannerViewOptions => ({
  width: 100,
  nowMs: NOW_MS,
  intervalMs: INTERVAL_MS,
  paused: false,
  readOnly: false,
  ...patch,
});

describe('bannerViewOf', () => {
  it.each([
    ['healthy', 'OK', 'all 3 members healthy', 0],
    ['memberDown', 'WARNING', '2 of 3 voting members reachable', 1],
    ['noLeader', 'CRITICAL', 'no leader', 0],
    ['noSpace', 'CRITICAL', 'NOSPACE alarm on etcd-1', 2],
    ['drift', 'WARNING', 'etcd-3 (ee098f6d097e6ce5) has 1180 committed', 1],
  ] as const)('%s: %s, headline %j, %i other finding(s)', (name: FixtureName, word, headline, more) => {
    const view = bannerViewOf(fixtures[name](), options());
    expect(view.word).toBe(word);
    expect(view.headline.startsWith(headline)).toBe(true);
    expect(view.moreFindings).toBe(more);
    expect(view.bar.startsWith(` ${word}  `)).toBe(true);
    expect([...view.bar]).toHaveLength(100);
  });

  it('names the cluster, the leader and the poll interval', () => {
    expect(bannerViewOf(recorded.memberDown, options()).meta).toBe(
      ' cluster cdf818194e3a8c32 · leader etcd-1 · 2/3 answering · polling every 1s',
    );
    expect(bannerViewOf(recorded.noLeader, options()).meta).toContain('leader NO LEADER');
  });

  // A frozen member makes every call wait out its deadline: rounds came every 1.5 s while the
  // header said "polling every 1s".
  it.each([
    [1000, 1500, ' · polling every 1s (rounds take 1.5s)'],
    [1000, 12, ' · polling every 1s'],
    [1000, 1150, ' · polling every 1s'],
    [250, 380, ' · polling every 250ms'],
    [250, 1600, ' · polling every 250ms (rounds take 1.6s)'],
  ])('at %ims with rounds taking %ims the header ends %j', (intervalMs, durationMs, ending) => {
    const latest = recorded.healthy.latest!;
    const state = { ...recorded.healthy, latest: { ...latest, durationMs } };
    expect(bannerViewOf(state, options({ intervalMs })).meta.endsWith(ending)).toBe(true);
  });

  it.each([
    [{}, []],
    [{ paused: true }, ['PAUSED']],
    [{ readOnly: true }, ['READ-ONLY']],
    [{ nowMs: NOW_MS + 2 * INTERVAL_MS }, []],
    [{ nowMs: NOW_MS + 2 * INTERVAL_MS + 1 }, ['STALE 2s']],
    [{ paused: true, readOnly: true, nowMs: NOW_MS + 90_000 }, ['PAUSED', 'READ-ONLY', 'STALE 90s']],
  ])('with %j the badges are %j', (patch, badges) => {
    expect(bannerViewOf(recorded.healthy, options(patch)).badges).toEqual(badges);
  });

  it('cuts the headline, never the word or the badges, on a narrow bar', () => {
    const view = bannerViewOf(recorded.noSpace, options({ width: 80, paused: true, readOnly: true, nowMs: NOW_MS + 10_000 }));
    expect([...view.bar]).toHaveLength(80);
    expect(view.bar).toMatch(/^ CRITICAL  NOSPACE alarm on etcd-1.*…  \(\+2 more\)\s+PAUSED  READ-ONLY  STALE 10s $/);
  });

  it('is UNKNOWN before the first round', () => {
    const view = bannerViewOf(initialMonitorState({ historyCapacity: 10 }), options());
    expect(view.word).toBe('UNKNOWN');
    expect(view.headline).toBe('waiting for the first poll round');
    expect(view.badges).toEqual([]);
  });
});
