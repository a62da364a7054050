// Guided NOSPACE recovery, the runbooks' procedure as one confirmed plan: optional snapshot,
// compact, defragment the followers one at a time (a fresh look at the cluster before each, so
// a leader change is noticed and the new leader still goes last), defragment the leader, disarm,
// then prove a write goes through. Every step goes through propose/confirmRefusal/execute, so
// the safety rules hold at each step, and the run stops at the first failure.
import type { MemberId } from '../../etcd/gateway.js';
import { execute, anyServingEndpoint, type ExecuteDeps, type OperationResult } from './execute.js';
import { confirmRefusal, propose, type MaintenanceContext, type OperationRequest } from './operations.js';
import { isServing, label } from './safety-rules.js';

const FOLLOWER_STEP = 'defrag-follower-';

export type StepStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

export interface RecoveryStep {
  id: string;
  title: string;
  status: StepStatus;
  message?: string;
  /** snapshot: the file to write. */
  path?: string;
}

export interface RecoveryDeps extends ExecuteDeps {
  /** Polls the cluster now and returns what the monitor then knows. */
  refresh: () => Promise<MaintenanceContext>;
  /** Pause between steps: the time an operator has to press skip or abort. */
  pauseMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Read by the runner before each step; set by the UI's skip and abort keys. */
export interface RecoveryControl {
  skipNext: boolean;
  abort: boolean;
}

export interface RecoveryOptions {
  snapshotPath?: string;
}

export interface RecoveryOutcome {
  ok: boolean;
  /** Stopped by a safety rule (nothing was changed by the step that stopped it), not a failure. */
  refused?: boolean;
  message: string;
  nextStep?: string;
}

export function recoveryPlan(context: MaintenanceContext, options: RecoveryOptions): RecoveryStep[] {
  const steps: RecoveryStep[] = [];
  if (options.snapshotPath) steps.push({ id: 'snapshot', title: `Snapshot to ${options.snapshotPath}`, status: 'pending', path: options.snapshotPath });
  steps.push({ id: 'compact', title: 'Compact to the current revision (whole cluster)', status: 'pending' });
  steps.push(...defragmentSteps(context));
  steps.push({ id: 'disarm', title: 'Disarm every alarm', status: 'pending' });
  steps.push({ id: 'verify', title: 'Verify that a write succeeds', status: 'pending' });
  return steps;
}

/**
 * Followers one at a time, the leader last, among the serving members in `scope` (all of them
 * when absent): the recovery's defragment steps, and the whole plan of `etcdtop defrag`.
 */
export function defragmentSteps(context: MaintenanceContext, scope?: ReadonlySet<MemberId>): RecoveryStep[] {
  const members = context.rows.filter((row) => isServing(row) && row.endpoint && (!scope || scope.has(row.id)));
  const leader = members.find((row) => row.id === context.leaderId);
  return [
    ...members.filter((row) => row !== leader).map((row): RecoveryStep => ({ id: `${FOLLOWER_STEP}${row.id}`, title: `Defragment follower ${label(row)}, then check its health`, status: 'pending' })),
    ...(leader ? [{ id: 'defrag-leader', title: `Defragment the leader last (${label(leader)} now)`, status: 'pending' } satisfies RecoveryStep] : []),
  ];
}

const NEXT_STEP: Record<string, string> = {
  snapshot: 'check the disk space and path, or skip the snapshot',
  compact: 'check that a quorum of members is up, then run compact again (c)',
  defrag: 'look at that member\u2019s log; once it is healthy defragment it (d), then continue with the others',
  disarm: 'check every member is below 90% of the quota, then disarm (A)',
  verify: 'check `etcdtop check`: an alarm may still be raised or the DB may still be full',
};

export async function runRecovery(
  steps: RecoveryStep[],
  deps: RecoveryDeps,
  control: RecoveryControl,
  onUpdate: (steps: RecoveryStep[]) => void,
  /** The only members its defragment steps may pick (`etcdtop defrag` with a condition or --member). */
  scope?: ReadonlySet<MemberId>,
): Promise<RecoveryOutcome> {
  const defragmented = new Set<MemberId>();
  const skipped = new Set<MemberId>();
  const update = (index: number, patch: Partial<RecoveryStep>) => {
    steps = steps.map((step, i) => (i === index ? { ...step, ...patch } : step));
    onUpdate(steps);
  };
  for (let i = 0; i < steps.length; i++) {
    // Also before the first step: the operator's one chance to skip the optional snapshot.
    await deps.sleep(deps.pauseMs);
    const step = steps[i]!;
    if (control.abort) {
      for (let j = i; j < steps.length; j++) update(j, { status: 'skipped', message: 'aborted' });
      return { ok: false, message: `recovery aborted before: ${step.title}` };
    }
    if (control.skipNext) {
      control.skipNext = false;
      // The operator skipped this member (a failing disk, say): no later step may pick it up.
      const member = memberOfStep(step);
      if (member) skipped.add(member);
      update(i, { status: 'skipped', message: 'skipped by the operator' });
      continue;
    }
    update(i, { status: 'running' });
    // This run is the operation in progress: the monitor shows it as running (the UI dispatched
    // 'operation-started' for it), and its own steps must not refuse "still running" because of it.
    const { running: _thisRecovery, ...fresh } = await deps.refresh();
    const context = { ...fresh, defragmented };
    const result = await runStep(step, context, deps, defragmented, scope ? new Set([...skipped, ...outside(context, scope)]) : skipped);
    update(i, { status: result.ok ? 'done' : 'failed', message: result.message });
    if (!result.ok) return { ok: false, ...(result.refused ? { refused: true } : {}), message: `${step.title}: ${result.message}`, nextStep: NEXT_STEP[step.id.startsWith('defrag') ? 'defrag' : step.id] ?? '' };
  }
  // A scoped run is `etcdtop defrag`'s, defragment steps only: no alarm or write to speak of.
  if (scope) return { ok: true, message: `${defragmented.size} member${defragmented.size === 1 ? '' : 's'} defragmented` };
  return liveDataWarning(await deps.refresh()) ?? { ok: true, message: 'recovery complete: alarms disarmed and a write went through' };
}

const outside = (context: MaintenanceContext, scope: ReadonlySet<MemberId>) => context.rows.filter((row) => !scope.has(row.id)).map((row) => row.id);

/** Live data this close to the quota means compaction freed little: NOSPACE is minutes away. */
export const LIVE_DATA_WARN_PERCENT = 80;

function liveDataWarning(context: MaintenanceContext): RecoveryOutcome | undefined {
  const full = context.rows.filter((row) => row.dbSizeInUseBytes !== undefined && row.quotaBytes > 0 &&
    (row.dbSizeInUseBytes / row.quotaBytes) * 100 >= LIVE_DATA_WARN_PERCENT);
  if (full.length === 0) return undefined;
  const which = full.map((row) => `${label(row)} ${Math.round(((row.dbSizeInUseBytes ?? 0) / row.quotaBytes) * 100)}%`).join(', ');
  return {
    ok: true,
    message: `alarms disarmed and a write went through, but live data still fills the quota (${which} in use): NOSPACE will come back`,
    nextStep: 'delete data that is no longer needed (e.g. old events), or raise --quota-backend-bytes on every member',
  };
}

async function runStep(step: RecoveryStep, context: MaintenanceContext, deps: RecoveryDeps, defragmented: Set<MemberId>, skipped: ReadonlySet<MemberId>): Promise<OperationResult> {
  if (step.id === 'verify') return verifyWrite(context, deps);
  const request = requestFor(step, context, defragmented, skipped);
  if (!request) return { ok: true, message: 'nothing to do' };
  const proposal = propose(request, context);
  const refusal = proposal.refusal ?? confirmRefusal(proposal, context);
  if (refusal) return { ok: false, refused: true, message: refusal };
  const result = await execute(proposal, context, deps);
  if (result.ok && request.kind === 'defragment' && request.memberId) {
    defragmented.add(request.memberId);
    return healthAfterDefrag(request.memberId, result.message, deps);
  }
  return result;
}

/** The member a follower step was planned for. */
function memberOfStep(step: RecoveryStep): MemberId | undefined {
  return step.id.startsWith(FOLLOWER_STEP) ? step.id.slice(FOLLOWER_STEP.length) : undefined;
}

/**
 * Which member a defragment step targets is decided now, from a fresh view: the member it was
 * planned for while that one is still a follower, else the next follower; the leader always last.
 */
function requestFor(step: RecoveryStep, context: MaintenanceContext, done: ReadonlySet<MemberId>, skipped: ReadonlySet<MemberId>): OperationRequest | undefined {
  const stepId = step.id;
  if (stepId === 'snapshot') {
    const source = context.rows.find((row) => row.id === context.leaderId && isServing(row)) ?? context.rows.find(isServing);
    return source ? { kind: 'snapshot', memberId: source.id, ...(step.path ? { path: step.path } : {}) } : undefined;
  }
  if (stepId === 'compact') return { kind: 'compact', keepRevisions: 0 };
  if (stepId === 'disarm') return context.alarms.length > 0 ? { kind: 'disarm' } : undefined;
  const remaining = context.rows.filter((row) => isServing(row) && !done.has(row.id) && !skipped.has(row.id));
  const planned = memberOfStep(step);
  const next = stepId === 'defrag-leader'
    ? remaining.find((row) => row.id === context.leaderId) ?? remaining[0]
    : remaining.find((row) => row.id === planned && row.id !== context.leaderId) ?? remaining.find((row) => row.id !== context.leaderId);
  return next ? { kind: 'defragment', memberId: next.id } : undefined;
}

async function healthAfterDefrag(memberId: MemberId, message: string, deps: RecoveryDeps) {
  const context = await deps.refresh();
  const row = context.rows.find((r) => r.id === memberId);
  if (!row?.endpoint || !isServing(row)) return { ok: false, message: `${message}, but the member does not answer afterwards` };
  return { ok: true, message: `${message}; it answers again` };
}

async function verifyWrite(context: MaintenanceContext, deps: RecoveryDeps) {
  const endpoint = anyServingEndpoint(context);
  if (!endpoint) return { ok: false, message: 'no member answers' };
  const outcome = await deps.gateway.put(endpoint, RECOVERY_CHECK_KEY, new Date(deps.now()).toISOString());
  if (!outcome.ok) return { ok: false, message: `write failed: ${outcome.failure.message}` };
  // The key proved its point; left behind it would be etcdtop's litter in the operator's keyspace.
  const removed = await deps.gateway.deleteKey(endpoint, RECOVERY_CHECK_KEY);
  const cleanup = removed.ok ? 'and was deleted again' : `but deleting ${RECOVERY_CHECK_KEY} failed (${removed.failure.message}): \`etcdctl del ${RECOVERY_CHECK_KEY}\``;
  return { ok: true, message: `a write through ${endpoint} succeeded ${cleanup}` };
}

/** The key the recovery writes to prove the cluster takes writes again, then deletes. */
export const RECOVERY_CHECK_KEY = 'etcdtop/recovery-check';
