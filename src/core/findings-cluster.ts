// Cluster-wide findings: can we see the cluster at all, does it hold quorum, does it agree on
// one leader. Quorum counts voting members only; learners neither vote nor count.
import type { ClusterAnswer, ClusterSnapshot } from './cluster-snapshot.js';
import type { Finding, FindingLevel } from './finding.js';
import { memberUnreachable } from './findings-member.js';
import {
  isReachable,
  isUnstarted,
  isVoter,
  labelForId,
  leaderOf,
  memberLabel,
  type LeaderDisagreement,
} from './selectors.js';
import { compareNatural } from './text-order.js';

export function quorumSize(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/** When nothing answered: why, once, rather than a guess about the cluster's health. */
export function unreachableFindings(snapshot: ClusterSnapshot): Finding[] {
  const { discovery } = snapshot;
  if (!discovery.ok) {
    return [
      {
        level: 'critical',
        code: 'cluster-unreachable',
        message: `cannot reach the cluster: ${discovery.failure.message}`,
        remedy: discovery.failure.hint ?? 'check --endpoints, the network path to the client port (2379) and the TLS/auth flags',
      },
    ];
  }
  const down = snapshot.members.filter((sample) => !isUnstarted(sample)).map(memberUnreachable);
  if (down.length > 0) return down;
  return [
    {
      level: 'critical',
      code: 'cluster-unreachable',
      message: 'no member to poll: the member list has no started member',
      remedy: 'check `etcdctl member list` against the endpoints given',
    },
  ];
}

/** The member list failed but some endpoint answered: the cluster's size is unknown. */
export function discoveryFindings(snapshot: ClusterSnapshot): Finding[] {
  const { discovery } = snapshot;
  if (discovery.ok) return [];
  return [
    {
      level: 'warning',
      code: 'member-list-failed',
      message: `member list failed (${discovery.failure.message}): only the given endpoints are shown and quorum cannot be judged`,
      remedy: discovery.failure.hint ?? 'check that every --endpoints entry belongs to this cluster and that the user may list members',
    },
  ];
}

/**
 * Endpoints answered for more than one cluster: CRITICAL whatever else is true, naming every
 * cluster and which endpoints answer for it, so the operator can see which one is the impostor.
 */
export function clusterIdentityFindings(snapshot: ClusterSnapshot): Finding[] {
  const clusters = snapshot.clusters;
  if (!clusters || clusters.length < 2) return [];
  const described = clusters.map((cluster, i) => {
    const names = memberNamesOf(cluster);
    const size = names.length === 0 ? 'member list unknown' : `${names.length} member${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
    const at = cluster.endpoints.length > 0 ? cluster.endpoints.join(', ') : 'no endpoint';
    return `cluster ${cluster.clusterId}${i === 0 ? ' (shown)' : ''} (${size}) answers at ${at}`;
  });
  return [
    {
      level: 'critical',
      code: 'cluster-id-mismatch',
      message: `endpoints answer for ${clusters.length} different clusters: ${described.join('; ')}`,
      remedy:
        'an address belongs to another etcd cluster (a member restarted with a new data dir or --initial-cluster-token, ' +
        'or a wrong --endpoints entry): find out which is yours, fix --endpoints or the member; maintenance is refused until then',
    },
  ];
}

export function quorumFindings(snapshot: ClusterSnapshot): Finding[] {
  // Without a member list the polled samples are just the seed endpoints, not the cluster.
  if (!snapshot.discovery.ok) return [];
  const voters = snapshot.members.filter(isVoter);
  const up = voters.filter(isReachable).length;
  const needed = quorumSize(voters.length);
  const down = voters.filter((sample) => !isReachable(sample)).map(memberLabel).join(', ');
  if (up < needed) {
    return [
      {
        level: 'critical',
        code: 'quorum-lost',
        message: `quorum lost: ${up} of ${voters.length} voting members reachable, ${needed} needed (down: ${down})`,
        remedy:
          'writes are blocked: bring the down members back with their data dirs; ' +
          'if they cannot return, restore every member from a snapshot (`etcdutl snapshot restore`)',
      },
    ];
  }
  // A healthy single-member cluster has no failure to spare by design; only warn once a voter is down.
  if (up < voters.length && up - 1 < needed) {
    return [
      {
        level: 'warning',
        code: 'quorum-at-risk',
        message: `${up} of ${voters.length} voting members reachable: one more failure loses quorum (down: ${down})`,
        remedy: 'bring the down member back, or replace it (`etcdctl member remove`, then `member add`), before anything else fails',
      },
    ];
  }
  return [];
}

export function leaderFindings(snapshot: ClusterSnapshot): Finding[] {
  const reachableVoters = snapshot.members.filter((sample) => isVoter(sample) && isReachable(sample)).length;
  // Only learners answered: quorum-lost already says it all.
  if (reachableVoters === 0) return [];
  const view = leaderOf(snapshot);
  if (view.leaderId === null) {
    return [
      {
        level: 'critical',
        code: 'no-leader',
        message: `no leader: none of the ${reachableVoters} reachable voting members sees one`,
        remedy:
          'writes are blocked: check that a quorum of members runs and that they reach each other ' +
          'on the peer port (2380); their logs show the elections',
      },
    ];
  }
  // A lone member that lost the leader while a quorum still follows it is isolated: the cluster
  // keeps writing, so warning. If the members that follow the leader are not a quorum, no
  // majority stands behind any leader and writes stall: critical.
  const needed = quorumSize(snapshot.members.filter(isVoter).length);
  const level: FindingLevel = snapshot.discovery.ok && view.agreeingVoters < needed ? 'critical' : 'warning';
  const leaderLabel = labelForId(snapshot, view.leaderId);
  return view.disagreement.map((d) => disagreementFinding(snapshot, d, level, view.agreeingVoters, leaderLabel));
}

function disagreementFinding(
  snapshot: ClusterSnapshot,
  disagreement: LeaderDisagreement,
  level: FindingLevel,
  agreeing: number,
  leaderLabel: string,
): Finding {
  const who = labelForId(snapshot, disagreement.memberId);
  const sees = disagreement.seesLeaderId === null ? 'sees no leader' : `follows ${labelForId(snapshot, disagreement.seesLeaderId)}`;
  const others = agreeing === 1 ? '1 voting member follows' : `${agreeing} voting members follow`;
  return {
    level,
    code: 'leader-disagreement',
    message: `${who} ${sees} while ${others} ${leaderLabel}`,
    remedy: "check this member's peer connectivity (port 2380) and its log; if it does not rejoin within a few seconds, restart it",
    memberId: disagreement.memberId,
  };
}

/**
 * A cluster's members by name (etcd-2 before etcd-10), not in the member list's order (by id):
 * the same cluster reads the same every run, in check, status and the monitor alike.
 */
export function memberNamesOf(cluster: ClusterAnswer): string[] {
  return cluster.members.map((member) => member.name || member.id).sort(compareNatural);
}
