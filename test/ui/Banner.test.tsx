import { describe, expect, it } from 'vitest';
import { bannerViewOf } from '../../src/core/views/banner-view.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { Banner } from '../../src/ui/panes/Banner.js';
import { ThemeContext, createTheme } from '../../src/ui/theme.js';
import { INTERVAL_MS, NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { areaOf, CASES, fixture } from './frame-cases.js';

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['OK', 'all 3 members healthy', 'leader etcd-1'],
  memberDown: ['WARNING', '2 of 3 voting members', '(+1 more)'],
  noLeader: ['CRITICAL', 'no leader', 'leader NO LEADER'],
  noSpace: ['CRITICAL', 'NOSPACE alarm on etcd-1', '(+2 more)'],
  drift: ['WARNING', 'etcd-3', '(+1 more)'],
};

interface Flags {
  paused?: boolean;
  readOnly?: boolean;
  nowMs?: number;
}

function banner(state: MonitorState, width: number, height: number, flags: Flags = {}) {
  const view = bannerViewOf(state, {
    width,
    nowMs: flags.nowMs ?? NOW_MS,
    intervalMs: INTERVAL_MS,
    paused: flags.paused ?? false,
    readOnly: flags.readOnly ?? false,
  });
  return <Banner view={view} width={width} height={height} />;
}

describe('Banner', () => {
  it.each(CASES)('%s at %ix%i: verdict word, headline, meta, inside its area', (name, columns, rows) => {
    const state = fixture(name);
    const { width, height } = areaOf(state, 'banner', columns, rows);
    const frame = renderAtSize(banner(state, width, height), columns, rows);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(frame).toContain('cluster cdf818194e3a8c32');
    expect(frame).toContain('polling every 1s');
    expect(frame).not.toMatch(/PAUSED|READ-ONLY|STALE/);
    expect(widestLine(frame)).toBeLessThanOrEqual(columns);
    expect(frameLines(frame).length).toBeLessThanOrEqual(height);
  });

  it.each([80, 120])('keeps PAUSED, READ-ONLY and STALE on the bar at %i columns, the headline gives way', (width) => {
    const frame = renderAtSize(banner(fixture('noSpace'), width, 2, { paused: true, readOnly: true, nowMs: NOW_MS + 5000 }), width, 24);
    const bar = frameLines(frame)[0] ?? '';
    expect(bar).toMatch(/^ CRITICAL /);
    expect(bar).toContain('PAUSED');
    expect(bar).toContain('READ-ONLY');
    expect(bar).toContain('STALE 5s');
    expect(widestLine(frame)).toBeLessThanOrEqual(width);
  });

  it('says the words with colour on too', () => {
    const frame = renderAtSize(
      <ThemeContext.Provider value={createTheme(true)}>{banner(fixture('noLeader'), 120, 4)}</ThemeContext.Provider>,
      120,
      40,
    );
    expect(frame).toContain('CRITICAL');
    expect(frameLines(frame)).toHaveLength(4);
  });

  it.each([80, 120])('matches the recorded frame at %i columns (NOSPACE)', (width) => {
    expect(renderAtSize(banner(fixture('noSpace'), width, width >= 120 ? 4 : 2, { paused: true }), width, 40)).toMatchSnapshot();
  });
});
