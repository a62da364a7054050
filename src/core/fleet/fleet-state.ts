// The fleet screen's one store: the latest refresh (or why it failed), which cluster is selected,
// which view is open and the opened cluster's history. Pure: (state, event) → state.
import type { Failure } from '../../etcd/gateway.js';
import type { Thresholds } from '../verdict-thresholds.js';
import type { ClusterHistory } from './cluster-history.js';
import type { FleetRound } from './fleet-round.js';
import { fleetRows, type FleetRow } from './fleet-rows.js';

export type FleetView = 'list' | 'detail' | 'help';

export interface FleetState {
  thresholds: Partial<Thresholds>;
  round?: FleetRound;
  rows: FleetRow[];
  /** The last refresh failed as a whole (backend down): the rows shown are the previous ones. */
  failure?: { failure: Failure; atMs: number };
  /** Selection follows the cluster's name, not its row: rows re-sort every refresh. */
  selected?: string;
  view: FleetView;
  /** The view help returns to. */
  previousView: FleetView;
  history?: { name: string; history?: ClusterHistory };
  notice?: string;
}

export type FleetEvent =
  | { type: 'round'; round: FleetRound }
  | { type: 'failed'; failure: Failure; atMs: number }
  | { type: 'move'; by: 1 | -1 }
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'help'; open: boolean }
  | { type: 'history'; name: string; history: ClusterHistory }
  | { type: 'notice'; text: string | undefined };

export function initialFleetState(thresholds: Partial<Thresholds>): FleetState {
  return { thresholds, rows: [], view: 'list', previousView: 'list' };
}

export function reduceFleet(state: FleetState, event: FleetEvent): FleetState {
  switch (event.type) {
    case 'round': {
      const rows = fleetRows(event.round, state.thresholds);
      const selected = rows.some((r) => r.name === state.selected) ? state.selected : rows[0]?.name;
      const { failure: _dropped, ...rest } = state;
      return { ...rest, round: event.round, rows, ...(selected === undefined ? {} : { selected }) };
    }
    case 'failed':
      return { ...state, failure: { failure: event.failure, atMs: event.atMs } };
    case 'move': {
      const index = state.rows.findIndex((r) => r.name === state.selected);
      const next = state.rows[Math.min(state.rows.length - 1, Math.max(0, index + event.by))];
      return next ? { ...state, selected: next.name } : state;
    }
    case 'open':
      return state.selected ? { ...state, view: 'detail', history: { name: state.selected } } : state;
    case 'close': {
      const { history: _closed, ...rest } = state;
      return { ...rest, view: 'list' };
    }
    case 'help':
      return event.open ? { ...state, view: 'help', previousView: state.view } : { ...state, view: state.previousView };
    case 'history':
      return state.history?.name === event.name ? { ...state, history: { name: event.name, history: event.history } } : state;
    case 'notice': {
      const { notice: _old, ...rest } = state;
      return event.text === undefined ? rest : { ...rest, notice: event.text };
    }
  }
}
