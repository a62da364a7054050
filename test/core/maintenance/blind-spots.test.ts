// Rules for what the monitor cannot see: a CORRUPT alarm, a member whose DB size is unknown, a
// round without a member list. In each case the safe answer is to refuse and say why.
import { describe, expect, it } from 'vitest';
import { propose } from '../../../src/core/maintenance/operations.js';
import { disarmRefusal } from '../../../src/core/maintenance/safety-rules.js';
import { contextOf, idAt } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withAlarm, withDiscoveryFailure, withMemberDown } from '../../helpers/snapshot-factory.js';

describe('maintenance blind spots', () => {
  it('never disarms CORRUPT: it hides diverging data', () => {
    const context = contextOf(withAlarm(healthyCluster(), 1, 'CORRUPT'));
    expect(disarmRefusal(context.rows, context.alarms, undefined)).toMatch(/CORRUPT .*do not disarm.*hashkv/);
  });

  it('refuses to disarm while a member\u2019s DB size is unknown', () => {
    const context = contextOf(withMemberDown(withAlarm(healthyCluster(), 0, 'NOSPACE'), 2));
    expect(disarmRefusal(context.rows, context.alarms, undefined)).toMatch(/DB size of etcd-3 .* is unknown \(DOWN\)/);
  });

  it.each(['defragment', 'move-leader'] as const)('refuses %s when the member list could not be read', (kind) => {
    const context = contextOf(withDiscoveryFailure(healthyCluster()));
    expect(context.memberListKnown).toBe(false);
    expect(propose({ kind, memberId: idAt(1) }, context).refusal).toMatch(/member list could not be read/);
  });

  it('allows a defragment when the member list is known', () => {
    const context = contextOf(healthyCluster());
    expect(context.memberListKnown).toBe(true);
    expect(propose({ kind: 'defragment', memberId: idAt(1) }, context).refusal).toBeUndefined();
  });
});
