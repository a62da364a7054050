// The fleet screen's key table: input, footer and help come from it, as with the monitor's
// KEYMAP. Fleet mode is read-only by design, so nothing here is dangerous.
import { keyLabel } from '../keymap.js';

export type FleetMode = 'list' | 'detail' | 'help';

export interface FleetKeyContext {
  selected: string | undefined;
  /** Why the selected cluster cannot open the live monitor; undefined when it can. */
  monitorUnavailable: string | undefined;
}

export interface FleetKeyBinding {
  id: string;
  keys: readonly string[];
  label: string;
  modes: readonly FleetMode[];
  footer?: boolean;
  short?: string;
  disabledReason?: (context: FleetKeyContext) => string | undefined;
}

const needsCluster = (c: FleetKeyContext) => (c.selected ? undefined : 'no cluster yet');

export const FLEET_KEYMAP: readonly FleetKeyBinding[] = [
  { id: 'select.next', short: 'select', keys: ['j', 'down'], label: 'Select next cluster', modes: ['list'], footer: true, disabledReason: needsCluster },
  { id: 'select.previous', keys: ['k', 'up'], label: 'Select previous cluster', modes: ['list'], disabledReason: needsCluster },
  { id: 'cluster.open', short: 'members & history', keys: ['return'], label: 'Show the cluster\u2019s members and history', modes: ['list'], footer: true, disabledReason: needsCluster },
  { id: 'cluster.close', short: 'back', keys: ['escape', 'backspace'], label: 'Back to the fleet', modes: ['detail'], footer: true },
  { id: 'cluster.monitor', short: 'live monitor', keys: ['m'], label: 'Open the live monitor on the cluster (read-only; endpoints from --clusters)', modes: ['list', 'detail'], footer: true,
    disabledReason: (c) => needsCluster(c) ?? c.monitorUnavailable },
  { id: 'refresh.now', short: 'refresh', keys: ['r'], label: 'Refresh now', modes: ['list', 'detail'], footer: true },
  { id: 'help.open', short: 'help', keys: ['?'], label: 'Show all keys', modes: ['list', 'detail'], footer: true },
  { id: 'help.close', keys: ['?', 'escape'], label: 'Close help', modes: ['help'] },
  { id: 'app.quit', short: 'quit', keys: ['q', 'ctrl+c'], label: 'Quit', modes: ['list', 'detail', 'help'], footer: true },
];

export function fleetBindingFor(mode: FleetMode, key: string): FleetKeyBinding | undefined {
  return FLEET_KEYMAP.find((b) => b.modes.includes(mode) && b.keys.includes(key));
}

export function fleetFooterText(mode: FleetMode): string {
  return FLEET_KEYMAP.filter((b) => b.modes.includes(mode) && (b.footer || mode === 'help'))
    .map((b) => `${keyLabel({ ...b, group: 'General', modes: [], disabledReason: undefined })} ${b.short ?? b.label.toLowerCase()}`)
    .join('  ');
}

export function fleetHelpLines(): string[] {
  return FLEET_KEYMAP.map((b) => `${keyLabel({ ...b, group: 'General', modes: [], disabledReason: undefined }).padEnd(12)} ${b.label}`);
}
