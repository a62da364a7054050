// The fleet screen's root: reads the fleet store, maps each binding of FLEET_KEYMAP to what it
// does, and lays out banner, table (or one cluster's detail, or help) and footer.
import { Box, useApp } from 'ink';
import { useSyncExternalStore } from 'react';
import { clusterDetailLines } from '../../core/fleet/cluster-detail-view.js';
import type { FleetEvent, FleetState } from '../../core/fleet/fleet-state.js';
import type { Store } from '../../core/store.js';
import { PaintedText } from '../PaintedLine.js';
import { ThemeContext, createTheme } from '../theme.js';
import { useKeyNames } from '../use-key-names.js';
import { useTerminalSize } from '../use-terminal-size.js';
import { ClusterDetail } from './ClusterDetail.js';
import { FleetBanner, bannerLines } from './FleetBanner.js';
import { fleetBindingFor, fleetFooterText, fleetHelpLines, type FleetMode } from './fleet-keymap.js';
import { FleetTable } from './FleetTable.js';

export interface FleetAppProps {
  store: Store<FleetState, FleetEvent>;
  backendUrl: string;
  refreshMs: number;
  color: boolean;
  refreshNow: () => void;
  loadHistory: (name: string) => void;
  /** Why the live monitor cannot open on this cluster; undefined when it can. */
  monitorUnavailable: (name: string) => string | undefined;
  openMonitor: (name: string) => void;
  now?: () => number;
}

export function FleetApp(props: FleetAppProps) {
  const { store, backendUrl, refreshMs, color, now = Date.now } = props;
  const app = useApp();
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { columns, rows } = useTerminalSize();
  const mode: FleetMode = state.view;
  const actions: Record<string, () => void> = {
    'select.next': () => store.dispatch({ type: 'move', by: 1 }),
    'select.previous': () => store.dispatch({ type: 'move', by: -1 }),
    'cluster.open': () => {
      store.dispatch({ type: 'open' });
      if (state.selected) props.loadHistory(state.selected);
    },
    'cluster.close': () => store.dispatch({ type: 'close' }),
    'cluster.monitor': () => state.selected && props.openMonitor(state.selected),
    'refresh.now': () => props.refreshNow(),
    'help.open': () => store.dispatch({ type: 'help', open: true }),
    'help.close': () => store.dispatch({ type: 'help', open: false }),
    'app.quit': () => app.exit(),
  };
  useKeyNames((name) => {
    const binding = fleetBindingFor(mode, name);
    if (!binding) return;
    const context = { selected: state.selected, monitorUnavailable: state.selected ? props.monitorUnavailable(state.selected) : undefined };
    const reason = binding.disabledReason?.(context);
    store.dispatch({ type: 'notice', text: reason ? `${binding.label}: ${reason}` : undefined });
    if (!reason) actions[binding.id]?.();
  });
  const bannerHeight = bannerLines(state, backendUrl, refreshMs).length + 1;
  const bodyHeight = Math.max(3, rows - bannerHeight - 1);
  return (
    <ThemeContext.Provider value={createTheme(color)}>
      <Box flexDirection="column" width={columns} height={rows}>
        <FleetBanner state={state} backendUrl={backendUrl} refreshMs={refreshMs} width={columns} />
        <PaintedText text="" width={columns} />
        <Box flexDirection="column" height={bodyHeight}>{body(state, props, columns, bodyHeight, now())}</Box>
        <PaintedText text={state.notice ?? fleetFooterText(mode)} width={columns} />
      </Box>
    </ThemeContext.Provider>
  );
}

function body(state: FleetState, props: FleetAppProps, width: number, height: number, nowMs: number) {
  if (state.view === 'help') return <ClusterDetail title="Keys" lines={fleetHelpLines().map((text) => ({ text }))} width={width} height={height} />;
  const cluster = state.round?.clusters.find((c) => c.name === state.history?.name);
  const row = state.rows.find((r) => r.name === state.history?.name);
  if (state.view === 'detail' && cluster && row) {
    const monitor = props.monitorUnavailable(row.name);
    const title = `${row.name} \u00b7 ${row.verdict.level.toUpperCase()} \u00b7 ${monitor ? `live monitor: ${monitor}` : 'm opens the live monitor'}`;
    return <ClusterDetail title={title} lines={clusterDetailLines(cluster, row, state.history?.history, width)} width={width} height={height} />;
  }
  return <FleetTable rows={state.rows} selected={state.selected} nowMs={nowMs} width={width} height={height} />;
}
