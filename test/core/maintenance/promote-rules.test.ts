import { describe, expect, it } from 'vitest';
import { execute } from '../../../src/core/maintenance/execute.js';
import { LEARNER_READY_PERCENT, learnerProgress } from '../../../src/core/maintenance/learner-rules.js';
import { confirmRefusal, propose } from '../../../src/core/maintenance/operations.js';
import { answer, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, idAt, recordingAudit } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withMemberDown, withStatus } from '../../helpers/snapshot-factory.js';

// Three voters (etcd-1 leads) and a learner, etcd-4, whose raft index the test sets.
const withLearnerAt = (learnerIndex: bigint, leaderIndex = 1000n) =>
  withStatus(withStatus(healthyCluster({ learners: 1 }), 0, { raftIndex: leaderIndex }), 3, { raftIndex: learnerIndex });
const promote = { kind: 'promote' as const, memberId: idAt(3) };

describe('promoting a learner', () => {
  it.each([
    { name: 'caught up (95%)', learner: 950n, refusal: undefined },
    { name: 'exactly at etcd\u2019s 90%', learner: 900n, refusal: undefined },
    { name: 'behind (50%)', learner: 500n, refusal: /not caught up: raft index 500 of the leader's 1000 \(50\.0%\); etcd promotes a learner only from 90%/ },
  ])('$name', ({ learner, refusal }) => {
    const proposal = propose(promote, contextOf(withLearnerAt(learner)));
    if (refusal) expect(proposal.refusal).toMatch(refusal);
    else expect(proposal.refusal).toBeUndefined();
  });

  it('refuses a voter, a learner that does not answer, and while another operation runs', () => {
    expect(propose({ kind: 'promote', memberId: idAt(1) }, contextOf(withLearnerAt(990n))).refusal).toMatch(/already a voting member/);
    expect(propose(promote, contextOf(withMemberDown(withLearnerAt(990n), 3))).refusal).toMatch(/is DOWN/);
    expect(propose(promote, contextOf(withLearnerAt(990n), { running: 'defragment' })).refusal).toMatch(/still running/);
  });

  it('says where the learner stands and what changes for quorum', () => {
    const proposal = propose(promote, contextOf(withLearnerAt(990n)));
    expect(proposal.lines.join('\n')).toMatch(/Raft index 990 of the leader's 1000 \(99\.0%\)[\s\S]*3 voters become 4/);
    expect(learnerProgress(contextOf(withLearnerAt(990n)).rows, idAt(3), idAt(0))?.percent).toBe(99);
    expect(LEARNER_READY_PERCENT).toBe(90);
  });

  it('is re-judged at "y": a learner that fell behind since the dialog opened is refused', () => {
    const proposal = propose(promote, contextOf(withLearnerAt(990n)));
    expect(confirmRefusal(proposal, contextOf(withLearnerAt(100n, 5000n)))).toMatch(/not caught up/);
  });

  it('is sent to the leader, once, and audited', async () => {
    const gateway = new FakeGateway().script('promoteLearner', endpointAt(0), answer(undefined));
    const audit = recordingAudit();
    const context = contextOf(withLearnerAt(990n));
    const result = await execute(propose(promote, context), context, { gateway, ...audit, user: 'alice', now: () => 0 });
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(/^promoted etcd-4 \(\w+\): it is now a voting member$/) });
    expect(gateway.callsTo('promoteLearner').map((c) => [c.target, c.args])).toEqual([[endpointAt(0), [idAt(3)]]]);
    expect(audit.entries).toMatchObject([{ operation: 'promote', result: 'ok', target: { id: idAt(3) } }]);
  });
});
