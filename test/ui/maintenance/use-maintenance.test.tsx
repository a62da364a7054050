import { stripVTControlCharacters } from 'node:util';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import type { MaintenanceContext } from '../../../src/core/maintenance/operations.js';
import type { RecoveryControl } from '../../../src/core/maintenance/recovery.js';
import { reduceMonitor, type MonitorEvent, type MonitorState } from '../../../src/core/monitor-state.js';
import { createStore, type Store } from '../../../src/core/store.js';
import type { MaintenancePort } from '../../../src/ui/maintenance-port.js';
import { OperationDialog } from '../../../src/ui/overlays/OperationDialog.js';
import { useMaintenance } from '../../../src/ui/use-maintenance.js';
import { contextOf, fakePort, idAt, monitorStateOf, type FakePortOptions } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, TAKEN_AT_MS, withMemberDown, withNoSpace, withStatus } from '../../helpers/snapshot-factory.js';

type Ops = ReturnType<typeof useMaintenance>;

/** The hook as App uses it, with the dialog it drives; `expose` hands the test each render's API. */
function Harness({ port, store, expose }: { port: MaintenancePort; store: Store<MonitorState, MonitorEvent>; expose: (ops: Ops) => void }) {
  const ops = useMaintenance(port, store, () => TAKEN_AT_MS);
  useEffect(() => expose(ops));
  return ops.dialog.kind === 'closed'
    ? <Text>no dialog</Text>
    : <OperationDialog dialog={ops.dialog} width={100} height={14} now={() => TAKEN_AT_MS} />;
}

const atRevision = (revision: bigint) => [0, 1, 2].reduce((snap, i) => withStatus(snap, i, { revision }), healthyCluster());

/** Gives anything a call may have started (promises, React's scheduler) the time to run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const mounted: { unmount: () => void }[] = [];
afterEach(() => {
  for (const instance of mounted.splice(0)) instance.unmount();
});

function setup(snapshot: ClusterSnapshot, port: Partial<FakePortOptions> = {}) {
  const store = createStore(monitorStateOf(snapshot), reduceMonitor);
  const fake = fakePort({ refresh: async () => contextOf(snapshot), ...port });
  let ops: Ops | undefined;
  let commits = 0;
  const instance = render(<Harness port={fake.port} store={store} expose={(o) => {
    ops = o;
    commits += 1;
  }} />);
  mounted.push(instance);
  const frame = () => stripVTControlCharacters(instance.lastFrame() ?? '');
  const api = () => {
    if (!ops) throw new Error('the harness has not rendered');
    return ops;
  };
  /** Calls `action` on the hook and waits until React committed what it changed. */
  const act = async (action: (ops: Ops) => unknown) => {
    await vi.waitFor(() => expect(ops).toBeDefined(), { interval: 1 });
    const before = commits;
    action(api());
    await vi.waitFor(() => expect(commits).toBeGreaterThan(before), { interval: 1 });
  };
  return { store, calls: fake.calls, frame, api, act };
}

