// Three endpoints, the third taken over by a one-member cluster (a member restarted with a new
// data dir and token). Whichever answers first, the round must poll the real cluster, count the
// taken-over member as down, keep both clusters, and the verdict must be CRITICAL naming both ids
// and which endpoints answer for which; maintenance must refuse. Before, discovery adopted the
// first member list, and `check` said "OK: 1 member" when the impostor was fastest.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkText, EXIT_CODES } from '../../src/commands/check.js';
import { analyseRound } from '../../src/commands/analyse-round.js';
import { statusJson, statusTable } from '../../src/commands/status-report.js';
import { collectSnapshot } from '../../src/core/collect-snapshot.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import { propose } from '../../src/core/maintenance/operations.js';
import { initialMonitorState, reduceMonitor } from '../../src/core/monitor-state.js';
import { bannerViewOf } from '../../src/core/views/banner-view.js';
import { defaultThresholds } from '../../src/core/verdict.js';
import type { MemberList, MemberStatus } from '../../src/etcd/gateway.js';
import { answer, fail, FakeGateway } from '../helpers/fake-gateway.js';
import { failure, healthyCluster, memberIdAt } from '../helpers/snapshot-factory.js';

const endpointOf = (i: number) => `https://10.0.0.${i + 1}:2379`;
const FOREIGN_CLUSTER = 'f0f0f0f0f0f0f0f0';
const FOREIGN_MEMBER = 'abcabcabcabcabc1';

function ours(): { snapshot: ClusterSnapshot; list: MemberList; status: (i: number) => MemberStatus } {
  const snapshot = healthyCluster();
  if (!snapshot.discovery.ok) throw new Error('factory snapshot has no member list');
  const list = snapshot.discovery.value;
  const status = (i: number) => {
    const outcome = snapshot.members[i]?.status;
    if (!outcome?.ok) throw new Error('factory member did not answer');
    return outcome.value;
  };
  return { snapshot, list, status };
}

/** Endpoint 2 (etcd-3's address) now answers as the lone member of another cluster. */
function takenOver(latencies: { ours: number; foreign: number }): FakeGateway {
  const { snapshot, list, status } = ours();
  const foreignList: MemberList = {
    clusterId: FOREIGN_CLUSTER,
    answeredBy: FOREIGN_MEMBER,
    members: [{ id: FOREIGN_MEMBER, name: 'etcd-3', peerUrls: ['https://10.0.0.3:2380'], clientUrls: [endpointOf(2)], isLearner: false }],
  };
  const foreignStatus: MemberStatus = { ...status(2), clusterId: FOREIGN_CLUSTER, memberId: FOREIGN_MEMBER, leaderId: FOREIGN_MEMBER, raftTerm: 2n };
  return FakeGateway.fromSnapshot(snapshot)
    .script('memberList', endpointOf(0), answer(list, latencies.ours))
    .script('memberList', endpointOf(1), answer(list, latencies.ours))
    .script('memberList', endpointOf(2), answer(foreignList, latencies.foreign))
    .script('status', endpointOf(2), answer(foreignStatus));
}

