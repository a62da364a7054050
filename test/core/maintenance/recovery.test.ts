import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import type { AuditEntry } from '../../../src/core/maintenance/execute.js';
import { recoveryPlan, runRecovery, type RecoveryControl, type RecoveryDeps, type RecoveryStep } from '../../../src/core/maintenance/recovery.js';
import { answer, fail, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, idAt, type SessionFacts } from '../../helpers/maintenance-fakes.js';
import { failure, healthyCluster, withDbSize, withLeader, withMemberDown, withNoSpace } from '../../helpers/snapshot-factory.js';

const ENDPOINTS = [0, 1, 2].map(endpointAt);
const SNAPSHOT_PATH = '/backups/before-recovery.db';

interface ClusterModel {
  /** Member index that leads once the first defragment has finished (leadership moves mid-run). */
  leaderAfterFirstDefrag?: number;
  /** What the session shows while the recovery runs (the monitor marks the recovery as running). */
  session?: SessionFacts;
}

/**
 * The cluster as the recovery changes it: NOSPACE on etcd-1 (DB at its 2 GiB quota) until etcd-1
 * is defragmented, the alarm until a disarm went through. Every refresh reads it from the calls
 * the fake gateway has answered, so the runner sees the effect of its own steps.
 */
function clusterNow(gateway: FakeGateway, model: ClusterModel): ClusterSnapshot {
  const succeeded = (method: 'defragment' | 'disarm') => gateway.callsTo(method).filter((c) => c.outcome?.ok);
  let snapshot = succeeded('disarm').length > 0 ? healthyCluster() : withNoSpace(healthyCluster(), 0);
  if (succeeded('defragment').some((c) => c.target === endpointAt(0))) snapshot = withDbSize(snapshot, 0, 25_000_000, 20_000_000);
  if (model.leaderAfterFirstDefrag !== undefined && succeeded('defragment').length > 0) snapshot = withLeader(snapshot, model.leaderAfterFirstDefrag);
  return snapshot;
}

/** A gateway on which every step of the recovery succeeds. */
function workingGateway(): FakeGateway {
  const gateway = new FakeGateway();
  for (const endpoint of ENDPOINTS) {
    gateway
      .script('snapshot', endpoint, answer({ path: SNAPSHOT_PATH, sizeBytes: 2_000_000_000, revision: 911n, sha256: 'ab'.repeat(32) }))
      .script('compact', endpoint, answer({ revision: 911n, alreadyCompacted: false }))
      .script('defragment', endpoint, answer(undefined))
      .script('status', endpoint, answer(statusAfterDefrag(endpoint)))
      .script('disarm', endpoint, answer(undefined))
      .script('put', endpoint, answer(undefined))
      .script('deleteKey', endpoint, answer(undefined));
  }
  return gateway;
}

function statusAfterDefrag(endpoint: string) {
  const index = ENDPOINTS.indexOf(endpoint);
  const status = healthyCluster().members[index]?.status;
  if (!status?.ok) throw new Error('no status');
  return status.value;
}

interface Run {
  gateway: FakeGateway;
  control: RecoveryControl;
  updates: RecoveryStep[][];
  audit: AuditEntry[];
  pauses: number[];
  finalSteps: () => RecoveryStep[];
}

async function recover(options: { gateway?: FakeGateway; model?: ClusterModel; snapshotPath?: string; onUpdate?: (steps: RecoveryStep[], control: RecoveryControl) => void } = {}) {
  const gateway = options.gateway ?? workingGateway();
  const model = options.model ?? {};
  const run: Run = { gateway, control: { skipNext: false, abort: false }, updates: [], audit: [], pauses: [], finalSteps: () => run.updates.at(-1) ?? [] };
  const deps: RecoveryDeps = {
    gateway,
    refresh: async () => contextOf(clusterNow(gateway, model), model.session),
    audit: (entry) => run.audit.push(entry),
    user: 'alice',
    now: () => 0,
    pauseMs: 1000,
    sleep: async (ms) => {
      run.pauses.push(ms);
    },
  };
  const initial = contextOf(clusterNow(gateway, model));
  const steps = recoveryPlan(initial, options.snapshotPath === undefined ? { snapshotPath: SNAPSHOT_PATH } : options.snapshotPath ? { snapshotPath: options.snapshotPath } : {});
  const outcome = await runRecovery(steps, deps, run.control, (next) => {
    run.updates.push(next);
    options.onUpdate?.(next, run.control);
  });
  return { outcome, run };
}

