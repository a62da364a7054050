import { describe, expect, it } from 'vitest';
import { leaderViewOf } from '../../src/core/views/leader-view.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { LeaderPane } from '../../src/ui/panes/LeaderPane.js';
import { NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { areaOf, CASES, fixture } from './frame-cases.js';

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['Leader', 'LEADER etcd-1 (4c95f7dc5897214a)', 'term 2', 'leading for 59s (since etcdtop started)'],
  memberDown: ['LEADER etcd-1', 'leading for 59s'],
  noLeader: ['NO LEADER (was etcd-3)', 'no leader for 4s (since 11:59:56 UTC)'],
  noSpace: ['LEADER etcd-1'],
  drift: ['LEADER etcd-1'],
};

function pane(state: MonitorState, width: number, height: number) {
  return <LeaderPane view={leaderViewOf(state, NOW_MS)} width={width} height={height} />;
}

describe('LeaderPane', () => {
  it.each(CASES)('%s at %ix%i: the words that matter, inside its area', (name, columns, rows) => {
    const state = fixture(name);
    const { width, height } = areaOf(state, 'leader', columns, rows);
    const frame = renderAtSize(pane(state, width, height), columns, rows);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(widestLine(frame)).toBeLessThanOrEqual(width);
    expect(frameLines(frame)).toHaveLength(height);
  });

  it('lists every leader change this session, newest first, when it has the room', () => {
    const frame = renderAtSize(pane(fixture('noLeader'), 60, 8), 120, 40);
    const lines = frameLines(frame);
    const newest = lines.findIndex((line) => line.includes('11:59:56  etcd-3 → NO LEADER'));
    const older = lines.findIndex((line) => line.includes('11:59:31  etcd-1 → etcd-3  term 3'));
    expect(newest).toBeGreaterThan(0);
    expect(older).toBeGreaterThan(newest);
  });

  it.each([80, 60])('matches the recorded frame at %i columns (no leader)', (width) => {
    expect(renderAtSize(pane(fixture('noLeader'), width, 8), 120, 40)).toMatchSnapshot();
  });
});
