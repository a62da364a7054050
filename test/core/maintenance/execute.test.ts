import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { execute, type AuditEntry, type ExecuteDeps } from '../../../src/core/maintenance/execute.js';
import { propose, type OperationRequest } from '../../../src/core/maintenance/operations.js';
import type { MemberStatus } from '../../../src/etcd/gateway.js';
import { answer, fail, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, idAt, recordingAudit, steppingClock } from '../../helpers/maintenance-fakes.js';
import { failure, healthyCluster, TAKEN_AT_MS, withAlarm, withLeader } from '../../helpers/snapshot-factory.js';

const START_MS = TAKEN_AT_MS + 60_000;
const STEP_MS = 1234;

function statusOf(snapshot: ClusterSnapshot, index: number, patch: Partial<MemberStatus> = {}): MemberStatus {
  const status = snapshot.members[index]?.status;
  if (!status?.ok) throw new Error(`member ${index} has no status`);
  return { ...status.value, ...patch };
}

function depsFor(gateway: FakeGateway): ExecuteDeps & { entries: AuditEntry[] } {
  return { gateway, ...recordingAudit(), user: 'alice', now: steppingClock(START_MS, STEP_MS) };
}

const SNAPSHOT_RESULT = { path: '/backups/s.db', sizeBytes: 25_000_000, revision: 911n, sha256: '0123456789abcdef'.repeat(4) };

/** One scenario per operation: where the call must go, with what, and what the gateway answers. */
interface Scenario {
  name: string;
  snapshot: ClusterSnapshot;
  request: OperationRequest;
  script: (gateway: FakeGateway) => FakeGateway;
  failing: (gateway: FakeGateway) => FakeGateway;
  method: 'compact' | 'defragment' | 'disarm' | 'moveLeader' | 'snapshot';
  expected: [string, unknown[]][];
  target: AuditEntry['target'];
  parameters: AuditEntry['parameters'];
}

const base = healthyCluster();
const twoAlarms = withAlarm(withAlarm(base, 0, 'NOSPACE'), 2, 'NOSPACE');
const ledBy2 = withLeader(base, 1);
const member = (i: number) => ({ id: idAt(i), name: `etcd-${i + 1}`, endpoint: endpointAt(i) });

const SCENARIOS: Scenario[] = [
  {
    name: 'defragment etcd-3: only the captured member',
    snapshot: base,
    request: { kind: 'defragment', memberId: idAt(2) },
    script: (g) => g.script('defragment', endpointAt(2), answer(undefined)).script('status', endpointAt(2), answer(statusOf(base, 2, { dbSizeBytes: 10_000_000 }))),
    failing: (g) => g.script('defragment', endpointAt(2), fail(failure('timeout', 'timed out after 5m', 'check the member log'))),
    method: 'defragment',
    expected: [[endpointAt(2), []]],
    target: member(2),
    parameters: {},
  },
  {
    name: 'move-leader to etcd-3 while etcd-2 leads: sent to the LEADER',
    snapshot: ledBy2,
    request: { kind: 'move-leader', memberId: idAt(2) },
    script: (g) => g.script('moveLeader', endpointAt(1), answer(undefined)),
    failing: (g) => g.script('moveLeader', endpointAt(1), fail(failure('rejected', 'etcdserver: not leader'))),
    method: 'moveLeader',
    expected: [[endpointAt(1), [idAt(2)]]],
    target: member(2),
    parameters: {},
  },
  {
    name: 'disarm two alarms: one call per alarm',
    snapshot: twoAlarms,
    request: { kind: 'disarm' },
    script: (g) => g.script('disarm', endpointAt(0), answer(undefined)),
    failing: (g) => g.script('disarm', endpointAt(0), fail(failure('auth'))),
    method: 'disarm',
    expected: [
      [endpointAt(0), [{ memberId: idAt(0), alarm: 'NOSPACE' }]],
      [endpointAt(0), [{ memberId: idAt(2), alarm: 'NOSPACE' }]],
    ],
    target: 'cluster',
    parameters: {},
  },
  {
    name: 'snapshot from etcd-2 to a path',
    snapshot: base,
    request: { kind: 'snapshot', memberId: idAt(1), path: '/backups/s.db' },
    script: (g) => g.script('snapshot', endpointAt(1), answer(SNAPSHOT_RESULT)),
    failing: (g) => g.script('snapshot', endpointAt(1), fail(failure('rejected', 'no space left on device'))),
    method: 'snapshot',
    expected: [[endpointAt(1), ['/backups/s.db']]],
    target: member(1),
    parameters: { path: '/backups/s.db' },
  },
  {
    name: 'compact keeping 11 revisions: the whole cluster, through the leader',
    snapshot: base,
    request: { kind: 'compact', keepRevisions: 11 },
    script: (g) => g.script('compact', endpointAt(0), answer({ revision: 900n, alreadyCompacted: false })),
    failing: (g) => g.script('compact', endpointAt(0), fail(failure('timeout'))),
    method: 'compact',
    expected: [[endpointAt(0), [900n]]],
    target: 'cluster',
    parameters: { revision: '900', keepRevisions: 11 },
  },
];