const defragOrder = (gateway: FakeGateway) => gateway.callsTo('defragment').map((c) => c.target);
const statuses = (steps: RecoveryStep[]) => steps.map((s) => `${s.id}:${s.status}`);

describe('recoveryPlan', () => {
  it.each([
    { name: 'with a snapshot path', snapshotPath: SNAPSHOT_PATH, first: ['snapshot'] },
    { name: 'without one', snapshotPath: undefined, first: [] },
  ])('orders the steps $name: snapshot, compact, followers, leader last, disarm, verify', ({ snapshotPath, first }) => {
    const context = contextOf(withLeader(withNoSpace(healthyCluster(), 0), 1));
    const steps = recoveryPlan(context, snapshotPath ? { snapshotPath } : {});
    expect(steps.map((s) => s.id)).toEqual([...first, 'compact', `defrag-follower-${idAt(0)}`, `defrag-follower-${idAt(2)}`, 'defrag-leader', 'disarm', 'verify']);
    expect(steps.find((s) => s.id === 'defrag-leader')?.title).toContain('etcd-2 (66fb782b14ae096a)');
    expect(steps.every((s) => s.status === 'pending')).toBe(true);
  });

  it('leaves out a member that does not answer', () => {
    const steps = recoveryPlan(contextOf(withMemberDown(withNoSpace(healthyCluster({ members: 5 }), 0), 3)), {});
    expect(steps.map((s) => s.id)).not.toContain(`defrag-follower-${idAt(3)}`);
    expect(steps.filter((s) => s.id.startsWith('defrag-follower-'))).toHaveLength(3);
  });
});

