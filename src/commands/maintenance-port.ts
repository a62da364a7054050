// Binds the maintenance core to this session's gateway, store, poller and audit log, for the UI.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { appendAudit, auditLogProblem } from '../cli/audit-log.js';
import { maintenanceLockPath, underMaintenanceLock } from '../cli/maintenance-lock.js';
import { clusterIdOfRound } from '../core/cluster-id-memory.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { maintenanceContextOf } from '../core/maintenance/context.js';
import { execute } from '../core/maintenance/execute.js';
import { runRecovery } from '../core/maintenance/recovery.js';
import type { MonitorEvent, MonitorState } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import type { Store } from '../core/store.js';
import type { EtcdGateway } from '../etcd/gateway.js';
import type { MaintenancePort } from '../ui/maintenance-port.js';

export interface PortOptions {
  gateway: EtcdGateway;
  store: Store<MonitorState, MonitorEvent>;
  collect: () => Promise<ClusterSnapshot>;
  poller: Pick<Poller, 'pollNow'>;
  auditPath: string;
  logPath: string;
  /** Seconds an operator has between recovery steps to press skip or abort. */
  recoveryPauseMs?: number;
}

/** Who the audit log says ran an operation. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

export function createMaintenancePort(options: PortOptions): MaintenancePort {
  const { gateway, store, collect, poller } = options;
  const now = () => Date.now();
  const user = currentUser();
  const audit = (entry: Parameters<typeof appendAudit>[1]) => {
    const problem = appendAudit(options.auditPath, entry, options.logPath);
    // Not only in the error log: the operator must know this operation left no audit entry.
    if (problem) store.dispatch({ type: 'note', event: { atMs: now(), level: 'critical', message: `${entry.operation} was not audited: ${problem}` } });
  };
  const refresh = async () => {
    store.dispatch({ type: 'round', snapshot: await collect() });
    return maintenanceContextOf(store.getState());
  };
  const locked = <T>(operation: string, work: () => Promise<T>) =>
    underMaintenanceLock(maintenanceLockPath(clusterIdOfRound(store.getState().latest)), { user, operation }, work);
  return {
    refresh,
    async execute(proposal, context) {
      const run = () => execute(proposal, context, { gateway, audit, user, now });
      try {
        // A snapshot changes nothing: it may run beside anything.
        return await (proposal.request.kind === 'snapshot' ? run() : locked(proposal.request.kind, run));
      } finally {
        // Show the effect at once rather than at the next tick.
        poller.pollNow();
      }
    },
    async recover(steps, control, onUpdate) {
      const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
      const deps = { gateway, refresh, audit, user, now, sleep, pauseMs: options.recoveryPauseMs ?? 1000 };
      try {
        return await locked('NOSPACE recovery', () => runRecovery(steps, deps, control, onUpdate));
      } finally {
        poller.pollNow();
      }
    },
    auditProblem: () => auditLogProblem(options.auditPath),
    defaultSnapshotPath: (nowMs) => resolve(`etcd-snapshot-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}.db`),
  };
}
