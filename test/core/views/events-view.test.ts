import { describe, expect, it } from 'vitest';
import { eventsViewOf } from '../../../src/core/views/events-view.js';
import { fixtures } from '../../helpers/monitor-fixtures.js';

// Each fixture replays 60 rounds through the reducer: build them once.
const recorded = {
  healthy: fixtures.healthy(),
  noLeader: fixtures.noLeader(),
};

describe('eventsViewOf', () => {
  it('lists events newest first with their UTC time and a tone per level', () => {
    const view = eventsViewOf(recorded.noLeader);
    expect(view.title).toBe(' Events (UTC) ');
    expect(view.lines).toEqual([
      { text: '11:59:56  NO LEADER (was etcd-3 (ee098f6d097e6ce5))', tone: 'critical', bold: true },
      { text: '11:59:31  leader changed: etcd-1 (4c95f7dc5897214a) → etcd-3 (ee098f6d097e6ce5), term 3', tone: 'warning' },
    ]);
  });

  it('says so when nothing has changed yet', () => {
    expect(eventsViewOf(recorded.healthy).lines).toEqual([{ text: 'no change seen yet', tone: 'muted' }]);
  });
});
