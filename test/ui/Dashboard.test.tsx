import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { initialMonitorState, type MonitorState } from '../../src/core/monitor-state.js';
import { Dashboard, type DashboardProps } from '../../src/ui/Dashboard.js';
import { INTERVAL_MS, NOW_MS, replay, type FixtureName } from '../helpers/monitor-fixtures.js';
import { healthyCluster, withNoSpace } from '../helpers/snapshot-factory.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { FIXTURE_NAMES, fixture } from './frame-cases.js';

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['OK', 'LEADER', 'UP', 'No active alarms', 'leader etcd-1'],
  memberDown: ['WARNING', 'LEADER', 'DOWN timed out after 1.5s', 'STALE 20s', 'No active alarms'],
  noLeader: ['CRITICAL', 'NO LEADER', 'no leader for 4s'],
  noSpace: ['CRITICAL', 'NOSPACE alarm on etcd-1', 'NOSPACE on etcd-1', 'compact, defragment every member', '98.5%'],
  drift: ['WARNING', 'LEADER', '98230'],
};

function dashboard(state: MonitorState, columns: number, rows: number, patch: Partial<DashboardProps> = {}) {
  return (
    <Dashboard
      state={state}
      nowMs={NOW_MS}
      intervalMs={INTERVAL_MS}
      selectedMemberId={state.rows[0]?.id}
      paused={false}
      readOnly={false}
      columns={columns}
      rows={rows}
      {...patch}
    />
  );
}

// 80×22 is what App.tsx gives the dashboard in an 80×24 terminal (footer and a spare line).
const SIZES = [
  [80, 22],
  [80, 24],
  [120, 40],
] as const;
const CASES = FIXTURE_NAMES.flatMap((name) => SIZES.map(([columns, rows]) => [name, columns, rows] as const));

