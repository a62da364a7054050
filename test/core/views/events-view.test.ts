import { describe, expect, it } from 'vitest';
import { eventsViewOf, fitEventLines } from '../../../src/core/views/events-view.js';
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

  describe('fitEventLines', () => {
    const view = { title: ' Events (UTC) ', lines: ['a', 'b', 'c'].map((id) => ({ text: `11:59:5${id === 'a' ? 5 : id === 'b' ? 4 : 3}  etcd-${id} (4c95f7dc5897214a) DB above 95% of quota (95%)`, tone: 'critical' as const })) };

    it('wraps every event under its message when there is room ("DB above 95% of quo…" before)', () => {
      expect(fitEventLines(view, 40, 10).map((line) => line.text)).toEqual([
        '11:59:55  etcd-a (4c95f7dc5897214a) DB',
        '          above 95% of quota (95%)',
        '11:59:54  etcd-b (4c95f7dc5897214a) DB',
        '          above 95% of quota (95%)',
        '11:59:53  etcd-c (4c95f7dc5897214a) DB',
        '          above 95% of quota (95%)',
      ]);
    });

    it('wraps the newest while the others still get a line each', () => {
      expect(fitEventLines(view, 40, 4).map((line) => line.text)).toEqual([
        '11:59:55  etcd-a (4c95f7dc5897214a) DB',
        '          above 95% of quota (95%)',
        '11:59:54  etcd-b (4c95f7dc5897214a) DB …',
        '11:59:53  etcd-c (4c95f7dc5897214a) DB …',
      ]);
    });

    it('counts the events left out, not lines', () => {
      expect(fitEventLines(view, 40, 2).map((line) => line.text)).toEqual(['11:59:55  etcd-a (4c95f7dc5897214a) DB …', '… 2 more events']);
    });
  });
});
