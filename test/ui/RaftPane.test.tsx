import { describe, expect, it } from 'vitest';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { raftViewOf } from '../../src/core/views/raft-view.js';
import { layoutFor } from '../../src/ui/layout.js';
import { RaftPane } from '../../src/ui/panes/RaftPane.js';
import { inkFrame, lineWidths } from '../helpers/ink-frame.js';
import { fixtures, type FixtureName } from '../helpers/monitor-fixtures.js';

const states = new Map<FixtureName, MonitorState>();
const stateOf = (name: FixtureName): MonitorState => states.get(name) ?? states.set(name, fixtures[name]()).get(name)!;
const frameOf = (name: FixtureName, width: number, height: number): string =>
  inkFrame(<RaftPane view={raftViewOf(stateOf(name), width)} width={width} height={height} />);

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['Raft · leader etcd-1', 'behind leader (>1000)', 'apply lag (>1000)', 'etcd-2', 'etcd-3'],
  memberDown: ['etcd-2', 'DOWN'],
  noLeader: ['NO LEADER', 'etcd-1', 'etcd-3'],
  noSpace: ['leader etcd-1', 'etcd-3'],
  drift: ['etcd-3', '2360 BEHIND', '1180 LAGGING'],
};
const CASES = (Object.keys(WORDS) as FixtureName[]).flatMap((name) => [58, 78].map((width) => [name, width] as const));

describe('RaftPane', () => {
  it.each(CASES)('%s at %i columns: the words that matter, inside its box', (name, width) => {
    const frame = frameOf(name, width, 10);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
    expect(frame.split('\n')).toHaveLength(10);
  });

  it('draws the drift as a rising sparkline for the member falling behind, flat for the others', () => {
    const lines = frameOf('drift', 78, 10).split('\n');
    expect(lines.find((line) => line.includes('etcd-3'))).toMatch(/▆+▇+█+/);
    expect(lines.find((line) => line.includes('etcd-2'))).toMatch(/ 0 +▁{18} /);
  });

  it('leaves the rounds without a leader blank instead of drawing them as zero drift', () => {
    const etcd1 = frameOf('noLeader', 78, 10).split('\n').find((line) => line.includes('etcd-1'))!;
    expect(etcd1).toMatch(/\?\s+▁{13} {5}\s/);
  });

  it.each([3, 4, 5, 6, 8, 12, 20])('at height %i it never overflows, and keeps the member in trouble', (height) => {
    for (const width of [40, 58, 78]) {
      const frame = frameOf('drift', width, height);
      expect(frame.split('\n')).toHaveLength(height);
      expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
      expect(frame).toContain('etcd-3');
    }
  });

  it('fits the area the wide layout gives it', () => {
    const layout = layoutFor(120, 38, { memberCount: 3 });
    const slot = layout.kind === 'too-small' ? undefined : layout.below.flat().find((s) => s.pane === 'raft');
    expect(slot).toBeDefined();
    const frame = frameOf('drift', slot!.width, slot!.height);
    expect(frame.split('\n')).toHaveLength(slot!.height);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(slot!.width);
  });

  it.each(['drift', 'noSpace'] as const)('matches the recorded %s frames at 58 and 78 columns', (name) => {
    expect(frameOf(name, 58, 10)).toMatchSnapshot();
    expect(frameOf(name, 78, 10)).toMatchSnapshot();
  });
});