describe('useMaintenance with OperationDialog', () => {
  it('opens a defragment dialog naming the member, its id and endpoint, with y to confirm', async () => {
    const { frame, act } = setup(healthyCluster());
    expect(frame()).toContain('no dialog');
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    const text = frame();
    expect(text).toContain('Defragment etcd-2 (66fb782b14ae096a)');
    expect(text).toContain('Member: etcd-2  id 66fb782b14ae096a  https://10.0.0.2:2379  (FOLLOWER)');
    expect(text).toContain('BLOCKS all reads and writes');
    expect(text).toContain('y = yes');
    expect(text).not.toContain('REFUSED');
  });

  it('cancel closes the dialog and runs nothing', async () => {
    const { frame, calls, store, act } = setup(healthyCluster());
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    await act((ops) => ops.cancel());
    await settle();
    expect(frame()).toContain('no dialog');
    expect(calls).toEqual({ execute: [], recover: [], refresh: 0 });
    expect(store.getState().events).toEqual([]);
  });

  it('y runs the proposal once, after a fresh look at the cluster, and shows the result', async () => {
    const { frame, api, calls, store, act } = setup(healthyCluster());
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    const dialog = api().dialog;
    expect(api().confirm()).toBeUndefined();
    await vi.waitFor(() => expect(frame()).toContain('DONE: defragment done'));
    expect(calls.refresh).toBe(1);
    expect(calls.execute).toHaveLength(1);
    if (dialog.kind !== 'asking') throw new Error(`dialog is ${dialog.kind}`);
    expect(calls.execute[0]?.proposal).toBe(dialog.proposal);
    expect(store.getState().maintenance.defragmented.has(idAt(1))).toBe(true);
    expect(store.getState().maintenance.running).toBeUndefined();
    await act((ops) => ops.close());
    expect(frame()).toContain('no dialog');
  });

  it('a refused proposal shows REFUSED:, no y prompt, and y does nothing', async () => {
    const { frame, api, calls, act } = setup(withMemberDown(healthyCluster(), 2));
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(0) }));
    expect(frame()).toContain('REFUSED:');
    expect(frame()).toContain('quorum needs 2');
    expect(frame()).not.toContain('y = yes');
    expect(api().confirm()).toContain('quorum needs 2');
    await settle();
    expect(calls).toEqual({ execute: [], recover: [], refresh: 0 });
    expect(frame()).toContain('REFUSED:');
  });

  it('refuses at confirmation when the member went down meanwhile: nothing is executed', async () => {
    const base = healthyCluster();
    const { frame, api, calls, store, act } = setup(base, { refresh: async () => contextOf(withMemberDown(base, 1)) });
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    api().confirm();
    await vi.waitFor(() => expect(frame()).toContain('REFUSED: etcd-2 (66fb782b14ae096a) is now DOWN since the dialog opened; nothing was done'));
    expect(calls.execute).toEqual([]);
    expect(store.getState().maintenance.running).toBeUndefined();
  });

  it('a second y before the screen catches up does not run the operation twice', async () => {
    const waiting: ((context: MaintenanceContext) => void)[] = [];
    const release = (context: MaintenanceContext) => waiting.splice(0).forEach((resolve) => resolve(context));
    const { api, calls, act, frame } = setup(healthyCluster(), { refresh: () => new Promise((resolve) => waiting.push(resolve)) });
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    const stale = api();
    stale.confirm();
    stale.confirm();
    await vi.waitFor(() => expect(frame()).toContain('RUNNING for 0ms \u2014 other operations are blocked until it ends'));
    release(contextOf(healthyCluster()));
    await vi.waitFor(() => expect(api().dialog.kind).toBe('finished'));
    await settle();
    expect(calls.execute).toHaveLength(1);
  });

  it.each([
    { name: 'refresh', port: { refresh: () => Promise.reject(new Error('member list failed')) } },
    { name: 'execute', port: { execute: () => Promise.reject(new Error('audit log not writable')) } },
  ])('a port whose $name throws ends in FAILED and leaves no operation marked running', async ({ name, port }) => {
    const { frame, api, store, act } = setup(healthyCluster(), port);
    await act((ops) => ops.open({ kind: 'defragment', memberId: idAt(1) }));
    api().confirm();
    await vi.waitFor(() => expect(frame()).toContain('FAILED:'));
    expect(frame()).toContain(name === 'refresh' ? 'member list failed' : 'audit log not writable');
    expect(store.getState().maintenance.running).toBeUndefined();
    await act((ops) => ops.close());
    await act((ops) => ops.open({ kind: 'compact', keepRevisions: 0 }));
    expect(frame()).not.toContain('REFUSED');
  });

  it('compaction says WHOLE CLUSTER and + / - change the revisions kept', async () => {
    const { frame, act, api } = setup(atRevision(25_000n));
    await act((ops) => ops.open({ kind: 'compact', keepRevisions: 0 }));
    expect(frame()).toContain('WHOLE CLUSTER');
    expect(frame()).toContain('target: 25000 (current revision)');
    await act((ops) => ops.keep(1));
    expect(frame()).toContain('Current revision: 25000   target: 24000 (keeps the last 1000 revisions)');
    await act((ops) => ops.keep(1));
    expect(frame()).toContain('target: 15000 (keeps the last 10000 revisions)');
    // Keeping 100000 at revision 25000 would compact to revision 1: nothing. Not offered.
    expect(api().keep(1)).toMatch(/nothing to compact at revision 15000/);
    expect(frame()).toContain('target: 15000 (keeps the last 10000 revisions)');
  });

  it('compaction at a young revision offers no choice that does nothing', async () => {
    // The case: "target: 1 (keeps the last 1000 revisions)" at revision 301.
    const { frame, act, api } = setup(atRevision(301n));
    await act((ops) => ops.open({ kind: 'compact', keepRevisions: 0 }));
    expect(api().keep(1)).toBe('keeping more revisions would leave nothing to compact at revision 301');
    expect(frame()).toContain('target: 301 (current revision)');
    expect(frame()).not.toContain('target: 1 ');
  });

  it('says before "y" when the operation would not be audited, and keeps saying it as the dialog changes', async () => {
    const problem = '/var/log/etcdtop/audit.log: permission denied';
    const { frame, act } = setup(atRevision(25_000n), { auditProblem: () => problem });
    await act((ops) => ops.open({ kind: 'compact', keepRevisions: 0 }));
    expect(frame()).toContain(`WARNING: this operation will not be audited: ${problem}`);
    await act((ops) => ops.keep(1));
    expect(frame()).toContain('target: 24000');
    expect(frame()).toContain(`WARNING: this operation will not be audited: ${problem}`);
    const recovery = setup(withNoSpace(healthyCluster(), 0), { auditProblem: () => problem });
    await recovery.act((ops) => ops.open('recovery'));
    expect(recovery.frame().replace(/\s+/g, ' ')).toContain(`WARNING: this operation will not be audited: ${problem}`);
  });

  it('says nothing about the audit log when it can be written', async () => {
    const { frame, act } = setup(healthyCluster(), { auditProblem: () => undefined });
    await act((ops) => ops.open({ kind: 'compact', keepRevisions: 0 }));
    expect(frame()).not.toContain('audited');
  });

  it('the recovery dialog lists the plan and is refused without an alarm', async () => {
    const noAlarm = setup(healthyCluster());
    await noAlarm.act((ops) => ops.open('recovery'));
    expect(noAlarm.frame()).toContain('REFUSED: no alarm is active');

    const full = setup(withNoSpace(healthyCluster(), 0));
    await full.act((ops) => ops.open('recovery'));
    const text = full.frame();
    expect(text).toContain('Snapshot to /backups/etcd-snapshot-');
    expect(text).toContain('Defragment the leader last (etcd-1 (4c95f7dc5897214a) now)');
    expect(text).toContain('Run the plan? y = yes');
  });

  it('y on the recovery plan hands the plan to the port once; s and a reach the runner', async () => {
    let seen: RecoveryControl | undefined;
    const { api, act, calls, frame, store } = setup(withNoSpace(healthyCluster(), 0), {
      recover: async (steps, control, onUpdate) => {
        seen = control;
        onUpdate(steps.map((step, i) => (i === 0 ? { ...step, status: 'done' } : step)));
        await new Promise((resolve) => setTimeout(resolve, 30));
        return { ok: false, message: 'recovery aborted before: Compact', nextStep: 'look at the member log' };
      },
    });
    await act((ops) => ops.open('recovery'));
    const dialog = api().dialog;
    if (dialog.kind !== 'asking-recovery') throw new Error(`dialog is ${dialog.kind}`);
    await act((ops) => ops.confirm());
    expect(calls.recover).toHaveLength(1);
    expect(calls.recover[0]?.steps).toBe(dialog.steps);
    api().skipStep();
    api().abort();
    expect(seen).toEqual({ skipNext: true, abort: true });
    await vi.waitFor(() => expect(frame()).toContain('FAILED: recovery aborted before: Compact'));
    expect(frame()).toContain('Next: look at the member log');
    expect(frame()).toContain('[DONE] Snapshot to /backups/');
    expect(store.getState().maintenance.running).toBeUndefined();
  });
});
