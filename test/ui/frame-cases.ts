// What every frame test iterates over: each recorded fixture at the minimum and the wide size,
// and where the layout puts a pane at that size (so panes are tested at the sizes they get).
import type { MonitorState } from '../../src/core/monitor-state.js';
import { layoutFor, type Area, type PaneId } from '../../src/ui/layout.js';
import { fixtures, type FixtureName } from '../helpers/monitor-fixtures.js';

export const FIXTURE_NAMES = Object.keys(fixtures) as FixtureName[];

/** Terminal sizes as the dashboard receives them. */
export const SIZES: readonly [columns: number, rows: number][] = [
  [80, 24],
  [120, 40],
];

/** Fixture × size, for it.each. */
export const CASES = FIXTURE_NAMES.flatMap((name) => SIZES.map(([columns, rows]) => [name, columns, rows] as const));

const cache = new Map<FixtureName, MonitorState>();

/** Fixtures replay 60 rounds through the reducer; build each once per file. */
export function fixture(name: FixtureName): MonitorState {
  let state = cache.get(name);
  if (!state) {
    state = fixtures[name]();
    cache.set(name, state);
  }
  return state;
}

/** The area the layout gives `pane` ('banner', 'members' or a pane below) for this state. */
export function areaOf(state: MonitorState, pane: PaneId | 'banner' | 'members', columns: number, rows: number, alarmLines = 1): Area {
  const layout = layoutFor(columns, rows, { memberCount: state.rows.length, alarmLines });
  if (layout.kind === 'too-small') throw new Error(`${columns}x${rows} is too small`);
  if (pane === 'banner' || pane === 'members') return layout[pane];
  const slot = layout.below.flat().find((candidate) => candidate.pane === pane);
  if (!slot) throw new Error(`${pane} is not shown at ${columns}x${rows}`);
  return slot;
}
