import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { execute } from '../../../src/core/maintenance/execute.js';
import { propose } from '../../../src/core/maintenance/operations.js';
import { answer, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, recordingAudit } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withMemberDown, withStatus } from '../../helpers/snapshot-factory.js';

/** Members answered with revisions 911, 950 and 930: the cluster's current revision is 950. */
const revisions = (): ClusterSnapshot =>
  withStatus(withStatus(healthyCluster(), 1, { revision: 950n }), 2, { revision: 930n });

const compact = (snapshot: ClusterSnapshot, keepRevisions?: number, running?: string) =>
  propose({ kind: 'compact', ...(keepRevisions === undefined ? {} : { keepRevisions }) }, contextOf(snapshot, running ? { running } : {}));

describe('proposeCompact', () => {
  it('says it is cluster-wide', () => {
    const proposal = compact(revisions());
    expect(proposal.title).toMatch(/WHOLE CLUSTER/);
    expect(proposal.lines[0]).toMatch(/cluster-wide: every member/);
    expect(proposal.captured).toBeUndefined();
  });

  it('targets the current revision, the highest any member reports', () => {
    const proposal = compact(revisions());
    expect(proposal.revision).toBe(950n);
    expect(proposal.lines[1]).toBe('Current revision: 950   target: 950 (current revision)');
    expect(proposal.refusal).toBeUndefined();
  });

  it.each([
    { keep: 0, target: 950n },
    { keep: 100, target: 850n },
    { keep: 949, target: 1n },
    { keep: 950, target: 1n },
    { keep: 100_000, target: 1n },
    { keep: -5, target: 950n },
  ])('keeping $keep revisions compacts to $target (never below 1)', ({ keep, target }) => {
    expect(compact(revisions(), keep).revision).toBe(target);
  });

  it('says how many revisions it keeps', () => {
    expect(compact(revisions(), 100).lines[1]).toBe('Current revision: 950   target: 850 (keeps the last 100 revisions)');
  });

  it('still knows the revision when some members are down', () => {
    expect(compact(withMemberDown(revisions(), 1)).revision).toBe(930n);
  });

  it('refuses when no member answers: the revision is unknown', () => {
    const proposal = compact([0, 1, 2].reduce((snap, i) => withMemberDown(snap, i), healthyCluster()));
    expect(proposal.refusal).toBe('no member answers: the current revision is unknown');
    expect(proposal.revision).toBeUndefined();
  });

  it('refuses while another operation runs', () => {
    expect(compact(revisions(), 0, 'Defragment etcd-2').refusal).toMatch(/Defragment etcd-2 is still running/);
  });
});

describe('execute(compact)', () => {
  const deps = (gateway: FakeGateway) => ({ gateway, ...recordingAudit(), user: 'alice', now: () => 0 });

  it.each([
    { alreadyCompacted: false, message: 'compacted the cluster to revision 950' },
    { alreadyCompacted: true, message: 'already compacted at revision 950: nothing to do' },
  ])('alreadyCompacted=$alreadyCompacted is a success: "$message"', async ({ alreadyCompacted, message }) => {
    const gateway = new FakeGateway().script('compact', endpointAt(0), answer({ revision: 950n, alreadyCompacted }));
    const d = deps(gateway);
    const snapshot = revisions();
    const result = await execute(compact(snapshot), contextOf(snapshot), d);
    expect(result).toEqual({ ok: true, message });
    expect(gateway.calls.map((c) => [c.method, c.target, c.args])).toEqual([['compact', endpointAt(0), [950n]]]);
    expect(d.entries.map((e) => e.result)).toEqual(['ok']);
  });

  it('goes through a serving member when the leader does not answer', async () => {
    const snapshot = withMemberDown(revisions(), 0);
    const gateway = new FakeGateway().script('compact', endpointAt(1), answer({ revision: 950n, alreadyCompacted: false }));
    const result = await execute(compact(snapshot), contextOf(snapshot), deps(gateway));
    expect(result.ok).toBe(true);
    expect(gateway.calls.map((c) => c.target)).toEqual([endpointAt(1)]);
  });
});