describe('runRecovery', () => {
  it('runs every step in order: followers first, the leader LAST, then disarm and a write', async () => {
    const { outcome, run } = await recover();
    expect(outcome).toEqual({ ok: true, message: 'recovery complete: alarms disarmed and a write went through' });
    expect(statuses(run.finalSteps()).every((s) => s.endsWith(':done'))).toBe(true);
    expect(run.gateway.callsTo('snapshot').map((c) => [c.target, c.args])).toEqual([[endpointAt(0), [SNAPSHOT_PATH]]]);
    expect(run.gateway.callsTo('compact')).toHaveLength(1);
    expect(defragOrder(run.gateway)).toEqual([endpointAt(1), endpointAt(2), endpointAt(0)]);
    expect(run.gateway.callsTo('disarm').map((c) => c.args)).toEqual([[{ memberId: idAt(0), alarm: 'NOSPACE' }]]);
    expect(run.audit.map((e) => e.operation)).toEqual(['snapshot', 'compact', 'defragment', 'defragment', 'defragment', 'disarm']);
  });

  it('pauses before every step, the first included (the chance to skip the snapshot)', async () => {
    const { run } = await recover();
    expect(run.pauses).toEqual(Array.from({ length: run.finalSteps().length }, () => 1000));
  });

  it('proves the cluster takes writes again: the verify step does one put, then deletes that key', async () => {
    const { run } = await recover();
    const puts = run.gateway.callsTo('put');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.args[0]).toBe('etcdtop/recovery-check');
    const deletes = run.gateway.callsTo('deleteKey');
    expect(deletes.map((call) => [call.target, call.args[0]])).toEqual([[puts[0]?.target, 'etcdtop/recovery-check']]);
    expect(deletes[0]!.startedAtMs).toBeGreaterThanOrEqual(puts[0]!.settledAtMs!);
    expect(run.finalSteps().at(-1)).toMatchObject({ id: 'verify', status: 'done', message: `a write through ${endpointAt(0)} succeeded and was deleted again` });
  });

  it('says how to delete the key by hand when the delete fails, and still counts the write as proof', async () => {
    const { run } = await recover({ gateway: workingGateway().script('deleteKey', endpointAt(0), fail(failure('timeout'))) });
    expect(run.finalSteps().at(-1)).toMatchObject({ id: 'verify', status: 'done', message: expect.stringContaining('`etcdctl del etcdtop/recovery-check`') });
  });

  it('still defragments the NEW leader last when leadership moves mid-run', async () => {
    const { outcome, run } = await recover({ model: { leaderAfterFirstDefrag: 2 } });
    expect(outcome.ok).toBe(true);
    expect(defragOrder(run.gateway)).toEqual([endpointAt(1), endpointAt(0), endpointAt(2)]);
  });

  it('runs while the monitor shows the recovery itself as the operation in progress', async () => {
    // The UI dispatches 'operation-started' for the recovery before running it, so every refresh
    // reports it as running: that must not make each step refuse "still running".
    const { outcome, run } = await recover({ model: { session: { running: 'NOSPACE recovery' } } });
    expect(outcome).toEqual({ ok: true, message: 'recovery complete: alarms disarmed and a write went through' });
    expect(defragOrder(run.gateway)).toEqual([endpointAt(1), endpointAt(2), endpointAt(0)]);
  });

  it('stops at the first failure: later steps stay pending, with what to do next', async () => {
    const gateway = workingGateway().script('defragment', endpointAt(2), fail(failure('timeout', 'timed out after 5m')));
    const { outcome, run } = await recover({ gateway });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toContain('timed out after 5m');
    expect(outcome.nextStep).toMatch(/once it is healthy defragment it \(d\)/);
    expect(statuses(run.finalSteps())).toEqual([
      'snapshot:done', 'compact:done', `defrag-follower-${idAt(1)}:done`, `defrag-follower-${idAt(2)}:failed`,
      'defrag-leader:pending', 'disarm:pending', 'verify:pending',
    ]);
    expect(defragOrder(gateway)).toEqual([endpointAt(1), endpointAt(2)]);
    expect(gateway.callsTo('disarm')).toHaveLength(0);
    expect(gateway.callsTo('put')).toHaveLength(0);
  });

  it('skips exactly the next step when asked', async () => {
    const { outcome, run } = await recover({
      snapshotPath: '',
      onUpdate: (steps, control) => {
        if (steps[0]?.id === 'compact' && steps[0].status === 'done' && steps[1]?.status === 'pending') control.skipNext = true;
      },
    });
    expect(outcome.ok).toBe(true);
    expect(statuses(run.finalSteps())).toEqual([
      'compact:done', `defrag-follower-${idAt(1)}:skipped`, `defrag-follower-${idAt(2)}:done`, 'defrag-leader:done', 'disarm:done', 'verify:done',
    ]);
    expect(run.finalSteps()[1]?.message).toBe('skipped by the operator');
    // Each step did the member it names.
    expect(run.finalSteps()[2]?.message).toMatch(/^defragmented etcd-3 /);
    expect(run.finalSteps()[3]?.message).toMatch(/^defragmented etcd-1 /);
  });

  it('never defragments a follower whose step the operator skipped', async () => {
    const { run } = await recover({
      snapshotPath: '',
      onUpdate: (steps, control) => {
        if (steps[0]?.status === 'done' && steps[1]?.status === 'pending') control.skipNext = true;
      },
    });
    expect(defragOrder(run.gateway)).toEqual([endpointAt(2), endpointAt(0)]);
  });

  it('aborts: the rest is marked skipped and the outcome is not ok', async () => {
    const { outcome, run } = await recover({
      onUpdate: (steps, control) => {
        if (steps[1]?.id === 'compact' && steps[1].status === 'done') control.abort = true;
      },
    });
    expect(outcome).toEqual({ ok: false, message: `recovery aborted before: ${run.finalSteps()[2]?.title}` });
    expect(statuses(run.finalSteps()).slice(2).every((s) => s.endsWith(':skipped'))).toBe(true);
    expect(run.finalSteps().slice(2).every((s) => s.message === 'aborted')).toBe(true);
    expect(run.gateway.callsTo('defragment')).toHaveLength(0);
  });
});
