// What the safety rules need, read from the monitor's state, or from one poll round for the
// headless commands (`etcdtop defrag`, `etcdtop snapshot`), which have no session behind them.
import type { ClusterSnapshot } from '../cluster-snapshot.js';
import { memberRows } from '../member-rows.js';
import { clusterIdChangedRefusal } from '../cluster-id-memory.js';
import type { MonitorState } from '../monitor-state.js';
import { alarmsOf, leaderOf } from '../selectors.js';
import type { MaintenanceContext } from './operations.js';

export function maintenanceContextOf(state: MonitorState): MaintenanceContext {
  return {
    rows: state.rows,
    leaderId: state.leader.id,
    alarms: state.latest ? alarmsOf(state.latest) : [],
    ...(state.maintenance.running ? { running: state.maintenance.running.label } : {}),
    defragmented: state.maintenance.defragmented,
    memberListKnown: state.latest?.discovery.ok ?? false,
    ...clusterMismatchOf(state.latest, clusterIdChangedRefusal(state.clusterId)),
  };
}

/** The context of one round, as the monitor would hold it after that round alone. */
export function maintenanceContextOfRound(snapshot: ClusterSnapshot): MaintenanceContext {
  return {
    rows: memberRows(snapshot),
    leaderId: leaderOf(snapshot).leaderId,
    alarms: alarmsOf(snapshot),
    defragmented: new Set(),
    memberListKnown: snapshot.discovery.ok,
    ...clusterMismatchOf(snapshot),
  };
}

/** Two clusters answering: whatever runs could run on the wrong one (the headless commands too). */
function clusterMismatchOf(snapshot: ClusterSnapshot | undefined, changed?: string): { clusterMismatch?: string } {
  const clusters = snapshot?.clusters;
  if (!clusters || clusters.length < 2) return changed ? { clusterMismatch: changed } : {};
  const ids = clusters.map((cluster) => cluster.clusterId).join(', ');
  return { clusterMismatch: `the endpoints answer for ${clusters.length} different clusters (${ids}): nothing is run until every endpoint answers for one cluster` };
}
