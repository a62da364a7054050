// A recovery that disarms the alarm while live data still fills the quota has not fixed anything:
// the operator must hear that NOSPACE will return, and what to do instead.
import { describe, expect, it } from 'vitest';
import { runRecovery, type RecoveryDeps } from '../../../src/core/maintenance/recovery.js';
import { FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf } from '../../helpers/maintenance-fakes.js';
import { MIB, healthyCluster, withDbSize, withMetrics } from '../../helpers/snapshot-factory.js';

function depsWithInUse(inUseBytes: number): RecoveryDeps {
  let snapshot = healthyCluster();
  for (let m = 0; m < 3; m++) snapshot = withDbSize(withMetrics(snapshot, m, { quotaBackendBytes: 16 * MIB }), m, inUseBytes, inUseBytes);
  return {
    gateway: new FakeGateway(),
    refresh: async () => contextOf(snapshot),
    audit: () => undefined,
    user: 'test',
    now: () => 0,
    pauseMs: 0,
    sleep: async () => undefined,
  };
}

describe('recovery outcome and live data', () => {
  it('warns that NOSPACE will return when live data is still ≥ 80% of the quota', async () => {
    const outcome = await runRecovery([], depsWithInUse(14 * MIB), { skipNext: false, abort: false }, () => undefined);
    expect(outcome.message).toMatch(/live data still fills the quota .*etcd-1 .*88%.*NOSPACE will come back/);
    expect(outcome.nextStep).toMatch(/delete data|quota-backend-bytes/);
  });

  it('reports a plain success when the space was really freed', async () => {
    const outcome = await runRecovery([], depsWithInUse(2 * MIB), { skipNext: false, abort: false }, () => undefined);
    expect(outcome).toEqual({ ok: true, message: 'recovery complete: alarms disarmed and a write went through' });
  });
});
