import { describe, expect, it } from 'vitest';
import { propose } from '../../../src/core/maintenance/operations.js';
import { defragmentRefusal, followersStillToDefragment } from '../../../src/core/maintenance/safety-rules.js';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { contextOf, idAt } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withDbSize, withMemberDown, withNoSpace, withUnstartedMember } from '../../helpers/snapshot-factory.js';

const refusalFor = (snapshot: ClusterSnapshot, target: number | string, running?: string) =>
  defragmentRefusal(contextOf(snapshot).rows, typeof target === 'number' ? idAt(target) : target, running);

const down = (snapshot: ClusterSnapshot, ...indexes: number[]) => indexes.reduce((snap, i) => withMemberDown(snap, i), snapshot);

describe('defragmentRefusal', () => {
  it('refuses while another operation runs, naming it', () => {
    expect(refusalFor(healthyCluster(), 1, 'Compact the keyspace')).toBe('Compact the keyspace is still running; wait for it to finish');
  });

  it('refuses a member that is no longer in the member list', () => {
    expect(refusalFor(healthyCluster(), 'deadbeefdeadbeef')).toMatch(/no longer in the member list/);
  });

  it('refuses a DOWN member: there is nothing to defragment until it answers', () => {
    expect(refusalFor(down(healthyCluster({ members: 5 }), 3), 3)).toMatch(/^etcd-4 \(8e9e05c52164694d\) is DOWN/);
  });

  it.each([0, 1])('3 members with etcd-3 down: blocking serving etcd-%i would cost quorum', (target) => {
    const refusal = refusalFor(down(healthyCluster(), 2), target);
    expect(refusal).toContain(`etcd-${target + 1}`);
    expect(refusal).toContain('etcd-3 (ee098f6d097e6ce5) down');
    expect(refusal).toContain('only 1 of 3 voters would serve');
    expect(refusal).toContain('quorum needs 2');
  });

  it.each([
    { name: 'healthy 3 members, a follower', snapshot: healthyCluster(), target: 1, expected: undefined },
    { name: 'healthy 3 members, the leader', snapshot: healthyCluster(), target: 0, expected: undefined },
    { name: 'healthy single member (a warning, not a refusal)', snapshot: healthyCluster({ members: 1 }), target: 0, expected: undefined },
    { name: '2 members, 1 down', snapshot: down(healthyCluster({ members: 2 }), 1), target: 0, expected: 'only 0 of 2 voters would serve, and quorum needs 2' },
    { name: '5 members, 1 down', snapshot: down(healthyCluster({ members: 5 }), 4), target: 1, expected: undefined },
    { name: '5 members, 2 down', snapshot: down(healthyCluster({ members: 5 }), 3, 4), target: 1, expected: 'only 2 of 5 voters would serve, and quorum needs 3' },
    { name: '3 members all NOSPACE (unhealthy still serves)', snapshot: [0, 1, 2].reduce((snap, i) => withNoSpace(snap, i), healthyCluster()), target: 2, expected: undefined },
  ])('$name → $expected', ({ snapshot, target, expected }) => {
    const refusal = refusalFor(snapshot, target);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else expect(refusal).toContain(expected);
  });

  it('does not count learners toward quorum: 3 voters + 2 learners, 1 voter down → refused', () => {
    // Counted as voters, the 2 learners would make it 3 of 5 serving and let it through.
    const refusal = refusalFor(down(healthyCluster({ members: 3, learners: 2 }), 2), 1);
    expect(refusal).toContain('only 1 of 3 voters would serve, and quorum needs 2');
  });

  it('allows defragmenting a learner even when the voters have no failure to spare', () => {
    expect(refusalFor(down(healthyCluster({ members: 3, learners: 1 }), 2), 3)).toBeUndefined();
  });

  it('counts a voter that was added but never started: 3 up + 1 unstarted voter needs 3 of 4', () => {
    const refusal = refusalFor(withUnstartedMember(healthyCluster()), 1);
    expect(refusal).toContain('only 2 of 4 voters would serve, and quorum needs 3');
  });

  it('does not count an unstarted learner', () => {
    expect(refusalFor(withUnstartedMember(healthyCluster(), { learner: true }), 1)).toBeUndefined();
  });

  it('propose carries the same refusal to the dialog', () => {
    const proposal = propose({ kind: 'defragment', memberId: idAt(0) }, contextOf(down(healthyCluster(), 2)));
    expect(proposal.refusal).toContain('quorum needs 2');
  });
});

