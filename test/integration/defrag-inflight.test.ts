// One real observation of etcd_disk_defrag_inflight: `etcdctl defrag` (not etcdtop) on a member
// holding ~120 MB of live data, and etcdtop's gateway scraping that member's /metrics meanwhile.
// The rules built on it are unit-tested on a scrape recorded the same way (defrag-inflight.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Etcd3Gateway } from '../../src/etcd/etcd3-gateway.js';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';

const VALUE = 'x'.repeat(1_000_000);
const LIVE_KEYS = 120;

describe('a defragment started by etcdctl, seen in the member\'s metrics', () => {
  let cluster: TestCluster;
  let gateway: Etcd3Gateway;
  beforeAll(async () => {
    cluster = await startCluster({ members: 1 });
    gateway = new Etcd3Gateway({ endpoints: cluster.endpoints, dialTimeoutMs: 2000, commandTimeoutMs: 5000, metricsUrls: [], source: 'test' });
    for (let i = 0; i < LIVE_KEYS; i++) {
      const put = await gateway.put(cluster.endpoints[0]!, `live/${i}`, VALUE);
      expect(put.ok).toBe(true);
    }
  });
  afterAll(async () => {
    gateway?.close();
    await cluster?.stop();
  });

  it('reads defragInflight true while it runs and false once it ended', async () => {
    const metricsUrl = `${cluster.metricsUrls[0]!}/metrics`;
    const before = await gateway.metrics(metricsUrl);
    expect(before.ok && before.value.defragInflight).toBe(false);
    let ended = false;
    const defrag = cluster.etcdctl(['defrag', '--command-timeout=60s'], { timeoutMs: 90_000 }).finally(() => (ended = true));
    const seen: boolean[] = [];
    while (!ended) {
      const scrape = await gateway.metrics(metricsUrl);
      if (scrape.ok && scrape.value.defragInflight !== undefined) seen.push(scrape.value.defragInflight);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await defrag).code).toBe(0);
    expect(seen).toContain(true);
    const after = await gateway.metrics(metricsUrl);
    expect(after.ok && after.value.defragInflight).toBe(false);
  });
});