async function roundOf(gateway: FakeGateway): Promise<ClusterSnapshot> {
  const round = collectSnapshot(gateway, { seedEndpoints: [0, 1, 2].map(endpointOf), metricsUrls: [], now: () => Date.now() });
  await vi.advanceTimersByTimeAsync(10_000);
  return round;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe.each([
  { who: 'the impostor answers first', latencies: { ours: 30, foreign: 5 } },
  { who: 'the real cluster answers first', latencies: { ours: 5, foreign: 30 } },
])('an endpoint taken over by a one-member cluster ($who)', ({ latencies }) => {
  it('polls the cluster most endpoints answer for, and keeps both clusters with their endpoints', async () => {
    const snapshot = await roundOf(takenOver(latencies));
    const { list } = ours();
    expect(snapshot.discovery).toMatchObject({ ok: true, value: { clusterId: list.clusterId } });
    expect(snapshot.members.map((m) => m.member.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(snapshot.clusters).toEqual([
      { clusterId: list.clusterId, endpoints: [endpointOf(0), endpointOf(1)], members: list.members },
      { clusterId: FOREIGN_CLUSTER, endpoints: [endpointOf(2)], members: [expect.objectContaining({ id: FOREIGN_MEMBER })] },
    ]);
  });

  it('counts the taken-over member as not answering, and says whose answer it got', async () => {
    const snapshot = await roundOf(takenOver(latencies));
    const taken = snapshot.members[2]!;
    expect(taken.status).toMatchObject({ ok: false, failure: { kind: 'rejected', message: expect.stringContaining(`another cluster: ${FOREIGN_CLUSTER}`) } });
    expect(taken.health?.ok).toBe(false);
  });

  it('is CRITICAL in check, headlined by both cluster ids and the endpoints answering for each', async () => {
    const report = analyseRound(await roundOf(takenOver(latencies)), defaultThresholds);
    const { list } = ours();
    expect(report.verdict.level).toBe('critical');
    expect(EXIT_CODES[report.verdict.level]).toBe(2);
    const headline = report.verdict.findings[0]!;
    expect(headline.code).toBe('cluster-id-mismatch');
    expect(headline.message).toContain(`cluster ${list.clusterId} (shown) (3 members: etcd-1, etcd-2, etcd-3) answers at ${endpointOf(0)}, ${endpointOf(1)}`);
    expect(headline.message).toContain(`cluster ${FOREIGN_CLUSTER} (1 member: etcd-3) answers at ${endpointOf(2)}`);
    expect(checkText(report.verdict, report.rows.length)).toMatch(/^CRITICAL: \d+ findings, first: endpoints answer for 2 different clusters/);
    // Quorum is judged on our cluster: its third member is really gone.
    expect(report.verdict.findings.map((f) => f.code)).toContain('quorum-at-risk');
  });

  it('shows both clusters in status, as a table and as JSON', async () => {
    const report = analyseRound(await roundOf(takenOver(latencies)), defaultThresholds);
    const { list } = ours();
    const table = statusTable(report);
    expect(table).toContain('CLUSTER ID MISMATCH: the endpoints answer for 2 different clusters');
    expect(table).toContain(`cluster ${FOREIGN_CLUSTER}: etcd-3 \u2014 answers at ${endpointOf(2)}`);
    // By name, as check says it, whatever order the member list (by id) gives them in.
    const clusters = report.snapshot.clusters!;
    const shuffled = { ...clusters[0]!, members: [2, 0, 1].map((i) => ({ ...list.members[i]!, name: ['etcd-2', 'etcd-10', 'etcd-3'][i]! })) };
    const reordered = statusTable({ ...report, snapshot: { ...report.snapshot, clusters: [shuffled, ...clusters.slice(1)] } });
    expect(reordered).toContain(`cluster ${list.clusterId} (shown above): etcd-2, etcd-3, etcd-10 \u2014 answers at`);
    const json = statusJson(report) as { clusterId: string; clusters: { clusterId: string; endpoints: string[] }[] };
    expect(json.clusterId).toBe(list.clusterId);
    expect(json.clusters.map((c) => [c.clusterId, c.endpoints])).toEqual([
      [list.clusterId, [endpointOf(0), endpointOf(1)]],
      [FOREIGN_CLUSTER, [endpointOf(2)]],
    ]);
  });
});

describe('one cluster answering', () => {
  it('leaves `clusters` out of the round and lists the one cluster in status JSON', async () => {
    const { snapshot, list } = ours();
    const round = await roundOf(FakeGateway.fromSnapshot(snapshot));
    expect(round.clusters).toBeUndefined();
    const json = statusJson(analyseRound(round, defaultThresholds)) as { clusters: { clusterId: string; endpoints: string[] }[] };
    expect(json.clusters).toEqual([{ clusterId: list.clusterId, endpoints: [0, 1, 2].map(endpointOf), members: list.members.map((m) => ({ id: m.id, name: m.name })) }]);
  });
});

describe('maintenance while two clusters answer', () => {
  it.each(['compact', 'defragment', 'disarm', 'move-leader', 'snapshot'] as const)('refuses %s, saying why', (kind) => {
    const refusal = 'the endpoints answer for 2 different clusters (a, b): nothing is run until every endpoint answers for one cluster';
    const proposal = propose({ kind, memberId: memberIdAt(1) }, { rows: [], leaderId: memberIdAt(0), alarms: [], defragmented: new Set(), clusterMismatch: refusal });
    expect(proposal.refusal).toBe(refusal);
  });
});

describe('the monitor while two clusters answer', () => {
  it('names both clusters in the banner, headlines CRITICAL, and every maintenance proposal is refused', async () => {
    const snapshot = await roundOf(takenOver({ ours: 5, foreign: 5 }));
    const state = reduceMonitor(initialMonitorState({ historyCapacity: 10 }), { type: 'round', snapshot });
    const banner = bannerViewOf(state, { width: 200, nowMs: snapshot.takenAtMs, intervalMs: 1000, paused: false, readOnly: false });
    expect(banner.word).toBe('CRITICAL');
    expect(banner.headline).toMatch(/^endpoints answer for 2 different clusters/);
    expect(banner.meta).toContain(`(CLUSTER ID MISMATCH: also ${FOREIGN_CLUSTER})`);
    const context = maintenanceContextOf(state);
    expect(context.clusterMismatch).toMatch(/answer for 2 different clusters .*: nothing is run/);
    expect(propose({ kind: 'compact' }, context).refusal).toBe(context.clusterMismatch);
  });
});

describe('when only the other cluster answers', () => {
  it('is still CRITICAL with the mismatch, not UNKNOWN "cannot reach"', async () => {
    const { status } = ours();
    const gateway = takenOver({ ours: 5, foreign: 5 });
    for (const i of [0, 1]) gateway.script('status', endpointOf(i), fail(failure('timeout'))).script('health', endpointOf(i), fail(failure('timeout')));
    expect(status(0).clusterId).not.toBe(FOREIGN_CLUSTER);
    const report = analyseRound(await roundOf(gateway), defaultThresholds);
    expect(report.unreachable).toBeUndefined();
    expect(report.verdict.level).toBe('critical');
    expect(report.verdict.findings[0]?.code).toBe('cluster-id-mismatch');
  });
});