describe('Dashboard', () => {
  it.each(CASES)('%s at %ix%i: the words that matter, within the size', (name, columns, rows) => {
    const frame = renderAtSize(dashboard(fixture(name), columns, rows), columns, rows + 2);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(frame).toContain('Members');
    expect(frame).toContain('Alarms');
    expect(frame).toContain('Events (UTC)');
    expect(widestLine(frame)).toBeLessThanOrEqual(columns);
    expect(frameLines(frame).length).toBeLessThanOrEqual(rows);
  });

  it.each(FIXTURE_NAMES)('%s at 120x40 shows every pane', (name) => {
    const frame = renderAtSize(dashboard(fixture(name), 120, 40), 120, 42);
    for (const title of ['Members', 'Leader', 'Raft', 'DB', 'Alarms', 'Latency', 'Events (UTC)']) expect(frame).toContain(`─ ${title}`);
    // The thick banner: the verdict word on its second line.
    expect(frameLines(frame)[1]).toMatch(/^ (OK|WARNING|CRITICAL) /);
  });

  it('shows the selected member with › and the badges the App passes', () => {
    const state = fixture('memberDown');
    const { lastFrame } = render(dashboard(state, 100, 30, { selectedMemberId: state.rows[1]?.id, paused: true, readOnly: true, nowMs: NOW_MS + 3000 }));
    const lines = (lastFrame() ?? '').split('\n');
    expect(lines.filter((line) => line.includes('›'))).toEqual([expect.stringContaining('etcd-2')]);
    expect(lines[0]).toContain('PAUSED');
    expect(lines[0]).toContain('READ-ONLY');
    expect(lines[0]).toContain('STALE 3s');
  });

  it.each([
    [70, 18, 'terminal too small: need 80x24, have 70x20'],
    [79, 22, 'terminal too small: need 80x24, have 79x24'],
    [80, 21, 'terminal too small: need 80x24, have 80x23'],
  ])('at %ix%i says only: %s', (columns, rows, message) => {
    const frame = renderAtSize(dashboard(fixture('noSpace'), columns, rows), columns, rows + 2);
    expect(frame.trim()).toBe(message);
    expect(frameLines(frame).length).toBeLessThanOrEqual(rows);
    expect(widestLine(frame)).toBeLessThanOrEqual(columns);
  });

  it('names terminal sizes with the rows the App reserves', () => {
    const frame = renderAtSize(dashboard(fixture('healthy'), 70, 20, { reservedRows: 0 }), 70, 20);
    expect(frame.trim()).toBe('terminal too small: need 80x22, have 70x20');
  });

  it('says what it is connecting to before the first round', () => {
    const empty = initialMonitorState({ historyCapacity: 10 });
    const frame = renderAtSize(dashboard(empty, 80, 22, { connectingTo: 'https://10.0.0.1:2379' }), 80, 24);
    expect(frame.trim()).toBe('connecting to https://10.0.0.1:2379…');
    expect(frameLines(frame).length).toBeLessThanOrEqual(22);
    expect(renderAtSize(dashboard(empty, 120, 40), 120, 42).trim()).toBe('connecting to etcd…');
  });

  // The issue: at 120x40 the NOSPACE banner was cut at "refuses writes (only reads and deletes…",
  // and never said which key is the way out.
  it('at 120x40 the NOSPACE headline is whole, and says to press R', () => {
    const frame = renderAtSize(dashboard(fixture('noSpace'), 120, 38), 120, 40);
    const banner = frameLines(frame).slice(0, 3).join(' ').replace(' (+2 more)', '').replace(/\s+/g, ' ');
    expect(frameLines(frame)[1]).toContain('(+2 more)');
    expect(banner).toContain('NOSPACE alarm on etcd-1 (4c95f7dc5897214a): the cluster refuses writes (only reads and deletes work) · press R for the guided recovery');
    expect(banner).not.toContain('…');
  });

  it('read-only, the banner does not offer R', () => {
    const frame = renderAtSize(dashboard(fixture('noSpace'), 120, 38, { readOnly: true }), 120, 40);
    expect(frameLines(frame)[1]).toMatch(/\(only reads .*READ-ONLY$/);
    expect(frameLines(frame)[2]?.trim()).toBe('and deletes work)');
    expect(frame).not.toContain('press R');
  });

  // The issue: with NOSPACE raised by several members the hint only showed at 160x60.
  it.each([[120, 38], [80, 22]])('at %ix%i every member\'s NOSPACE and the way out are on screen', (columns, rows) => {
    const state = replay(10, () => [0, 1, 2].reduce((snap, i) => withNoSpace(snap, i), healthyCluster()));
    const frame = renderAtSize(dashboard(state, columns, rows), columns, rows + 2);
    expect(frame).toContain('Alarms (3)');
    expect(frame).toContain('→ compact, defragment every member (followers first,');
    expect(frame).toMatch(/then disarm|^│ +disarm +│$|│ +disarm +│$/m);
    expect(frame).toMatch(/NOSPACE on etcd-1.*etcd-2.*etcd-3|NOSPACE on etcd-3/);
    expect(frame).not.toMatch(/… \d+ more\b(?! alarm)/);
  });

  // The issue: most events were cut ("DB above 95% of quo…") at 120x40 with the pane half empty.
  it('at 120x40 the newest events wrap instead of being cut', () => {
    const frame = renderAtSize(dashboard(fixture('noSpace'), 120, 38), 120, 40);
    const lines = frameLines(frame);
    const title = lines.findIndex((line) => line.includes('Events (UTC)'));
    const events = lines.slice(title + 1, -1).map((line) => line.slice(60).slice(2, -1).trim());
    expect(events.slice(0, 2)).toEqual(['11:59:55  etcd-3 (ee098f6d097e6ce5) DB above 95% of', 'quota (95%)']);
    expect(events.join(' ')).toContain('alarm raised: NOSPACE on etcd-1 (4c95f7dc5897214a)');
  });
});
