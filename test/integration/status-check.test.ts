// `status` and `check` against a real 3-member cluster: what they print must agree with etcdctl,
// and a frozen or killed member must cost at most one deadline and show up as unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEtcdJson, startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';

interface StatusJson {
  leaderId: string | null;
  quotaBytes: number;
  members: { id: string; name: string; endpoint: string; reachable: boolean; error: { kind: string; message: string } | null;
    isLeader: boolean; isLearner: boolean; version: string | null; dbSizeBytes: number | null; raftTerm: string | null; raftIndex: string | null; revision: string | null }[];
  alarms: { memberId: string; alarm: string }[];
  verdict: { level: string; findings: { level: string; code: string; message: string }[] };
}

async function statusJson(cluster: TestCluster, extra: string[] = []) {
  const result = await runCli(['status', '-o', 'json', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...extra]);
  return { result, json: result.code === 0 ? (JSON.parse(result.stdout) as StatusJson) : undefined };
}

describe('status and check on a healthy cluster', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('discovers every member from one endpoint', async () => {
    const { result, json } = await statusJson(cluster);
    expect(result.stderr).toBe('');
    expect(json?.members.map((m) => m.id).sort()).toEqual(cluster.members.map((m) => m.id).sort());
    expect(json?.members.map((m) => m.name).sort()).toEqual(['etcd-0', 'etcd-1', 'etcd-2']);
    expect(json?.members.every((m) => m.reachable && m.error === null)).toBe(true);
    expect(json?.verdict.level).toBe('ok');
  });

  it('agrees with etcdctl endpoint status --cluster on ids, leader, versions and sizes', async () => {
    const etcdctl = await cluster.etcdctl(['endpoint', 'status', '--cluster', '-w', 'json']);
    const { json } = await statusJson(cluster);
    const theirs = parseEtcdJson(etcdctl.stdout) as { Endpoint: string; Status: { header: { member_id: string }; leader: string; version: string; dbSize: number; raftTerm: number } }[];
    const hex = (decimal: string) => BigInt(decimal).toString(16);
    for (const entry of theirs) {
      const ours = json?.members.find((m) => m.id === hex(entry.Status.header.member_id));
      expect(ours?.endpoint).toBe(entry.Endpoint);
      expect(ours?.version).toBe(entry.Status.version);
      expect(ours?.dbSizeBytes).toBe(entry.Status.dbSize);
      expect(ours?.raftTerm).toBe(String(entry.Status.raftTerm));
      expect(ours?.isLeader).toBe(hex(entry.Status.leader) === ours?.id);
      expect(json?.leaderId).toBe(hex(entry.Status.leader));
    }
    expect(json?.members.filter((m) => m.isLeader)).toHaveLength(1);
    // 64-bit counters are exact decimal strings.
    expect(json?.members[0]?.raftIndex).toMatch(/^\d+$/);
    expect(json?.members[0]?.revision).toMatch(/^\d+$/);
  });

  it('prints the etcdctl columns plus name, in-use, quota and health', async () => {
    const result = await runCli(['status', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[1]!]);
    expect(result.code).toBe(0);
    for (const column of ['ENDPOINT', 'ID', 'NAME', 'VERSION', 'DB SIZE', 'DB IN USE', '% QUOTA', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'HEALTH', 'ERRORS']) {
      expect(result.stdout).toContain(column);
    }
    for (const member of cluster.members) expect(result.stdout).toContain(member.id);
    expect(result.stdout).toMatch(/verdict: OK/);
  });

  it('check says OK with exit 0', async () => {
    const result = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints.join(',')]);
    expect(result.stdout).toMatch(/^OK: 3 members/);
    expect(result.code).toBe(0);
  });

  it('a SIGSTOPped member costs one deadline and is reported unreachable', async () => {
    // A follower: a frozen leader starts an election, and a check taken inside it is rightly
    // CRITICAL (no leader), which is another test's business.
    const leader = await waitFor(() => cluster.leaderIndex(), 10_000, 'a leader');
    const index = leader === 2 ? 1 : 2;
    const name = cluster.members[index]!.name;
    cluster.freeze(index);
    try {
      const { result, json } = await statusJson(cluster);
      expect(result.durationMs).toBeLessThan(2500);
      const frozen = json?.members.find((m) => m.id === cluster.members[index]!.id);
      expect(frozen?.reachable).toBe(false);
      expect(frozen?.error?.kind).toBe('timeout');
      expect(json?.members.filter((m) => m.reachable)).toHaveLength(2);
      const check = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!]);
      expect(check.code, check.stdout).toBe(1);
      expect(check.stdout).toMatch(/^WARNING/);
      expect(check.stdout).toContain(name);
      expect(check.stdout).toMatch(/one more failure|quorum/i);
    } finally {
      cluster.thaw(index);
    }
  });

  it('a SIGKILLed member is reported unreachable, then back after restart', async () => {
    await cluster.kill(1);
    const { json } = await statusJson(cluster);
    const dead = json?.members.find((m) => m.id === cluster.members[1]!.id);
    expect(dead?.reachable).toBe(false);
    expect(dead?.error?.kind).toBe('unreachable');
    expect(dead?.name).toBe('etcd-1');
    await cluster.restart(1);
    await waitFor(async () => (await statusJson(cluster)).json?.members.every((m) => m.reachable), 15_000, 'member back');
  });
});

describe('NOSPACE', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ quotaBackendBytes: 16 * 1024 * 1024 });
    await cluster.fillUntilNoSpace();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('check reports the alarm as critical with exit 2 and the remedy', async () => {
    const result = await runCli(['check', '--endpoints', cluster.endpoints[0]!]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^CRITICAL/);
    expect(result.stdout).toContain('NOSPACE');
    expect(result.stdout).toMatch(/defragment/i);
    expect(result.stdout).toMatch(/disarm/i);
  });

  it('status -o json lists the alarm with the member it belongs to and the real quota', async () => {
    const { json } = await statusJson(cluster);
    const alarmList = await cluster.etcdctl(['alarm', 'list']);
    const ids = [...alarmList.stdout.matchAll(/memberID:(\d+)/g)].map((m) => BigInt(m[1]!).toString(16));
    expect(ids.length).toBeGreaterThan(0);
    expect(json?.alarms.map((a) => a.memberId).sort()).toEqual([...new Set(ids)].sort());
    expect(json?.alarms.every((a) => a.alarm === 'NOSPACE')).toBe(true);
    expect(json?.quotaBytes).toBe(16 * 1024 * 1024);
    expect(json?.verdict.level).toBe('critical');
  });
});

describe('members that etcdctl lists but that do not serve yet', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('shows an added, unstarted learner from the member list', async () => {
    // etcd refuses membership changes until every member has been connected for ~5 s.
    await waitFor(async () => (await cluster.etcdctl(['member', 'add', 'learner-x', '--learner', '--peer-urls=http://127.0.0.1:1'])).code === 0, 20_000, 'member add');
    const { json } = await statusJson(cluster);
    expect(json?.members).toHaveLength(4);
    const learner = json?.members.find((m) => m.isLearner);
    expect(learner?.reachable).toBe(false);
    expect((learner as { state?: string } | undefined)?.state).toBe('unstarted');
    expect(json?.members.filter((m) => m.reachable)).toHaveLength(3);
  });
});
