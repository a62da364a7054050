import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../src/core/cluster-snapshot.js';
import { confirmRefusal, propose, type OperationKind } from '../../../src/core/maintenance/operations.js';
import { targetChanged } from '../../../src/core/maintenance/safety-rules.js';
import { contextOf, idAt, rowAt } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, mapMember, withAlarm, withLeader, withMemberDown } from '../../helpers/snapshot-factory.js';

/** Member `index` removed from the cluster (`member remove`): gone from the list and the round. */
function withoutMember(snapshot: ClusterSnapshot, index: number): ClusterSnapshot {
  const copy = structuredClone(snapshot);
  const [removed] = copy.members.splice(index, 1);
  if (copy.discovery.ok) copy.discovery.value.members = copy.discovery.value.members.filter((m) => m.id !== removed?.member.id);
  return copy;
}

const movedTo = (snapshot: ClusterSnapshot, index: number, endpoint: string) =>
  mapMember(snapshot, index, (sample) => ({ ...sample, endpoint, member: { ...sample.member, clientUrls: [endpoint] } }));

const base = healthyCluster({ members: 5 });

// Each change happens to etcd-2 (a follower) while the operator reads the dialog.
const CHANGES = [
  { change: 'vanished', now: withoutMember(base, 1), says: 'etcd-2 (66fb782b14ae096a) left the member list' },
  { change: 'changed endpoint', now: movedTo(base, 1, 'https://10.0.0.99:2379'), says: 'etcd-2 (66fb782b14ae096a) now answers at https://10.0.0.99:2379' },
  { change: 'became leader', now: withLeader(base, 1), says: 'etcd-2 (66fb782b14ae096a) is now the LEADER' },
  { change: 'went DOWN', now: withMemberDown(base, 1), says: 'etcd-2 (66fb782b14ae096a) is now DOWN' },
];

describe('confirmRefusal', () => {
  const kinds: OperationKind[] = ['defragment', 'move-leader', 'snapshot'];
  const cases = kinds.flatMap((kind) => CHANGES.map((c) => ({ kind, ...c })));

  it.each(cases)('$kind of etcd-2 that $change since the dialog opened is refused', ({ kind, now, says }) => {
    const proposal = propose({ kind, memberId: idAt(1), path: '/backups/s.db' }, contextOf(base));
    expect(proposal.refusal).toBeUndefined();
    expect(confirmRefusal(proposal, contextOf(now))).toBe(`${says} since the dialog opened; nothing was done`);
  });

  it.each(kinds)('%s of an unchanged etcd-2 goes ahead', (kind) => {
    const proposal = propose({ kind, memberId: idAt(1), path: '/backups/s.db' }, contextOf(base));
    expect(confirmRefusal(proposal, contextOf(structuredClone(base)))).toBeUndefined();
  });

  it('re-checks the safety rules on the fresh view too: a second member down costs quorum', () => {
    const three = healthyCluster();
    const proposal = propose({ kind: 'defragment', memberId: idAt(1) }, contextOf(three));
    expect(confirmRefusal(proposal, contextOf(withMemberDown(three, 2)))).toContain('quorum needs 2');
  });

  describe('disarm runs only on the alarms the dialog listed', () => {
    const shown = withAlarm(base, 0, 'NOSPACE');
    const proposal = propose({ kind: 'disarm' }, contextOf(shown));

    it.each([
      { name: 'a CORRUPT raised meanwhile', now: withAlarm(shown, 2, 'CORRUPT'), active: `NOSPACE on ${idAt(0)}, CORRUPT on ${idAt(2)}` },
      { name: 'a NOSPACE on another member', now: withAlarm(shown, 1, 'NOSPACE'), active: `NOSPACE on ${idAt(0)}, NOSPACE on ${idAt(1)}` },
      { name: 'the alarm already gone', now: base, active: 'none' },
    ])('refuses when the alarms changed: $name', ({ now, active }) => {
      expect(confirmRefusal(proposal, contextOf(now))).toBe(`the active alarms changed since the dialog opened (now: ${active}); nothing was done`);
    });

    it('goes ahead when the same alarms are active, in any order', () => {
      const two = propose({ kind: 'disarm' }, contextOf(withAlarm(withAlarm(base, 0, 'NOSPACE'), 2, 'NOSPACE')));
      expect(confirmRefusal(two, contextOf(withAlarm(withAlarm(base, 2, 'NOSPACE'), 0, 'NOSPACE')))).toBeUndefined();
    });
  });

  it('refuses a compaction confirmed after another operation started', () => {
    const proposal = propose({ kind: 'compact', keepRevisions: 0 }, contextOf(base));
    expect(confirmRefusal(proposal, contextOf(base, { running: 'Defragment etcd-3' }))).toMatch(/still running/);
  });
});

describe('targetChanged', () => {
  const captured = rowAt(contextOf(base), 1);

  it.each(CHANGES)('$change → "$says"', ({ now, says }) => {
    expect(targetChanged(captured, contextOf(now).rows.find((row) => row.id === captured.id))).toBe(says);
  });

  it('says nothing when the member is the same, in the same place and role', () => {
    expect(targetChanged(captured, rowAt(contextOf(base), 1))).toBeUndefined();
  });

  it('says nothing when a member that was already down is still down', () => {
    const down = withMemberDown(base, 1);
    expect(targetChanged(rowAt(contextOf(down), 1), rowAt(contextOf(down), 1))).toBeUndefined();
  });
});
