import { describe, expect, it } from 'vitest';
import { defragDecisions, findMember, type DefragConditions } from '../../../src/core/maintenance/defrag-selection.js';
import { defragmentSteps, runRecovery, type RecoveryDeps } from '../../../src/core/maintenance/recovery.js';
import { answer, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, idAt } from '../../helpers/maintenance-fakes.js';
import { GIB, healthyCluster, MIB, withDbSize, withLeader, withMemberDown } from '../../helpers/snapshot-factory.js';

// etcd-1 (index 0): 1.5 GiB of its 2 GiB quota, 100 MiB not in use; etcd-2 (index 1, the leader
// below): 200 MiB, 150 MiB not in use; etcd-3 (index 2): 50 MiB, all in use.
const sized = withLeader(withDbSize(withDbSize(withDbSize(healthyCluster(), 0, 1.5 * GIB, 1.5 * GIB - 100 * MIB), 1, 200 * MIB, 50 * MIB), 2, 50 * MIB, 50 * MIB), 1);

const picked = (conditions: DefragConditions, snapshot = sized) =>
  defragDecisions(contextOf(snapshot), conditions).filter((d) => d.selected).map((d) => d.row.name);

describe('defragDecisions', () => {
  it.each([
    { name: 'no condition: every member, followers first, the leader last', conditions: {}, expected: ['etcd-1', 'etcd-3', 'etcd-2'] },
    { name: 'DB over 70% of the quota', conditions: { dbOverQuotaPercent: 70 }, expected: ['etcd-1'] },
    { name: 'more than 120 MiB not in use', conditions: { unusedOverBytes: 120 * MIB }, expected: ['etcd-2'] },
    { name: 'more than 50% not in use', conditions: { unusedOverPercent: 50 }, expected: ['etcd-2'] },
    { name: 'either condition (OR), the leader still last', conditions: { dbOverQuotaPercent: 70, unusedOverPercent: 50 }, expected: ['etcd-1', 'etcd-2'] },
    { name: 'a condition nobody meets', conditions: { dbOverQuotaPercent: 90 }, expected: [] },
  ])('$name', ({ conditions, expected }) => {
    expect(picked(conditions)).toEqual(expected);
  });

  it('says why a member is or is not selected, with the figures and the limit', () => {
    const decisions = defragDecisions(contextOf(sized), { dbOverQuotaPercent: 70 });
    expect(decisions[0]).toMatchObject({ selected: true, reason: 'DB 1.5 GiB is 75.0% of the 2.0 GiB quota (limit 70%)' });
    expect(decisions.find((d) => d.row.name === 'etcd-3')).toMatchObject({ selected: false, reason: 'DB 50 MiB is 2.4% of the 2.0 GiB quota (limit 70%)' });
  });

  it('a member that does not answer is not selected by a condition (its size is unknown)', () => {
    const decisions = defragDecisions(contextOf(withMemberDown(sized, 0)), { dbOverQuotaPercent: 70 });
    expect(decisions.find((d) => d.row.id === idAt(0))).toMatchObject({ selected: false, reason: 'DOWN: its DB size is unknown' });
  });

  it('with no condition a member down is selected but refused, and so is every other (quorum)', () => {
    const decisions = defragDecisions(contextOf(withMemberDown(sized, 0)), {});
    expect(decisions.find((d) => d.row.id === idAt(0))?.refusal).toMatch(/is DOWN: there is nothing to defragment/);
    expect(decisions.find((d) => d.row.id === idAt(2))?.refusal).toMatch(/quorum needs 2/);
  });

  it('--member narrows the decisions to that member', () => {
    const only = findMember(contextOf(sized).rows, 'etcd-3');
    expect(defragDecisions(contextOf(sized), {}, only).map((d) => d.row.name)).toEqual(['etcd-3']);
    expect(findMember(contextOf(sized).rows, idAt(1).toUpperCase())?.name).toBe('etcd-2');
    expect(findMember(contextOf(sized).rows, 'etcd-9')).toBeUndefined();
  });
});

describe('runRecovery with a scope (etcdtop defrag)', () => {
  function deps(gateway: FakeGateway, snapshots: () => ReturnType<typeof healthyCluster>): RecoveryDeps {
    return { gateway, refresh: async () => contextOf(snapshots()), audit: () => undefined, user: 't', now: () => 0, pauseMs: 0, sleep: async () => undefined };
  }
  const gatewayFor = () => {
    const gateway = new FakeGateway();
    for (const index of [0, 1, 2]) {
      const status = sized.members[index]?.status;
      if (!status?.ok) throw new Error('no status');
      gateway.script('defragment', endpointAt(index), answer(undefined)).script('status', endpointAt(index), answer(status.value));
    }
    return gateway;
  };

  it('defragments only the members in scope, the leader last, and says how many', async () => {
    const gateway = gatewayFor();
    const scope = new Set([idAt(1), idAt(2)]);
    const outcome = await runRecovery(defragmentSteps(contextOf(sized), scope), deps(gateway, () => sized), { skipNext: false, abort: false }, () => undefined, scope);
    expect(outcome).toEqual({ ok: true, message: '2 members defragmented' });
    expect(gateway.callsTo('defragment').map((c) => c.target)).toEqual([endpointAt(2), endpointAt(1)]);
  });

  it('when leadership moves to a member out of scope mid-run, that member is still never touched', async () => {
    const gateway = gatewayFor();
    const scope = new Set([idAt(0), idAt(1)]);
    // After the first defragment, etcd-3 (out of scope) becomes the leader.
    const now = () => (gateway.callsTo('defragment').length > 0 ? withLeader(sized, 2) : sized);
    const outcome = await runRecovery(defragmentSteps(contextOf(sized), scope), deps(gateway, now), { skipNext: false, abort: false }, () => undefined, scope);
    expect(outcome.ok).toBe(true);
    expect(gateway.callsTo('defragment').map((c) => c.target)).toEqual([endpointAt(0), endpointAt(1)]);
  });

  it('a step the safety rules refuse stops the run as refused, not failed', async () => {
    const gateway = gatewayFor();
    const down = withMemberDown(sized, 0);
    const scope = new Set([idAt(1), idAt(2)]);
    const outcome = await runRecovery(defragmentSteps(contextOf(down), scope), deps(gateway, () => down), { skipNext: false, abort: false }, () => undefined, scope);
    expect(outcome).toMatchObject({ ok: false, refused: true });
    expect(outcome.message).toMatch(/quorum needs 2/);
    expect(gateway.callsTo('defragment')).toEqual([]);
  });
});
