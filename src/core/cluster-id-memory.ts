// The cluster this session started on. When every endpoint moves to another cluster at once (a
// DNS name or load balancer now points at a rebuilt cluster, a member set restored from a
// snapshot under the same addresses), the endpoints agree with each other and the per-round
// mismatch check sees nothing: only memory across rounds can tell the operator that the cluster
// on screen is not the one they started watching, and keep maintenance off it.
import type { ClusterEvent } from './cluster-events.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import type { Finding } from './finding.js';

export interface ClusterIdMemory {
  /** The first cluster ID this session saw. */
  firstId?: string;
  /** Set while the endpoints answer for another cluster; cleared when they are back. */
  changed?: { from: string; to: string; atMs: number };
}

/** The cluster the round shows: the member list's, else the first Status that answered. */
export function clusterIdOfRound(snapshot: ClusterSnapshot | undefined): string | undefined {
  if (!snapshot) return undefined;
  if (snapshot.discovery.ok) return snapshot.discovery.value.clusterId;
  for (const sample of snapshot.members) if (sample.status?.ok) return sample.status.value.clusterId;
  return undefined;
}

export function nextClusterIdMemory(memory: ClusterIdMemory, snapshot: ClusterSnapshot): ClusterIdMemory {
  const now = clusterIdOfRound(snapshot);
  // Nobody answered: nothing learned, nothing forgotten.
  if (now === undefined) return memory;
  if (memory.firstId === undefined) return { firstId: now };
  if (now === memory.firstId) return memory.changed ? { firstId: memory.firstId } : memory;
  if (memory.changed?.to === now) return memory;
  return { firstId: memory.firstId, changed: { from: memory.firstId, to: now, atMs: snapshot.takenAtMs } };
}

/** What changed between two memories in the round at `atMs`, for the events pane. */
export function clusterIdEvents(before: ClusterIdMemory, after: ClusterIdMemory, atMs: number): ClusterEvent[] {
  if (after.changed && after.changed !== before.changed) {
    return [{ atMs, level: 'critical', message: `cluster ID changed: ${after.changed.from} → ${after.changed.to} (the endpoints answer for another cluster)` }];
  }
  if (before.changed && !after.changed) {
    return [{ atMs, level: 'ok', message: `cluster ID back to ${before.changed.from}, the cluster this session started on` }];
  }
  return [];
}

export function clusterIdChangedFindings(memory: ClusterIdMemory): Finding[] {
  const changed = memory.changed;
  if (!changed) return [];
  return [
    {
      level: 'critical',
      code: 'cluster-id-changed',
      message: `the endpoints now answer for cluster ${changed.to}, not ${changed.from} that this session started on`,
      remedy:
        'if the cluster was restored from a snapshot or rebuilt on purpose, restart etcdtop to watch it; otherwise an ' +
        'address (DNS name, load balancer, --endpoints entry) now leads to another cluster: fix it. Maintenance is refused until then',
    },
  ];
}

/** The maintenance refusal while the cluster on screen is not the one the session started on. */
export function clusterIdChangedRefusal(memory: ClusterIdMemory): string | undefined {
  const changed = memory.changed;
  if (!changed) return undefined;
  return `the endpoints now answer for cluster ${changed.to}, not ${changed.from} that this session started on: nothing is run (restart etcdtop to watch ${changed.to})`;
}
