import { describe, expect, it } from 'vitest';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { dbViewOf } from '../../src/core/views/db-view.js';
import { layoutFor } from '../../src/ui/layout.js';
import { DbPane } from '../../src/ui/panes/DbPane.js';
import { inkFrame, lineWidths } from '../helpers/ink-frame.js';
import { fixtures, NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';

const states = new Map<FixtureName, MonitorState>();
const stateOf = (name: FixtureName): MonitorState => states.get(name) ?? states.set(name, fixtures[name]()).get(name)!;
const frameOf = (name: FixtureName, width: number, height: number): string =>
  inkFrame(<DbPane view={dbViewOf(stateOf(name), width, NOW_MS)} width={width} height={height} />);

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['DB · quota 2.0 GiB', 'etcd-1', 'etcd-3', '1.4%', 'frag 21%', 'NOSPACE in ~8h at +3.9 MB/min'],
  memberDown: ['etcd-2', 'DOWN', 'DB size ?'],
  noLeader: ['etcd-1', 'NOSPACE in ~8h'],
  noSpace: ['DB · quota 16 MiB', '98.5% BAD', 'NOSPACE alarm raised', 'NOSPACE in ~2.4s at +6.1 MB/min'],
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
    expect(frame).toMatch(/16\.8 MB[┤╪]/);
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
});
