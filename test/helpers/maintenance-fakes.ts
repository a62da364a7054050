// Fakes for the maintenance tests: MaintenanceContexts built from snapshot-factory rounds through
// the real reducer (so rows, leader and alarms are what the monitor would hold), a recording
// audit sink, a stepping clock, and a MaintenancePort whose answers the test decides.
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import type { AuditEntry, OperationResult } from '../../src/core/maintenance/execute.js';
import type { MaintenanceContext, Proposal } from '../../src/core/maintenance/operations.js';
import type { RecoveryControl, RecoveryOutcome, RecoveryStep } from '../../src/core/maintenance/recovery.js';
import type { MemberRow } from '../../src/core/member-rows.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import type { MemberId } from '../../src/etcd/gateway.js';
import type { MaintenancePort } from '../../src/ui/maintenance-port.js';
import { memberIdAt } from './snapshot-factory.js';

export interface SessionFacts {
  /** Label of an operation in progress (an 'operation-started' event). */
  running?: string;
  /** Member indexes this session has already defragmented. */
  defragmented?: number[];
}

/** The monitor's state after one round of `snapshot` and the session's maintenance so far. */
export function monitorStateOf(snapshot: ClusterSnapshot, facts: SessionFacts = {}): MonitorState {
  let state = reduceMonitor(initialMonitorState({ historyCapacity: 10 }), { type: 'round', snapshot });
  for (const index of facts.defragmented ?? []) {
    state = reduceMonitor(state, { type: 'operation-finished', label: 'defrag', atMs: 0, ok: true, message: 'done', defragmentedId: memberIdAt(index) });
  }
  if (facts.running) state = reduceMonitor(state, { type: 'operation-started', label: facts.running, atMs: 0 });
  return state;
}

/** What the safety rules see for `snapshot`: the same path the UI takes (maintenanceContextOf). */
export function contextOf(snapshot: ClusterSnapshot, facts: SessionFacts = {}): MaintenanceContext {
  return maintenanceContextOf(monitorStateOf(snapshot, facts));
}

/** The row of member `index` in `context`; throws rather than let a test pass on undefined. */
export function rowAt(context: MaintenanceContext, index: number): MemberRow {
  const row = context.rows.find((r) => r.id === memberIdAt(index));
  if (!row) throw new Error(`no row for member ${index}`);
  return row;
}

export const idAt = (index: number): MemberId => memberIdAt(index);
export const endpointAt = (index: number): string => `https://10.0.0.${index + 1}:2379`;

/** An audit sink that keeps every entry. */
export function recordingAudit(): { entries: AuditEntry[]; audit: (entry: AuditEntry) => void } {
  const entries: AuditEntry[] = [];
  return { entries, audit: (entry) => entries.push(entry) };
}

/** A clock that moves `stepMs` forward each time it is read, starting at `startMs`. */
export function steppingClock(startMs: number, stepMs: number): () => number {
  let next = startMs;
  return () => {
    const value = next;
    next += stepMs;
    return value;
  };
}

export interface FakePortCalls {
  execute: { proposal: Proposal; context: MaintenanceContext }[];
  recover: { steps: RecoveryStep[]; control: RecoveryControl }[];
  refresh: number;
}

export interface FakePortOptions {
  /** What refresh() answers (the cluster at the moment of "y"). */
  refresh: () => Promise<MaintenanceContext>;
  execute?: (proposal: Proposal) => Promise<OperationResult>;
  recover?: (steps: RecoveryStep[], control: RecoveryControl, onUpdate: (steps: RecoveryStep[]) => void) => Promise<RecoveryOutcome>;
  /** What the port says about the audit log (writable unless given). */
  auditProblem?: () => string | undefined;
}

/** A MaintenancePort that records what the UI asked of it. */
export function fakePort(options: FakePortOptions): { port: MaintenancePort; calls: FakePortCalls } {
  const calls: FakePortCalls = { execute: [], recover: [], refresh: 0 };
  const port = {
    async refresh() {
      calls.refresh += 1;
      return options.refresh();
    },
    async execute(proposal, context) {
      calls.execute.push({ proposal, context });
      return options.execute ? options.execute(proposal) : { ok: true, message: `${proposal.request.kind} done` };
    },
    async recover(steps, control, onUpdate) {
      calls.recover.push({ steps, control });
      return options.recover ? options.recover(steps, control, onUpdate) : { ok: true, message: 'recovered' };
    },
    defaultSnapshotPath: (nowMs) => `/backups/etcd-snapshot-${nowMs}.db`,
    auditProblem: () => options.auditProblem?.(),
  } satisfies MaintenancePort;
  return { port, calls };
}
