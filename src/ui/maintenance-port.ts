// What the UI may ask of the maintenance core. The monitor command builds it from the gateway,
// the audit log and core/maintenance; the UI never holds the gateway itself.
import type { MaintenanceContext, Proposal } from '../core/maintenance/operations.js';
import type { OperationResult } from '../core/maintenance/execute.js';
import type { RecoveryControl, RecoveryOutcome, RecoveryStep } from '../core/maintenance/recovery.js';

export interface MaintenancePort {
  execute(proposal: Proposal, context: MaintenanceContext): Promise<OperationResult>;
  recover(steps: RecoveryStep[], control: RecoveryControl, onUpdate: (steps: RecoveryStep[]) => void): Promise<RecoveryOutcome>;
  /** Polls now and returns the fresh context (used right before running a confirmed operation). */
  refresh(): Promise<MaintenanceContext>;
  defaultSnapshotPath(nowMs: number): string;
  /** Why an operation run now would not be audited ("<path>: <reason>"); undefined when it would. */
  auditProblem?(): string | undefined;
}
