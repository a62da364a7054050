// etcd 3.6's StatusResponse fields 11–13, which etcd3 1.1.2 drops: decoded by our own descriptor,
// and read through the gateway from a FAKE etcd 3.6 server (grpc-js in the test process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etcd3Gateway } from '../../src/etcd/etcd3-gateway.js';
import { decodeFields, fieldsSince36, STATUS_RESPONSE_SINCE_3_6 } from '../../src/etcd/status-since-3-6.js';
import { encodeStatus36, FAKE_CLUSTER_ID, ProtoWriter, startFakeEtcd36, type FakeCluster36, type FakeMember36 } from '../helpers/fake-etcd36.js';

const upgraded: FakeMember36 = {
  name: 'etcd-0', id: 0x8e9e05c52164694dn, version: '3.6.4', storageVersion: '3.6.0', dbSizeQuota: 8n * 1024n ** 3n,
  downgrade: { enabled: true, targetVersion: '3.5.0' },
};
const noQuotaFlag: FakeMember36 = { name: 'etcd-1', id: 0x91bc3c398fb3c146n, version: '3.6.4', storageVersion: '3.6.0', dbSizeQuota: 0n };

describe('decoding StatusResponse fields 11–13 with our own descriptor', () => {
  it('reads storageVersion, dbSizeQuota and downgradeInfo as etcd 3.6 encodes them, skipping fields 1–10', () => {
    expect(decodeFields(encodeStatus36(upgraded, upgraded.id), STATUS_RESPONSE_SINCE_3_6)).toEqual({
      storageVersion: '3.6.0',
      dbSizeQuota: 8n * 1024n ** 3n,
      downgradeInfo: { enabled: true, targetVersion: '3.5.0' },
    });
  });

  it('reads nothing from a 3.5 answer (no field above 10), and an empty downgradeInfo as "not enabled"', () => {
    const status35 = new ProtoWriter().string(2, '3.5.30').uint(3, 20480n).uint(10, true).done();
    expect(decodeFields(status35, STATUS_RESPONSE_SINCE_3_6)).toEqual({});
    expect(fieldsSince36(decodeFields(encodeStatus36(noQuotaFlag, 1n), STATUS_RESPONSE_SINCE_3_6))).toEqual({
      storageVersion: '3.6.0',
      downgrade: { enabled: false, targetVersion: '' },
    });
  });

  it('skips fixed32/fixed64 fields it does not know, and refuses a truncated answer', () => {
    const withUnknown = Buffer.concat([Buffer.from([0x7d, 1, 2, 3, 4, 0x81, 0x01, 1, 2, 3, 4, 5, 6, 7, 8]), new ProtoWriter().string(11, '3.6.0').done()]);
    expect(decodeFields(withUnknown, STATUS_RESPONSE_SINCE_3_6)).toEqual({ storageVersion: '3.6.0' });
    expect(() => decodeFields(Buffer.from([0x5a, 10, 0x33]), STATUS_RESPONSE_SINCE_3_6)).toThrow(/truncated/);
  });
});

describe('the gateway against a FAKE etcd 3.6 server (grpc-js, fields 11–13 as 3.6 encodes them)', () => {
  let fake: FakeCluster36;
  let gateway: Etcd3Gateway;
  beforeAll(async () => {
    fake = await startFakeEtcd36([upgraded, noQuotaFlag]);
    gateway = new Etcd3Gateway({ endpoints: fake.endpoints, dialTimeoutMs: 2000, commandTimeoutMs: 2000, metricsUrls: [], source: 'test' });
  });
  afterAll(async () => {
    gateway?.close();
    await fake?.stop();
  });

  it('reads the 3.6 fields and still every field etcd3 knows', async () => {
    const outcome = await gateway.status(fake.endpoints[0]!);
    expect(outcome.ok && outcome.value).toMatchObject({
      memberId: '8e9e05c52164694d', clusterId: FAKE_CLUSTER_ID.toString(16), version: '3.6.4', dbSizeBytes: 20480, dbSizeInUseBytes: 16384,
      leaderId: '8e9e05c52164694d', raftTerm: 2n, raftIndex: 100n, raftAppliedIndex: 100n, revision: 42n,
      storageVersion: '3.6.0', dbSizeQuotaBytes: 8 * 1024 ** 3, downgrade: { enabled: true, targetVersion: '3.5.0' },
    });
  });

  it('a dbSizeQuota of 0 (3.6.0–3.6.5 without a quota flag) is unknown, not a zero quota', async () => {
    const outcome = await gateway.status(fake.endpoints[1]!);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.value.storageVersion).toBe('3.6.0');
    expect(outcome.value).not.toHaveProperty('dbSizeQuotaBytes');
  });
});
