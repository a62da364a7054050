import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';

describe('scratch', () => {
  let cluster: TestCluster;
  beforeAll(async () => { cluster = await startCluster({ quotaBackendBytes: 16 * 1024 * 1024 }); });
  afterAll(async () => { await cluster?.stop(); });
  it('hold', async () => {
    writeFileSync('/tmp/scratch/cluster.json', JSON.stringify({ endpoints: cluster.endpoints, members: cluster.members, dir: cluster.dir }));
    writeFileSync('/tmp/scratch/hold', '');
    while (existsSync('/tmp/scratch/hold')) {
      if (existsSync('/tmp/scratch/fill')) { await cluster.fillUntilNoSpace(); writeFileSync('/tmp/scratch/filled', ''); rmSync('/tmp/scratch/fill'); }
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 3_600_000);
});
