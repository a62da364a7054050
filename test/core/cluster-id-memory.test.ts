// Every endpoint moves to another cluster at once (a DNS name or load balancer now leads to a
// rebuilt cluster): the endpoints agree with each other, so only the session's memory of the
// cluster it started on can say so. CRITICAL, with both ids; maintenance refused; an event each
// way; and nothing at all while the cluster stays the same or nobody answers.
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import { propose } from '../../src/core/maintenance/operations.js';
import { initialMonitorState, reduceMonitor, type MonitorState } from '../../src/core/monitor-state.js';
import { bannerViewOf } from '../../src/core/views/banner-view.js';
import { healthyCluster, memberIdAt, TAKEN_AT_MS, withMemberDown } from '../helpers/snapshot-factory.js';

const OURS = healthyCluster();
const OUR_ID = OURS.discovery.ok ? OURS.discovery.value.clusterId : '';
const OTHER_ID = 'abcdef0123456789';

/** The same members, answering for another cluster (a restore gives every member the new id). */
function rebuilt(snapshot: ClusterSnapshot): ClusterSnapshot {
  if (!snapshot.discovery.ok) throw new Error('factory snapshot has no member list');
  return {
    ...snapshot,
    discovery: { ...snapshot.discovery, value: { ...snapshot.discovery.value, clusterId: OTHER_ID } },
    members: snapshot.members.map((sample) => (sample.status?.ok ? { ...sample, status: { ...sample.status, value: { ...sample.status.value, clusterId: OTHER_ID } } } : sample)),
  };
}

function replay(rounds: ClusterSnapshot[]): MonitorState {
  return rounds.reduce((s, snapshot, i) => reduceMonitor(s, { type: 'round', snapshot: { ...snapshot, takenAtMs: TAKEN_AT_MS + i * 1000 } }),
    initialMonitorState({ historyCapacity: 100 }));
}
const messages = (state: MonitorState) => state.events.map((event) => `${event.level}: ${event.message}`);
const meta = (state: MonitorState) => bannerViewOf(state, { width: 160, nowMs: state.latest!.takenAtMs, intervalMs: 1000, paused: false, readOnly: false }).meta;

describe('the cluster this session started on', () => {
  it('the same cluster, members down and back: nothing to say', () => {
    const state = replay([OURS, withMemberDown(OURS, 1), OURS]);
    expect(state.clusterId).toEqual({ firstId: OUR_ID });
    expect(state.verdict.findings.map((f) => f.code)).not.toContain('cluster-id-changed');
  });

  it('another cluster behind the same addresses: CRITICAL with both ids, in the banner, an event, maintenance refused', () => {
    const state = replay([OURS, OURS, rebuilt(OURS)]);
    expect(state.verdict.level).toBe('critical');
    expect(state.verdict.findings[0]).toMatchObject({
      code: 'cluster-id-changed',
      message: `the endpoints now answer for cluster ${OTHER_ID}, not ${OUR_ID} that this session started on`,
    });
    expect(meta(state)).toContain(`cluster ${OTHER_ID} (CLUSTER ID CHANGED: was ${OUR_ID})`);
    expect(messages(state)).toContain(`critical: cluster ID changed: ${OUR_ID} → ${OTHER_ID} (the endpoints answer for another cluster)`);
    const proposal = propose({ kind: 'defragment', memberId: memberIdAt(1) }, maintenanceContextOf(state));
    expect(proposal.refusal).toContain(`the endpoints now answer for cluster ${OTHER_ID}, not ${OUR_ID}`);
  });

  it('one event per change, not one per round; back to ours clears it and says so', () => {
    const state = replay([OURS, rebuilt(OURS), rebuilt(OURS), rebuilt(OURS), OURS]);
    expect(messages(state).filter((m) => m.includes('cluster ID'))).toEqual([
      `ok: cluster ID back to ${OUR_ID}, the cluster this session started on`,
      `critical: cluster ID changed: ${OUR_ID} → ${OTHER_ID} (the endpoints answer for another cluster)`,
    ]);
    expect(state.clusterId).toEqual({ firstId: OUR_ID });
    expect(state.verdict.level).toBe('ok');
    expect(propose({ kind: 'defragment', memberId: memberIdAt(1) }, maintenanceContextOf(state)).refusal).toBeUndefined();
  });

  it('a round in which nobody answers neither learns nor forgets a cluster', () => {
    const silent = { ...[0, 1, 2].reduce((s, i) => withMemberDown(s, i), OURS), discovery: { ok: false as const, failure: { kind: 'timeout' as const, message: 'timed out' }, latencyMs: 1500 } };
    expect(replay([silent, OURS]).clusterId).toEqual({ firstId: OUR_ID });
    expect(replay([OURS, silent, rebuilt(OURS)]).clusterId.changed).toMatchObject({ from: OUR_ID, to: OTHER_ID });
  });
});
