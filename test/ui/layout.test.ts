import { describe, expect, it } from 'vitest';
import { layoutFor, MIN_SIZE, MIN_TERMINAL, APP_RESERVED_ROWS, panesShown, WIDE_SIZE } from '../../src/ui/layout.js';

const WIDE = ['leader', 'raft', 'db', 'alarms', 'latency', 'events'];

describe('layoutFor', () => {
  it('keeps the minimum an 80×24 terminal leaves the dashboard once the App has taken its rows', () => {
    expect(MIN_TERMINAL).toEqual({ columns: 80, rows: 24 });
    expect(MIN_SIZE).toEqual({ columns: 80, rows: 24 - APP_RESERVED_ROWS });
    expect(WIDE_SIZE).toEqual({ columns: 120, rows: 40 - APP_RESERVED_ROWS });
  });

  it.each([
    [0, 0],
    [Number.NaN, 30],
    [70, 20],
    [79, 22],
    [80, 21],
    [79, 40],
    [200, 21],
  ])('%i×%i is too small and says what it needs', (columns, rows) => {
    expect(layoutFor(columns, rows)).toEqual({ kind: 'too-small', need: { columns: 80, rows: 22 } });
  });

  it.each([
    [80, 22, 'narrow', ['alarms', 'leader', 'events']],
    [80, 24, 'narrow', ['alarms', 'leader', 'events']],
    [80, 30, 'narrow', ['alarms', 'leader', 'db', 'events']],
    [119, 40, 'narrow', ['alarms', 'leader', 'db', 'raft', 'events']],
    [120, 22, 'narrow', ['alarms', 'leader', 'latency', 'events']],
    [120, 37, 'narrow', ['alarms', 'leader', 'db', 'raft', 'latency', 'events']],
    [120, 40, 'wide', WIDE],
    [200, 60, 'wide', WIDE],
  ])('%i×%i is %s and shows %j', (columns, rows, kind, panes) => {
    const layout = layoutFor(columns, rows);
    expect(layout.kind).toBe(kind);
    expect(panesShown(layout)).toEqual(panes);
  });

  it('gives 80×24 the banner, the members table, the alarms, the leader and the events', () => {
    expect(layoutFor(80, 24)).toEqual({
      kind: 'narrow',
      banner: { width: 80, height: 2 },
      members: { width: 80, height: 6 },
      below: [
        [
          { pane: 'alarms', width: 80, height: 3 },
          { pane: 'leader', width: 80, height: 5 },
          { pane: 'events', width: 80, height: 8 },
        ],
      ],
    });
  });

  it('gives 120×40 every pane, in two columns', () => {
    expect(layoutFor(120, 40)).toEqual({
      kind: 'wide',
      banner: { width: 120, height: 4 },
      members: { width: 120, height: 6 },
      below: [
        [
          { pane: 'leader', width: 60, height: 8 },
          { pane: 'raft', width: 60, height: 11 },
          { pane: 'db', width: 60, height: 11 },
        ],
        [
          { pane: 'alarms', width: 60, height: 3 },
          { pane: 'latency', width: 60, height: 12 },
          { pane: 'events', width: 60, height: 15 },
        ],
      ],
    });
  });

  const sizes: [number, number][] = [];
  for (const columns of [80, 81, 99, 119, 120, 121, 160, 250]) {
    for (const rows of [22, 23, 24, 30, 39, 40, 41, 55, 100]) sizes.push([columns, rows]);
  }
  describe.each([1, 3, 5, 7, 30])('with %i members', (memberCount) => {
    it.each(sizes)('%i×%i: heights add up to exactly the rows, widths to the columns', (columns, rows) => {
      const layout = layoutFor(columns, rows, { memberCount, alarmLines: 2 });
      if (layout.kind === 'too-small') throw new Error('unexpected too-small');
      expect(layout.banner.width).toBe(columns);
      expect(layout.members.width).toBe(columns);
      expect(layout.members.height).toBeGreaterThanOrEqual(4);
      const belowRows = rows - layout.banner.height - layout.members.height;
      expect(layout.below.length).toBeGreaterThan(0);
      for (const stack of layout.below) {
        expect(stack.reduce((sum, slot) => sum + slot.height, 0)).toBe(belowRows);
        for (const slot of stack) {
          expect(slot.height).toBeGreaterThanOrEqual(3);
          expect(slot.width).toBe(stack[0]?.width);
        }
      }
      expect(layout.below.reduce((sum, stack) => sum + (stack[0]?.width ?? 0), 0)).toBe(columns);
      expect(panesShown(layout)).toContain('alarms');
    });
  });

  it.each([
    [3, 6],
    [5, 8],
  ])('gives a table of %i members its %i rows', (memberCount, height) => {
    const layout = layoutFor(80, 24, { memberCount });
    expect(layout.kind !== 'too-small' && layout.members.height).toBe(height);
  });

  it('never lets the members table push the alarms off the screen', () => {
    const layout = layoutFor(80, 22, { memberCount: 50 });
    if (layout.kind === 'too-small') throw new Error('unexpected too-small');
    expect(layout.members.height).toBe(22 - 2 - 3);
    expect(panesShown(layout)).toEqual(['alarms']);
    expect(layout.below[0]?.[0]?.height).toBe(3);
  });

  it('gives the alarms the lines they need, up to a bound', () => {
    const heightOfAlarms = (alarmLines: number) => {
      const layout = layoutFor(120, 40, { alarmLines });
      return layout.kind === 'too-small' ? 0 : layout.below.flat().find((slot) => slot.pane === 'alarms')?.height;
    };
    expect(heightOfAlarms(1)).toBe(3);
    expect(heightOfAlarms(4)).toBe(6);
    expect(heightOfAlarms(40)).toBe(8);
  });

  it.each([
    [119, 30, 1],
    [120, 30, 2],
  ])('%i×%i (short) puts the panes below the table in %i column(s)', (columns, rows, stacks) => {
    const layout = layoutFor(columns, rows);
    expect(layout.kind !== 'too-small' && layout.below.length).toBe(stacks);
  });

  it.each(sizes)('%i×%i: hints change heights, never widths', (columns, rows) => {
    const widths = (memberCount: number, alarmLines: number) => {
      const layout = layoutFor(columns, rows, { memberCount, alarmLines });
      return layout.kind === 'too-small' ? [] : layout.below.map((stack) => stack.map((slot) => [slot.pane, slot.width]));
    };
    const plain = widths(3, 1);
    for (const [memberCount, alarmLines] of [[1, 1], [9, 1], [3, 5], [3, 40]] as const) {
      const alarmsAt = widths(memberCount, alarmLines).flat().filter(([pane]) => pane === 'alarms');
      expect(alarmsAt).toEqual(plain.flat().filter(([pane]) => pane === 'alarms'));
    }
  });

  it('uses a thicker banner only in the wide layout', () => {
    const narrow = layoutFor(119, 40);
    const wide = layoutFor(120, 40);
    expect(narrow.kind !== 'too-small' && narrow.banner.height).toBe(2);
    expect(wide.kind !== 'too-small' && wide.banner.height).toBe(4);
  });
});
