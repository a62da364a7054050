import { describe, expect, it } from 'vitest';
import { eventsViewOf } from '../../src/core/views/events-view.js';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { EventsPane } from '../../src/ui/panes/EventsPane.js';
import type { FixtureName } from '../helpers/monitor-fixtures.js';
import { frameLines, renderAtSize, widestLine } from '../helpers/render-at-size.js';
import { areaOf, CASES, fixture } from './frame-cases.js';

const WORDS: Record<FixtureName, string[]> = {
  healthy: ['Events (UTC)', 'no change seen yet'],
  memberDown: ['11:59:41  etcd-2 (66fb782b14ae096a) DOWN'],
  noLeader: ['11:59:56  NO LEADER (was etcd-3', '11:59:31  leader changed: etcd-1'],
  noSpace: ['11:59:55  etcd-3 (ee098f6d097e6ce5) DB above 95%'],
  drift: ['no change seen yet'],
};

function pane(state: MonitorState, width: number, height: number) {
  return <EventsPane view={eventsViewOf(state)} width={width} height={height} />;
}

describe('EventsPane', () => {
  it.each(CASES)('%s at %ix%i: newest first, inside its area', (name, columns, rows) => {
    const state = fixture(name);
    const { width, height } = areaOf(state, 'events', columns, rows);
    const frame = renderAtSize(pane(state, width, height), columns, rows);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(widestLine(frame)).toBeLessThanOrEqual(width);
    expect(frameLines(frame)).toHaveLength(height);
  });

  it('says how many older events did not fit', () => {
    const frame = renderAtSize(pane(fixture('noSpace'), 80, 6), 80, 24);
    expect(frame).toContain('… 4 more');
  });

  it.each([80, 60])('matches the recorded frame at %i columns (NOSPACE)', (width) => {
    expect(renderAtSize(pane(fixture('noSpace'), width, 8), 120, 40)).toMatchSnapshot();
  });
});
