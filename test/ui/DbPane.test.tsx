import { describe, expect, it } from 'vitest';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { dbViewOf, type DbView } from '../../src/core/views/db-view.js';
import { dbPaneLines } from '../../src/ui/panes/db-pane-lines.js';
import { layoutFor } from '../../src/ui/layout.js';
import { DbPane } from '../../src/ui/panes/DbPane.js';
import { inkFrame, lineWidths } from '../helpers/ink-frame.js';
import { fixtures, NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';

const states = new Map<FixtureName, MonitorState>();
const stateOf = (name: FixtureName): MonitorState => states.get(name) ?? states.set(name, fixtures[name]()).get(name)!;
const frameOf = (name: FixtureName, width: number, height: number): string =>
  inkFrame(<DbPane view={dbViewOf(stateOf(name), width, NOW_MS)} width={width} height={height} />);

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['DB · quota 2.0 GiB', 'etcd-1', 'etcd-3', '1.4%', 'frag 21%', 'NOSPACE in ~8h at +3.8 MiB/min'],
  memberDown: ['etcd-2', 'DOWN', 'DB size ?'],
  noLeader: ['etcd-1', 'NOSPACE in ~8h'],
  noSpace: ['DB · quota 16 MiB', '98.5% BAD', 'NOSPACE alarm raised', 'NOSPACE in ~2.4s at +5.9 MiB/min'],
  drift: ['etcd-3', 'frag 21%'],
};
const CASES = (Object.keys(WORDS) as FixtureName[]).flatMap((name) => [58, 78].map((width) => [name, width] as const));

describe('DbPane', () => {
  it.each(CASES)('%s at %i columns: the words that matter, inside its box', (name, width) => {
    const frame = frameOf(name, width, 10);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
    expect(frame.split('\n')).toHaveLength(10);
  });

  it.each([58, 78])('draws the chart against the quota when it has the height (%i columns)', (width) => {
    const frame = frameOf('noSpace', width, 18);
    expect(frame).toContain('═ quota');
    expect(frame).toMatch(/16\.0 MiB[┤╪]/);
    expect(frame.split('\n')).toHaveLength(18);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
  });

  it('leaves the rounds a member missed blank in its sparkline, not drawn at zero', () => {
    // Six rows at 100 columns: no room for a chart, so each member's row ends in a sparkline.
    const frame = inkFrame(<DbPane view={dbViewOf(stateOf('memberDown'), 100, NOW_MS)} width={100} height={6} />);
    const etcd2 = frame.split('\n').find((line) => line.includes('etcd-2'))!;
    const etcd1 = frame.split('\n').find((line) => line.includes('etcd-1'))!;
    expect(etcd1).toMatch(/[▁▂▃▄▅▆▇█]{10}/);
    expect(etcd2).not.toMatch(/[▁▂▃▄▅▆▇█]/);
  });

  it.each([3, 4, 5, 6, 8, 10, 14, 24])('at height %i it never overflows and keeps the NOSPACE projection', (height) => {
    for (const width of [40, 58, 78]) {
      const frame = frameOf('noSpace', width, height);
      expect(frame.split('\n')).toHaveLength(height);
      expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
      expect(frame).toContain('NOSPACE');
    }
  });

  it('drops the chart before the numbers when the pane is short', () => {
    const short = frameOf('noSpace', 58, 10);
    expect(short).not.toContain('┤');
    expect(short).toContain('98.5%');
    expect(frameOf('noSpace', 58, 16)).toContain('┤');
  });

  it('fits the area the wide layout gives it', () => {
    const layout = layoutFor(120, 38, { memberCount: 3 });
    const slot = layout.kind === 'too-small' ? undefined : layout.below.flat().find((s) => s.pane === 'db');
    const frame = frameOf('noSpace', slot!.width, slot!.height);
    expect(frame.split('\n')).toHaveLength(slot!.height);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(slot!.width);
  });

  it.each(['noSpace', 'drift'] as const)('matches the recorded %s frames at 58 and 78 columns', (name) => {
    expect(frameOf(name, 58, 16)).toMatchSnapshot();
    expect(frameOf(name, 78, 16)).toMatchSnapshot();
  });

  it('draws every member on one scale from zero, and says what a full block is', () => {
    // The issue: 1.38 MB drew as "████" and 1.35 MB as "▁▁▁▁" (each scaled to a min–max).
    const view = sparkView([1_380_000, 1_350_000], 2 * 1024 ** 3);
    const lines = dbPaneLines(view, 100, 4).map((line) => line.map((segment) => segment.text).join(''));
    const sparkOf = (name: string) => /([▁▂▃▄▅▆▇█]+)\s*$/.exec(lines.find((line) => line.startsWith(name)) ?? '')?.[1];
    expect(sparkOf('etcd-1')).toBe('█'.repeat(10));
    expect(sparkOf('etcd-2')).toBe('█'.repeat(10));
    expect(lines.at(-1)?.trim()).toBe('▁ 0 to █ 1.3 MiB (quota 2.0 GiB)');
  });

  it('tops the sparkline scale at the quota when a DB comes near it', () => {
    const view = sparkView([12 * 1024 ** 2, 4 * 1024 ** 2], 16 * 1024 ** 2, true);
    const lines = dbPaneLines(view, 100, 4).map((line) => line.map((segment) => segment.text).join(''));
    expect(lines.find((line) => line.startsWith('etcd-1'))).toMatch(/▆{10}\s*$/);
    expect(lines.find((line) => line.startsWith('etcd-2'))).toMatch(/▃{10}\s*$/);
    expect(lines.at(-1)?.trim()).toBe('▁ 0 to █ the 16 MiB quota');
  });
});

/** A DB view of members whose size stayed at `sizes[i]` for ten rounds: no chart fits in 4 lines. */
function sparkView(sizes: number[], quotaBytes: number, quotaOnChart = false): DbView {
  return {
    title: ' DB ', quotaBytes, quotaKnown: true, chartPoints: 90, chartLabelWidth: 8, quotaOnChart,
    members: sizes.map((size, i) => ({
      id: `id${i}`, name: `etcd-${i + 1}`, state: 'up', dbSizeBytes: size, quotaBytes, quotaPercent: (size / quotaBytes) * 100, level: 'ok',
      projection: { kind: 'not-growing', growthBytesPerMinute: 0 }, sizeHistory: Array(10).fill(size), inUseHistory: Array(10).fill(size),
    })),
  };
}
