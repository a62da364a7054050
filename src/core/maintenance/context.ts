// What the safety rules need, read from the monitor's state.
import type { MonitorState } from '../monitor-state.js';
import { alarmsOf } from '../selectors.js';
import type { MaintenanceContext } from './operations.js';

export function maintenanceContextOf(state: MonitorState): MaintenanceContext {
  return {
    rows: state.rows,
    leaderId: state.leader.id,
    alarms: state.latest ? alarmsOf(state.latest) : [],
    ...(state.maintenance.running ? { running: state.maintenance.running.label } : {}),
    defragmented: state.maintenance.defragmented,
    memberListKnown: state.latest?.discovery.ok ?? false,
    ...clusterMismatchOf(state),
  };
}

function clusterMismatchOf(state: MonitorState): { clusterMismatch?: string } {
  const clusters = state.latest?.clusters;
  if (!clusters || clusters.length < 2) return {};
  const ids = clusters.map((cluster) => cluster.clusterId).join(', ');
  return { clusterMismatch: `the endpoints answer for ${clusters.length} different clusters (${ids}): nothing is run until every endpoint answers for one cluster` };
}
