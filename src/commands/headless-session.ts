// What `etcdtop defrag` and `etcdtop snapshot` share: connect, look at the cluster once, and
// bind the maintenance core (the same safety rules, runner and audit log as the monitor's keys)
// to this connection. A configuration problem is reported here (one line, exit 3).
import type { ConnectionArgs } from '../cli/connection-options.js';
import { appendAudit, resolveAuditPath } from '../cli/audit-log.js';
import { resolveLogPath } from '../cli/log-file.js';
import type { MaintenanceArgs } from '../cli/maintenance-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import type { CallTimeouts } from '../etcd/gateway.js';
import { clusterIdOfRound } from '../core/cluster-id-memory.js';
import { maintenanceContextOfRound } from '../core/maintenance/context.js';
import type { MaintenanceContext } from '../core/maintenance/operations.js';
import type { RecoveryDeps } from '../core/maintenance/recovery.js';
import { analyseRound } from './analyse-round.js';
import { openConnection, resolveConfig } from './connect.js';
import { currentUser } from './maintenance-port.js';
import { defaultThresholds } from '../core/verdict-thresholds.js';

export interface HeadlessSession {
  /** The cluster as the first round saw it. */
  context: MaintenanceContext;
  /** The cluster's id as the first round saw it (the maintenance lock is per cluster). */
  clusterId: string | undefined;
  /** The maintenance core's dependencies, bound to this connection and the audit log. */
  deps: RecoveryDeps;
}

export async function withHeadlessSession(
  args: ConnectionArgs & MaintenanceArgs,
  timeouts: Partial<CallTimeouts>,
  work: (session: HeadlessSession) => Promise<number>,
): Promise<number> {
  const resolved = await resolveConfig(args);
  if (!resolved.ok) {
    reportProblem(resolved.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect } = await openConnection(resolved.config, timeouts);
  try {
    const first = await collect();
    const unreachable = analyseRound(first, defaultThresholds).unreachable;
    if (unreachable) {
      reportProblem(unreachable);
      return EXIT_UNKNOWN;
    }
    const auditPath = resolveAuditPath(args.auditLog);
    const logPath = resolveLogPath(undefined);
    const deps: RecoveryDeps = {
      gateway,
      audit: (entry) => appendAudit(auditPath, entry, logPath),
      user: currentUser(),
      now: () => Date.now(),
      refresh: async () => maintenanceContextOfRound(await collect()),
      // No operator to press skip or abort: the health check after each defragment is the pause.
      pauseMs: 0,
      sleep: async () => undefined,
    };
    return await work({ context: maintenanceContextOfRound(first), clusterId: clusterIdOfRound(first), deps });
  } finally {
    gateway.close();
  }
}