describe('followersStillToDefragment and the leader warning', () => {
  const base = healthyCluster();
  const warningsFor = (target: number, defragmented: number[], snapshot = base) =>
    propose({ kind: 'defragment', memberId: idAt(target) }, contextOf(snapshot, { defragmented })).warnings;

  it('warns when the leader goes before its followers, naming them and the m key', () => {
    const warnings = warningsFor(0, []);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('etcd-1 (4c95f7dc5897214a) is the LEADER');
    expect(warnings[0]).toContain('etcd-2 (66fb782b14ae096a), etcd-3 (ee098f6d097e6ce5) have not been defragmented yet');
    expect(warnings[0]).toMatch(/press m\b/);
  });

  it.each([
    { members: 1, warning: 'this cluster has 1 voting member: writes stop until the defragment ends' },
    { members: 2, warning: 'this cluster has 2 voting members: writes stop until the defragment ends' },
  ])('warns that a healthy $members-member cluster stops writes while it runs', ({ members, warning }) => {
    expect(warningsFor(1 % members, [0], healthyCluster({ members }))).toContain(warning);
    expect(warningsFor(0, [], healthyCluster({ members: 3 }))).not.toContain(expect.stringMatching(/writes stop/));
  });

  it('names only the followers still to do', () => {
    const warnings = warningsFor(0, [1]);
    expect(warnings[0]).toContain('etcd-3 (ee098f6d097e6ce5) has not been defragmented yet');
    expect(warnings[0]).not.toContain('etcd-2');
  });

  it('does not warn once every follower was defragmented this session', () => {
    expect(warningsFor(0, [1, 2])).toEqual([]);
    expect(followersStillToDefragment(contextOf(base).rows, idAt(0), new Set([idAt(1), idAt(2)]))).toEqual([]);
  });

  it.each([[1, []], [2, []], [1, [2]]])('never warns for follower etcd-%i (defragmented: %j)', (target, done) => {
    expect(warningsFor(target, done)).toEqual([]);
    expect(followersStillToDefragment(contextOf(base).rows, idAt(target), new Set())).toEqual([]);
  });

  it('leaves out a follower that is down: it cannot be defragmented first', () => {
    const rows = contextOf(down(healthyCluster({ members: 5 }), 4)).rows;
    expect(followersStillToDefragment(rows, idAt(0), new Set()).map((row) => row.name)).toEqual(['etcd-2', 'etcd-3', 'etcd-4']);
  });
});

describe('the defragment dialog', () => {
  it('names the member, its DB and in-use sizes, and says it blocks', () => {
    const snapshot = withDbSize(healthyCluster(), 1, 300_000_000, 120_000_000);
    const proposal = propose({ kind: 'defragment', memberId: idAt(1) }, contextOf(snapshot));
    const text = proposal.lines.join('\n');
    expect(proposal.title).toBe('Defragment etcd-2 (66fb782b14ae096a)');
    expect(text).toContain('etcd-2');
    expect(text).toContain('66fb782b14ae096a');
    expect(text).toContain('https://10.0.0.2:2379');
    expect(text).toContain('DB size 286 MiB, in use 114 MiB');
    expect(text).toMatch(/BLOCKS all reads and writes while it runs/);
    expect(proposal.captured?.id).toBe(idAt(1));
  });
});
