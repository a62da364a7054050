// Tests the test helper itself against real etcd processes, so that a failing integration or
// end-to-end test can be blamed on etcdtop and not on the harness.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ETCD } from '../helpers/etcd-binaries.js';
import { parseEtcdJson, decimalIdToHex, startCluster, threadStates, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function memberListIds(cluster: TestCluster): Promise<string[]> {
  const r = await cluster.etcdctl(['member', 'list', '-w', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const list = parseEtcdJson(r.stdout) as { members: { ID: string }[] };
  return list.members.map((m) => decimalIdToHex(m.ID)).sort();
}

async function serves(cluster: TestCluster, index: number): Promise<boolean> {
  const endpoints = [cluster.members[index].clientUrl];
  const r = await cluster.etcdctl(['get', 'probe', '--dial-timeout=1s', '--command-timeout=1s'], { endpoints });
  return r.code === 0;
}

describe('plain 3-member cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reports the member ids etcdctl lists, on 127.0.0.1 only', async () => {
    expect(cluster.members).toHaveLength(3);
    const reported = cluster.members.map((m) => m.id).sort();
    expect(reported.every((id) => /^[0-9a-f]{1,16}$/.test(id))).toBe(true);
    expect(await memberListIds(cluster)).toEqual(reported);
    for (const m of cluster.members) {
      for (const url of [m.clientUrl, m.peerUrl, m.metricsUrl]) {
        expect(new URL(url).hostname).toBe('127.0.0.1');
      }
    }
  });

  it('runs the etcd of ETCDTOP_TEST_ETCD_DIR (default /usr/bin): every member reports its version', async () => {
    const binaryVersion = /etcd Version:\s*(\S+)/.exec(execFileSync(TEST_ETCD, ['--version'], { encoding: 'utf8' }))?.[1];
    const r = await cluster.etcdctl(['endpoint', 'status', '-w', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const statuses = parseEtcdJson(r.stdout) as { Status: { version: string } }[];
    expect(statuses.map((s) => s.Status.version)).toEqual(cluster.endpoints.map(() => binaryVersion));
  });

  it('puts and gets a key', async () => {
    expect((await cluster.etcdctl(['put', 'greeting', 'hello'])).code).toBe(0);
    const r = await cluster.etcdctl(['get', 'greeting', '--print-value-only']);
    expect(r.stdout.trim()).toBe('hello');
  });

  it('names exactly one leader, the one etcd_server_is_leader marks', async () => {
    const leader = await cluster.leaderIndex();
    expect(leader).toBeGreaterThanOrEqual(0);
    const flags = await Promise.all(cluster.metricsUrls.map(async (url) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(text).toMatch(/^etcd_server_has_leader 1$/m);
      return /^etcd_server_is_leader 1$/m.test(text);
    }));
    expect(flags.indexOf(true)).toBe(leader);
    expect(flags.filter(Boolean)).toHaveLength(1);
  });

  it('freezes and thaws a member', async () => {
    const follower = ((await cluster.leaderIndex()) ?? 0) === 0 ? 1 : 0;
    cluster.freeze(follower);
    // Stopped when freeze() returns, every thread of it: nothing sent after can be answered.
    expect(new Set(threadStates(cluster.members[follower].pid))).toEqual(new Set(['T']));
    expect(await serves(cluster, follower)).toBe(false);
    cluster.thaw(follower);
    await waitFor(() => serves(cluster, follower), 10_000, 'the thawed member to serve');
  });

  it('kills the leader, elects another and restarts the killed member', async () => {
    const leader = (await cluster.leaderIndex()) as number;
    const oldPid = cluster.members[leader].pid;
    await cluster.kill(leader);
    expect(isAlive(oldPid)).toBe(false);
    const newLeader = await waitFor(async () => {
      const index = await cluster.leaderIndex();
      return index !== undefined && index !== leader ? index : undefined;
    }, 15_000, 'a new leader');
    expect(newLeader).not.toBe(leader);
    await cluster.restart(leader);
    expect(cluster.members[leader].pid).not.toBe(oldPid);
    expect(await serves(cluster, leader)).toBe(true);
    expect(await memberListIds(cluster)).toHaveLength(3);
    expect(cluster.memberLog(leader)).toContain('"level"');
  });

  it('stop() kills every member, frozen ones too, removes the folder and is idempotent', async () => {
    cluster.freeze(2);
    const pids = cluster.members.map((m) => m.pid);
    await Promise.all([cluster.stop(), cluster.stop()]);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(cluster.dir)).toBe(false);
    await cluster.stop();
  });
});

describe('mTLS cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ tls: true, namePrefix: 'tls-' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('serves https and accepts the client certificate', async () => {
    expect(cluster.endpoints.every((e) => e.startsWith('https://127.0.0.1:'))).toBe(true);
    expect(cluster.members[0].name).toBe('tls-0');
    expect((await cluster.etcdctl(['put', 'k', 'v'])).code).toBe(0);
    expect((await cluster.etcdctl(['get', 'k', '--print-value-only'])).stdout.trim()).toBe('v');
  });

  // etcdctl itself only says "context deadline exceeded"; the member log says why.
  it.each([
    ['none', "client didn't provide a certificate"],
    ['rogue', 'certificate signed by unknown authority'],
  ] as const)('rejects a client with %s certificate', async (clientCert, reason) => {
    const r = await cluster.etcdctl(['get', 'k', '--dial-timeout=1s', '--command-timeout=2s'], { clientCert });
    expect(r.code).not.toBe(0);
    const logs = cluster.members.map((_, i) => cluster.memberLog(i)).join('\n');
    expect(logs).toMatch(new RegExp(`rejected connection.*${reason}`));
  });

  it('still serves /metrics over plain http', async () => {
    const text = await (await fetch(`${cluster.metricsUrls[0]}/metrics`)).text();
    expect(text).toMatch(/^etcd_server_has_leader 1$/m);
    expect(text).toContain(`etcd_server_id{server_id="${cluster.members[0].id}"} 1`);
  });
});

describe('cluster with a 16 MiB quota', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ quotaBackendBytes: 16 * 1024 * 1024 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('reaches NOSPACE and raises the alarm', async () => {
    await cluster.fillUntilNoSpace();
    const alarms = await cluster.etcdctl(['alarm', 'list']);
    expect(alarms.stdout).toContain('alarm:NOSPACE');
    const put = await cluster.etcdctl(['put', 'one-more', 'x']);
    expect(put.stderr).toContain('database space exceeded');
    const status = await cluster.etcdctl(['endpoint', 'status', '-w', 'json']);
    expect(status.stdout).toContain('alarm:NOSPACE');
  });
});
