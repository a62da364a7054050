import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { membersViewOf } from '../../src/core/views/members-view.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { MembersTable } from '../../src/ui/panes/MembersTable.js';
import { INTERVAL_MS, NOW_MS, type FixtureName } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { areaOf, CASES, fixture } from './frame-cases.js';

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['NAME', 'ROLE', 'STATE', 'QUOTA%', 'RAFT IDX', 'LEADER', 'follower', 'UP', '100590'],
  memberDown: ['LEADER', 'DOWN timed out after 1.5s', 'STALE 20s'],
  noLeader: ['follower', 'UP'],
  noSpace: ['LEADER', 'UNHEALTHY', '98.5%'],
  drift: ['LEADER', '100590', '98230'],
};

function table(state: MonitorState, width: number, height: number, selectedMemberId = state.rows[0]?.id) {
  const view = membersViewOf(state, { width, height, nowMs: NOW_MS, intervalMs: INTERVAL_MS, selectedMemberId });
  return <MembersTable view={view} width={width} height={height} />;
}

describe('MembersTable', () => {
  it.each(CASES)('%s at %ix%i: the words that matter, one line per member, inside its area', (name, columns, rows) => {
    const state = fixture(name);
    const { width, height } = areaOf(state, 'members', columns, rows);
    const frame = renderAtSize(table(state, width, height), columns, rows);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(widestLine(frame)).toBeLessThanOrEqual(columns);
    expect(frameLines(frame).length).toBeLessThanOrEqual(Math.min(height, rows));
    // Never wrapped: each member on exactly one line.
    for (const row of state.rows) expect(frameLines(frame).filter((line) => line.includes(`${row.name} `))).toHaveLength(1);
  });

  it('marks the selected row with › (visible without colour)', () => {
    const state = fixture('memberDown');
    const { lastFrame } = render(table(state, 100, 6, state.rows[1]?.id));
    const marked = (lastFrame() ?? '').split('\n').filter((line) => line.includes('›'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toContain('etcd-2');
    expect(marked[0]).toContain('DOWN');
  });

  it.each([
    [80, ['NAME', 'ROLE', 'STATE', 'QUOTA%', 'RAFT IDX', 'HEALTH', 'AGE'], ['ENDPOINT', 'ID', 'VERSION']],
    [120, ['DB SIZE', 'IN USE', 'TERM', 'APPLIED', 'VERSION'], ['ENDPOINT']],
    [200, ['ID', 'ENDPOINT', 'https://10.0.0.1:2379', '4c95f7dc5897214a'], []],
  ])('at %i columns shows %j and drops %j', (width, shown, dropped) => {
    const state = fixture('healthy');
    const frame = renderAtSize(table(state, width, 6), width, 24);
    const header = frameLines(frame)[1] ?? '';
    for (const word of shown) expect(frame).toContain(word);
    for (const word of dropped) expect(header).not.toContain(` ${word} `);
  });

  it.each([80, 120])('matches the recorded frame at %i columns (member down)', (width) => {
    const state = fixture('memberDown');
    expect(renderAtSize(table(state, width, 6, state.rows[1]?.id), width, 24)).toMatchSnapshot();
  });
});
