import { describe, expect, it } from 'vitest';
import { alarmHint, alarmsViewOf, fitAlarmLines } from '../../../src/core/views/alarms-view.js';
import { fixtures, NOW_MS, replay } from '../../helpers/monitor-fixtures.js';
import { healthyCluster, withAlarm } from '../../helpers/snapshot-factory.js';

// Each fixture replays 60 rounds through the reducer: build them once.
const recorded = {
  healthy: fixtures.healthy(),
  noSpace: fixtures.noSpace(),
};

const texts = (lines: { text: string }[]) => lines.map((line) => line.text);

describe('alarmsViewOf', () => {
  it('says "No active alarms" when there are none', () => {
    const view = alarmsViewOf(recorded.healthy, NOW_MS, 80);
    expect(view.count).toBe(0);
    expect(view.lines).toEqual([{ text: 'No active alarms', tone: 'ok' }]);
  });

  it('gives each alarm its member, when it was first seen, and the runbook hint', () => {
    const view = alarmsViewOf(recorded.noSpace, NOW_MS, 200);
    expect(view.title).toBe(' Alarms (1) ');
    expect(texts(view.lines)).toEqual([
      'NOSPACE on etcd-1 (4c95f7dc5897214a) since 11:59:51 UTC (9s)',
      '→ compact, defragment every member (followers first, leader last), then disarm',
    ]);
    expect(view.lines[0]?.tone).toBe('critical');
  });

  it('lists CORRUPT before NOSPACE, with one hint per kind', () => {
    const snapshot = withAlarm(withAlarm(withAlarm(healthyCluster(), 0, 'NOSPACE'), 1, 'NOSPACE'), 2, 'CORRUPT');
    const lines = texts(alarmsViewOf(replay(3, () => snapshot), NOW_MS, 200).lines);
    expect(lines).toEqual([
      'CORRUPT on etcd-3 (ee098f6d097e6ce5) since 11:59:58 UTC (2s)',
      `→ ${alarmHint('CORRUPT')}`,
      'NOSPACE on etcd-1 (4c95f7dc5897214a) since 11:59:58 UTC (2s)',
      'NOSPACE on etcd-2 (66fb782b14ae096a) since 11:59:58 UTC (2s)',
      `→ ${alarmHint('NOSPACE')}`,
    ]);
    expect(alarmHint('CORRUPT')).toContain('restore from snapshot');
  });

  it('wraps to the pane instead of cutting the hint', () => {
    const lines = texts(alarmsViewOf(recorded.noSpace, NOW_MS, 40).lines);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(36);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('(followers first, leader last), then disarm');
  });

  it('names an alarm on a member no longer in the member list by its id', () => {
    const lines = texts(alarmsViewOf(replay(1, () => withAlarm(healthyCluster(), 'abcdef0123456789', 'NOSPACE')), NOW_MS, 200).lines);
    expect(lines[0]).toContain('member abcdef0123456789 (not in the member list)');
  });

  describe('fitAlarmLines', () => {
    // NOSPACE raised by all three members: three alarm lines and a two-line hint at 80 columns.
    const allFull = replay(3, () => [0, 1, 2].reduce((snap, i) => withAlarm(snap, i, 'NOSPACE'), healthyCluster()));
    const withCorrupt = replay(3, () => withAlarm(withAlarm(withAlarm(withAlarm(healthyCluster(), 0, 'NOSPACE'), 1, 'NOSPACE'), 2, 'NOSPACE'), 1, 'CORRUPT'));

    it('keeps the way out when the alarms do not fit one per line (the hint showed only at 160x60)', () => {
      const lines = texts(fitAlarmLines(alarmsViewOf(allFull, NOW_MS, 80), 3));
      expect(lines).toEqual([
        'NOSPACE on etcd-1, etcd-2, etcd-3 for 2s',
        '→ compact, defragment every member (followers first, leader last), then',
        '  disarm',
      ]);
    });

    it('counts alarms, not lines, in "… N more"', () => {
      const lines = texts(fitAlarmLines(alarmsViewOf(withCorrupt, NOW_MS, 80), 5));
      expect(lines[0]).toBe('CORRUPT on etcd-2 (66fb782b14ae096a) for 2s');
      expect(lines.at(-1)).toBe('… 3 more alarms');
      expect(lines).toHaveLength(4);
    });

    it('gives every kind its hint, then alarms one per line as room allows', () => {
      const lines = texts(fitAlarmLines(alarmsViewOf(withCorrupt, NOW_MS, 120), 5));
      expect(lines).toEqual([
        'CORRUPT on etcd-2 (66fb782b14ae096a) since 11:59:58 UTC (2s)',
        `→ ${alarmHint('CORRUPT')}`,
        'NOSPACE on etcd-1, etcd-2, etcd-3 for 2s',
        `→ ${alarmHint('NOSPACE')}`,
      ]);
    });

    it('all of it when it fits', () => {
      const view = alarmsViewOf(allFull, NOW_MS, 120);
      expect(fitAlarmLines(view, 10)).toEqual(view.lines);
      expect(view.lines).toHaveLength(4);
    });
  });
});
