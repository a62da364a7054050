// Which cluster a round is about. Every endpoint's member list and every member's status carry
// a cluster id; when they disagree, an address answers for another cluster (a member restarted
// with a new data dir and token, or a wrong --endpoints entry). Adopting whichever answered
// first is how `check` once said "OK: 1 member" about a one-member impostor: here the polled
// cluster is chosen by rule, and every other cluster is kept to be shown, never dropped.
import type { MemberId, MemberList, Outcome } from '../etcd/gateway.js';
import type { ClusterAnswer, MemberSample } from './cluster-snapshot.js';

/** A member list some endpoint returned. */
export interface ListAnswer {
  endpoint: string;
  outcome: Outcome<MemberList> & { ok: true };
}

/**
 * The cluster to poll when endpoints disagree: the one the most endpoints answered for, then
 * the one with the longer member list (a takeover is usually a one-member cluster), then the
 * one the earliest endpoint answered for. Deterministic: the same answers give the same choice
 * whichever came first.
 */
export function pickPolledList(answers: readonly ListAnswer[]): ListAnswer | undefined {
  const byCluster = new Map<MemberId, ListAnswer[]>();
  for (const answer of answers) {
    const id = answer.outcome.value.clusterId;
    byCluster.set(id, [...(byCluster.get(id) ?? []), answer]);
  }
  let best: ListAnswer[] | undefined;
  for (const group of byCluster.values()) {
    if (!best || better(group, best)) best = group;
  }
  return best?.[0];
}

function better(group: ListAnswer[], than: ListAnswer[]): boolean {
  if (group.length !== than.length) return group.length > than.length;
  const size = (g: ListAnswer[]) => g[0]?.outcome.value.members.length ?? 0;
  return size(group) > size(than);
}

/**
 * Every cluster seen this round, the polled one first (when known), then in the order asked.
 * A single entry means the endpoints agree.
 */
export function clustersSeen(polledId: MemberId | undefined, answers: readonly ListAnswer[], samples: readonly MemberSample[]): ClusterAnswer[] {
  const clusters = new Map<MemberId, ClusterAnswer>();
  const note = (clusterId: MemberId, endpoint: string | undefined, list?: MemberList) => {
    const cluster = clusters.get(clusterId) ?? { clusterId, endpoints: [], members: [] };
    if (endpoint && !cluster.endpoints.includes(endpoint)) cluster.endpoints.push(endpoint);
    if (list && cluster.members.length === 0) cluster.members = list.members;
    clusters.set(clusterId, cluster);
  };
  if (polledId) note(polledId, undefined);
  for (const answer of answers) note(answer.outcome.value.clusterId, answer.endpoint, answer.outcome.value);
  for (const sample of samples) {
    if (sample.status?.ok) note(sample.status.value.clusterId, sample.endpoint);
  }
  return [...clusters.values()];
}

/** Without a member list, the cluster most status answers name is the one polled. */
export function mostAnsweredClusterId(samples: readonly MemberSample[]): MemberId | undefined {
  const counts = new Map<MemberId, number>();
  for (const sample of samples) {
    if (sample.status?.ok) counts.set(sample.status.value.clusterId, (counts.get(sample.status.value.clusterId) ?? 0) + 1);
  }
  let best: MemberId | undefined;
  for (const [id, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = id;
  return best;
}

/**
 * A member whose address answered for another cluster did not answer at all, as far as its own
 * cluster is concerned: it must count as down for quorum, and its leader, indexes and alarms are
 * another cluster's. Its status and health become a failure that says whose they were.
 */
export function withoutForeignAnswers(samples: readonly MemberSample[], polledId: MemberId): MemberSample[] {
  return samples.map((sample) => {
    const status = sample.status;
    if (!status?.ok || status.value.clusterId === polledId) return sample;
    const failure = {
      kind: 'rejected' as const,
      message: `answers for another cluster: ${status.value.clusterId} (as member ${status.value.memberId}), not ${polledId}`,
      hint: 'this address now belongs to another etcd cluster: find out what took it over before running anything through it',
    };
    const failed = { ok: false as const, failure, latencyMs: status.latencyMs };
    const { metrics: _metrics, ...rest } = sample;
    return { ...rest, status: failed, health: failed };
  });
}