const CHANGING = new Set(['compact', 'defragment', 'disarm', 'moveLeader', 'snapshot', 'put']);
const changingCalls = (gateway: FakeGateway) => gateway.calls.filter((c) => CHANGING.has(c.method)).map((c) => [c.method, c.target, c.args]);

describe('execute', () => {
  it.each(SCENARIOS)('$name: exactly the right call, nothing else that changes the cluster', async (s) => {
    const gateway = s.script(new FakeGateway());
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), depsFor(gateway));
    expect(result.ok).toBe(true);
    expect(changingCalls(gateway)).toEqual(s.expected.map(([target, args]) => [s.method, target, args]));
  });

  it.each(SCENARIOS)('$name: one audit entry saying who did what, when, and how it went', async (s) => {
    const gateway = s.script(new FakeGateway());
    const deps = depsFor(gateway);
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), deps);
    expect(deps.entries).toEqual([{
      time: new Date(START_MS).toISOString(),
      user: 'alice',
      operation: s.request.kind,
      target: s.target,
      parameters: s.parameters,
      result: 'ok',
      message: result.message,
      durationMs: STEP_MS,
    }]);
  });

  it.each(SCENARIOS)('$name: a failure is one call, never retried, and audited as failed', async (s) => {
    const gateway = s.failing(new FakeGateway());
    const deps = depsFor(gateway);
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), deps);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/failed: /);
    expect(gateway.callsTo(s.method)).toHaveLength(1);
    expect(deps.entries).toHaveLength(1);
    expect(deps.entries[0]).toMatchObject({ result: 'failed', message: result.message, durationMs: STEP_MS });
  });

  it('passes the gateway hint on with a failure', async () => {
    const s = SCENARIOS[0]!;
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), depsFor(s.failing(new FakeGateway())));
    expect(result).toEqual({ ok: false, message: 'defragment of etcd-3 (ee098f6d097e6ce5) failed: timed out after 5m', hint: 'check the member log' });
  });

  it('reports the defragment as size before → after', async () => {
    const s = SCENARIOS[0]!;
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), depsFor(s.script(new FakeGateway())));
    expect(result.message).toMatch(/^defragmented etcd-3 \(ee098f6d097e6ce5\): 24 MiB → 9.5 MiB in \d+\.\ds$/);
  });

  it('reports the snapshot file, size, revision and its whole checksum', async () => {
    const s = SCENARIOS[3]!;
    const result = await execute(propose(s.request, contextOf(s.snapshot)), contextOf(s.snapshot), depsFor(s.script(new FakeGateway())));
    expect(result.message).toBe(`snapshot /backups/s.db: 24 MiB, revision 911, sha256 ${SNAPSHOT_RESULT.sha256}`);
  });

  it('stops disarming at the first failure: the second alarm is not tried', async () => {
    const gateway = new FakeGateway().script('disarm', endpointAt(0), fail(failure('auth')), answer(undefined));
    const result = await execute(propose({ kind: 'disarm' }, contextOf(twoAlarms)), contextOf(twoAlarms), depsFor(gateway));
    expect(result.message).toBe(`disarm of NOSPACE on ${idAt(0)} failed: permission denied`);
    expect(gateway.callsTo('disarm')).toHaveLength(1);
  });

  it('turns a gateway that throws into a failed, audited result', async () => {
    const gateway = new FakeGateway();
    gateway.defragment = async () => {
      throw new Error('bug in the gateway');
    };
    const deps = depsFor(gateway);
    const result = await execute(propose({ kind: 'defragment', memberId: idAt(1) }, contextOf(base)), contextOf(base), deps);
    expect(result).toEqual({ ok: false, message: 'defragment failed: bug in the gateway' });
    expect(deps.entries.map((e) => e.result)).toEqual(['failed']);
  });
});
