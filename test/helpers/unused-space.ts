// Space a defragment gives back, made on a real cluster: values written, deleted and compacted
// away leave pages in every member's DB file that are no longer in use.
import { expect } from 'vitest';
import { parseEtcdJson, waitFor, type TestCluster } from './etcd-cluster.js';

/** Each member's DB size and in-use size (hex id → bytes), as etcdctl reports them. */
export async function dbSizes(cluster: TestCluster): Promise<Map<string, { size: number; inUse: number }>> {
  const raw = await cluster.etcdctl(['endpoint', 'status', '--cluster', '-w', 'json']);
  const entries = parseEtcdJson(raw.stdout) as { Status: { header: { member_id: string }; dbSize: number; dbSizeInUse: number } }[];
  return new Map(entries.map((e) => [BigInt(e.Status.header.member_id).toString(16), { size: e.Status.dbSize, inUse: e.Status.dbSizeInUse }]));
}

/** Writes then deletes 20 MB and compacts: every member is left with most of its DB file not in use. */
export async function makeUnusedSpace(cluster: TestCluster): Promise<void> {
  const value = 'x'.repeat(1_000_000);
  for (let i = 0; i < 20; i += 1) expect((await cluster.etcdctl(['put', `unused/${i}`], { input: value })).code).toBe(0);
  expect((await cluster.etcdctl(['del', '--prefix', 'unused/'])).code).toBe(0);
  const status = parseEtcdJson((await cluster.etcdctl(['endpoint', 'status', '-w', 'json'])).stdout) as { Status: { header: { revision: number } } }[];
  expect((await cluster.etcdctl(['compact', String(status[0]!.Status.header.revision)])).code).toBe(0);
  // Each member compacts in the background, and bbolt counts the freed pages as free only once a
  // later write transaction commits: keep writing a tiny key until every member shows them.
  await waitFor(async () => {
    await cluster.etcdctl(['put', 'unused/tick', 'x']);
    return [...(await dbSizes(cluster)).values()].every(({ size, inUse }) => inUse < size / 2);
  }, 20_000, 'over half of every DB file not in use', 500);
}
