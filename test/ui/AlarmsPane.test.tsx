import { describe, expect, it } from 'vitest';
import { alarmsViewOf } from '../../src/core/views/alarms-view.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { AlarmsPane } from '../../src/ui/panes/AlarmsPane.js';
import { NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { areaOf, CASES, fixture } from './frame-cases.js';

const NONE = ['Alarms', 'No active alarms'];
const WORDS: Record<FixtureName, string[]> = {
  healthy: NONE,
  memberDown: NONE,
  noLeader: NONE,
  drift: NONE,
  noSpace: ['Alarms (1)', 'NOSPACE on etcd-1 (4c95f7dc5897214a)', 'since 11:59:51 UTC (9s)', 'compact, defragment every member', 'then disarm'],
};

function pane(state: MonitorState, width: number, height: number) {
  return <AlarmsPane view={alarmsViewOf(state, NOW_MS, width)} width={width} height={height} />;
}

describe('AlarmsPane', () => {
  it.each(CASES)('%s at %ix%i: the words that matter, inside its area', (name, columns, rows) => {
    const state = fixture(name);
    const lines = alarmsViewOf(state, NOW_MS, areaOf(state, 'alarms', columns, rows).width).lines.length;
    const { width, height } = areaOf(state, 'alarms', columns, rows, lines);
    const frame = renderAtSize(pane(state, width, height), columns, rows);
    // Wrapped, not cut: join the lines back before looking for the hint.
    const text = frameLines(frame).map((line) => line.replace(/^│ |\s*│$/g, '').trim()).join(' ');
    for (const word of WORDS[name]) expect(text).toContain(word);
    expect(text).not.toContain('…');
    expect(widestLine(frame)).toBeLessThanOrEqual(width);
    expect(frameLines(frame)).toHaveLength(height);
  });

  it.each([80, 60])('matches the recorded frame at %i columns (NOSPACE)', (width) => {
    const state = fixture('noSpace');
    expect(renderAtSize(pane(state, width, 6), 120, 40)).toMatchSnapshot();
  });
});
