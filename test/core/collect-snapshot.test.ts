import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clientUrlFor, collectSnapshot, withAlarms, type CollectOptions } from '../../src/core/collect-snapshot.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import type { EtcdGateway, FailureKind, MemberInfo, MemberList, MemberStatus } from '../../src/etcd/gateway.js';
import { answer, fail, FakeGateway, hang } from '../helpers/fake-gateway.js';
import { failure, healthyCluster, memberIdAt, withMemberDown, withUnstartedMember } from '../helpers/snapshot-factory.js';

const DEADLINE_MS = 1500;
const CLOCK_START_MS = 1_000_000;
const endpointOf = (i: number) => `https://10.0.0.${i + 1}:2379`;

/** Runs one round on the fake clock; resolves with the snapshot and the fake ms the round took. */
async function collect(gateway: EtcdGateway, options: Partial<CollectOptions> = {}): Promise<{ snapshot: ClusterSnapshot; elapsedMs: number }> {
  const startedAt = Date.now();
  let resolvedAt: number | undefined;
  const round = collectSnapshot(gateway, { seedEndpoints: [endpointOf(0)], metricsUrls: [], now: () => Date.now(), ...options }).then((snapshot) => {
    resolvedAt = Date.now();
    return snapshot;
  });
  await vi.advanceTimersByTimeAsync(30_000);
  const snapshot = await round;
  return { snapshot, elapsedMs: (resolvedAt ?? Number.NaN) - startedAt };
}

/** Latencies come from the fake clock; drop them to compare what was said. */
function withoutLatency<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'latencyMs' ? undefined : typeof v === 'bigint' ? `${v}n` : v)));
}

beforeEach(() => {
  vi.useFakeTimers({ now: CLOCK_START_MS });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('collectSnapshot: a healthy cluster', () => {
  it('gives back what every member said, each under its member', async () => {
    const cluster = healthyCluster();
    const { snapshot } = await collect(FakeGateway.fromSnapshot(cluster));
    expect(withoutLatency(snapshot.members)).toEqual(withoutLatency(cluster.members));
    expect(withoutLatency(snapshot.discovery)).toEqual(withoutLatency(cluster.discovery));
  });

  it('stamps the round with now() at its start and its duration', async () => {
    const gateway = FakeGateway.fromSnapshot(healthyCluster());
    gateway.script('status', endpointOf(2), answer(statusAt(healthyCluster(), 2), 40));
    const { snapshot, elapsedMs } = await collect(gateway);
    expect(snapshot.takenAtMs).toBe(CLOCK_START_MS);
    expect(elapsedMs).toBe(40);
    expect(snapshot.durationMs).toBe(40);
  });

  it('asks each member for status, health and <client URL>/metrics once, at its own endpoint', async () => {
    const gateway = FakeGateway.fromSnapshot(healthyCluster());
    await collect(gateway);
    const asked = gateway.calls.filter((call) => call.method !== 'memberList').map((call) => `${call.method} ${call.target}`);
    expect(asked.sort()).toEqual(
      [0, 1, 2].flatMap((i) => [`status ${endpointOf(i)}`, `health ${endpointOf(i)}`, `metrics ${endpointOf(i)}/metrics`]).sort(),
    );
  });
});

describe('collectSnapshot: discovery', () => {
  const cluster = healthyCluster();
  const list = memberListOf(cluster);

  // It polls as soon as the first member list comes, but the round waits (one deadline at most)
  // for every other member list: each one's cluster id is compared, so a hanging seed that is not
  // a member costs one deadline, as a frozen member does.
  it('polls the members of the first answer at once and waits for a seed that hangs only up to its deadline', async () => {
    const stale = 'https://10.9.9.9:2379';
    const gateway = FakeGateway.fromSnapshot(cluster)
      .script('memberList', stale, hang(DEADLINE_MS))
      .script('memberList', endpointOf(0), fail(failure('unreachable')))
      .script('memberList', endpointOf(1), answer(list, 20))
      .script('memberList', endpointOf(2), answer(list, 30));
    const { snapshot, elapsedMs } = await collect(gateway, { seedEndpoints: [stale, endpointOf(0), endpointOf(1), endpointOf(2)] });
    expect(snapshot.discovery.ok).toBe(true);
    expect(snapshot.members.map((m) => m.member.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
    expect(gateway.callsTo('status').map((call) => call.startedAtMs)).toEqual(Array(3).fill(CLOCK_START_MS + 20));
    expect(elapsedMs).toBe(DEADLINE_MS);
    expect(gateway.callsTo('memberList').map((call) => call.startedAtMs)).toEqual(Array(4).fill(CLOCK_START_MS));
  });

  it('costs about one deadline when a seed is frozen, not the discovery wait plus the member wait', async () => {
    const gateway = FakeGateway.fromSnapshot(cluster).scriptMember(endpointOf(0), hang(DEADLINE_MS));
    const { snapshot, elapsedMs } = await collect(gateway, { seedEndpoints: [endpointOf(0), endpointOf(1), endpointOf(2)] });
    expect(snapshot.discovery.ok).toBe(true);
    expect(elapsedMs).toBe(DEADLINE_MS);
    expect(snapshot.durationMs).toBe(DEADLINE_MS);
    expect(snapshot.members[0]?.status).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
    expect(snapshot.members[1]?.status?.ok).toBe(true);
  });

  it('also asks members known from earlier rounds when the seeds are down', async () => {
    const gateway = FakeGateway.fromSnapshot(cluster).scriptMember(endpointOf(0), fail(failure('unreachable')));
    const { snapshot } = await collect(gateway, { seedEndpoints: [endpointOf(0)], knownEndpoints: [endpointOf(0), endpointOf(2)] });
    expect(snapshot.discovery).toMatchObject({ ok: true, value: { clusterId: list.clusterId } });
    expect(gateway.callsTo('memberList').map((call) => call.target)).toEqual([endpointOf(0), endpointOf(2)]);
    expect(snapshot.members).toHaveLength(3);
  });

  it.each<{ kinds: FailureKind[]; chosen: FailureKind; at: number }>([
    { kinds: ['timeout', 'tls', 'unreachable'], chosen: 'tls', at: 1 },
    { kinds: ['timeout', 'auth', 'tls'], chosen: 'auth', at: 1 },
    { kinds: ['tls', 'auth'], chosen: 'auth', at: 1 },
    { kinds: ['timeout', 'unreachable'], chosen: 'unreachable', at: 1 },
    { kinds: ['unreachable', 'not-etcd', 'timeout'], chosen: 'not-etcd', at: 1 },
    { kinds: ['timeout', 'timeout', 'timeout'], chosen: 'timeout', at: 0 },
    { kinds: ['unknown', 'rejected'], chosen: 'rejected', at: 1 },
  ])('every seed failing ($kinds): reports the most informative failure, $chosen', async ({ kinds, chosen, at }) => {
    const seeds = kinds.map((_, i) => endpointOf(i));
    const gateway = new FakeGateway();
    kinds.forEach((kind, i) => gateway.scriptMember(seeds[i]!, kind === 'timeout' ? hang(DEADLINE_MS) : fail(failure(kind, `${kind} at seed ${i}`))));
    const { snapshot } = await collect(gateway, { seedEndpoints: seeds });
    expect(snapshot.discovery).toMatchObject({
      ok: false,
      failure: { kind: chosen, message: expect.stringContaining(`(${seeds[at]}; ${seeds.length} endpoints tried)`) },
    });
  });

  it('names the one endpoint it asked when there is only one', async () => {
    const gateway = new FakeGateway().scriptMember(endpointOf(0), fail(failure('tls', 'bad certificate')));
    const { snapshot } = await collect(gateway);
    expect(snapshot.discovery).toMatchObject({ ok: false, failure: { kind: 'tls', message: `bad certificate (${endpointOf(0)})` } });
  });

  it('polls each seed under a nameless placeholder member when discovery fails', async () => {
    const seeds = [endpointOf(0), endpointOf(1)];
    const gateway = new FakeGateway().scriptMember(seeds[0]!, hang(DEADLINE_MS)).scriptMember(seeds[1]!, fail(failure('auth')));
    const { snapshot, elapsedMs } = await collect(gateway, { seedEndpoints: seeds, knownEndpoints: [endpointOf(5)] });
    expect(snapshot.members.map((sample) => sample.member)).toEqual(
      seeds.map((endpoint) => ({ id: '', name: '', peerUrls: [], clientUrls: [endpoint], isLearner: false })),
    );
    expect(snapshot.members.map((sample) => sample.endpoint)).toEqual(seeds);
    expect(snapshot.members.map((sample) => sample.status?.ok === false && sample.status.failure.kind)).toEqual(['timeout', 'auth']);
    expect(gateway.callsTo('status').map((call) => call.target)).toEqual(seeds);
    // Discovery waited for the frozen seed, then the members were polled: two deadlines at most.
    expect(elapsedMs).toBe(2 * DEADLINE_MS);
  });

  it('with no endpoint at all, says so instead of hanging', async () => {
    const { snapshot } = await collect(new FakeGateway(), { seedEndpoints: [] });
    expect(snapshot.discovery).toMatchObject({ ok: false, failure: { kind: 'unknown', message: 'no endpoint to ask' } });
    expect(snapshot.members).toEqual([]);
  });
});

describe('collectSnapshot: members', () => {
  it('asks every member at once: a hanging member does not delay the others', async () => {
    const cluster = withMemberDown(healthyCluster({ members: 5 }), 3);
    const gateway = FakeGateway.fromSnapshot(cluster).scriptMember(endpointOf(3), hang(DEADLINE_MS));
    for (const i of [0, 1, 2, 4]) {
      gateway.script('status', endpointOf(i), answer(statusAt(cluster, i), 10 + i));
    }
    const { snapshot, elapsedMs } = await collect(gateway);
    const memberCalls = gateway.calls.filter((call) => call.method !== 'memberList');
    expect(memberCalls).toHaveLength(15);
    expect(new Set(memberCalls.map((call) => call.startedAtMs))).toEqual(new Set([CLOCK_START_MS]));
    expect(gateway.maxInFlight).toBe(15);
    for (const i of [0, 1, 2, 4]) {
      expect(gateway.callsTo('status', endpointOf(i))[0]?.settledAtMs).toBe(CLOCK_START_MS + 10 + i);
      expect(snapshot.members[i]?.status).toMatchObject({ ok: true, latencyMs: 10 + i });
    }
    expect(snapshot.members[3]?.status).toMatchObject({ ok: false, failure: { kind: 'timeout' }, latencyMs: DEADLINE_MS });
    expect(elapsedMs).toBe(DEADLINE_MS);
  });

  it('costs the slowest call, not the sum of the calls', async () => {
    const cluster = healthyCluster();
    const gateway = FakeGateway.fromSnapshot(cluster);
    cluster.members.forEach((_, i) => {
      gateway.script('status', endpointOf(i), answer(statusAt(cluster, i), 400));
      gateway.script('health', endpointOf(i), answer({ healthy: true }, 300));
      gateway.script('metrics', `${endpointOf(i)}/metrics`, answer({ serverId: memberIdAt(i) }, 200));
    });
    const { elapsedMs } = await collect(gateway);
    expect(elapsedMs).toBe(400);
  });

  it('does not poll a member that has not started (no client URL)', async () => {
    const cluster = withUnstartedMember(healthyCluster());
    const gateway = FakeGateway.fromSnapshot(cluster);
    const { snapshot } = await collect(gateway);
    const unstarted = snapshot.members[3];
    expect(unstarted).toEqual({ member: { id: memberIdAt(3), name: '', peerUrls: ['https://10.0.0.4:2380'], clientUrls: [], isLearner: false } });
    expect(gateway.calls.filter((call) => call.method !== 'memberList')).toHaveLength(9);
  });

  it('polls each member at the client URL the operator used', async () => {
    const cluster = healthyCluster();
    const list = memberListOf(cluster);
    const dual: MemberList = {
      ...list,
      members: list.members.map((m, i) => ({ ...m, clientUrls: [`http://127.0.0.1:${2379 + 10 * i}`, m.clientUrls[0]!] })),
    };
    const gateway = FakeGateway.fromSnapshot(cluster).script('memberList', endpointOf(0), answer(dual));
    const { snapshot } = await collect(gateway);
    expect(snapshot.members.map((sample) => sample.endpoint)).toEqual([endpointOf(0), endpointOf(1), endpointOf(2)]);
  });
});

describe('collectSnapshot: explicit metrics URLs', () => {
  const metricsUrls = ['http://10.0.0.3:2381/metrics', 'http://10.0.0.1:2381/metrics', 'http://10.0.0.2:2381/metrics'];

  it('ties each scrape to its member by etcd_server_id, whatever the order given', async () => {
    const cluster = healthyCluster();
    const gateway = FakeGateway.fromSnapshot(cluster);
    [2, 0, 1].forEach((member, i) => {
      gateway.script('metrics', metricsUrls[i]!, answer({ serverId: memberIdAt(member), proposalsPending: member }));
    });
    const { snapshot } = await collect(gateway, { metricsUrls });
    expect(snapshot.members.map((sample) => (sample.metrics?.ok ? sample.metrics.value.serverId : undefined))).toEqual([0, 1, 2].map(memberIdAt));
    expect(snapshot.members.map((sample) => (sample.metrics?.ok ? sample.metrics.value.proposalsPending : undefined))).toEqual([0, 1, 2]);
    expect(gateway.callsTo('metrics').map((call) => call.target).sort()).toEqual([...metricsUrls].sort());
  });

  it('falls back to the order given when no scrape names its server', async () => {
    const cluster = healthyCluster();
    const gateway = FakeGateway.fromSnapshot(cluster);
    metricsUrls.forEach((url, i) => gateway.script('metrics', url, answer({ proposalsPending: 100 + i })));
    const { snapshot } = await collect(gateway, { metricsUrls });
    expect(snapshot.members.map((sample) => (sample.metrics?.ok ? sample.metrics.value.proposalsPending : undefined))).toEqual([100, 101, 102]);
  });

  it('scrapes alongside the member calls, so a frozen /metrics shares their deadline', async () => {
    const cluster = healthyCluster();
    const gateway = FakeGateway.fromSnapshot(cluster);
    gateway.script('metrics', metricsUrls[0]!, hang(DEADLINE_MS));
    gateway.script('metrics', metricsUrls[1]!, answer({}));
    gateway.script('metrics', metricsUrls[2]!, answer({}));
    gateway.script('status', endpointOf(1), hang(DEADLINE_MS));
    const { snapshot, elapsedMs } = await collect(gateway, { metricsUrls });
    expect(elapsedMs).toBe(DEADLINE_MS);
    expect(snapshot.members[0]?.metrics).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });
});

describe('clientUrlFor', () => {
  const member = (...clientUrls: string[]): MemberInfo => ({ id: 'a', name: 'etcd-1', peerUrls: [], clientUrls, isLearner: false });

  it.each([
    { urls: ['http://10.0.0.1:2379', 'https://10.0.0.1:2379'], seeds: ['https://10.0.0.1:2379'], expected: 'https://10.0.0.1:2379' },
    { urls: ['https://10.0.0.1:2379', 'https://127.0.0.1:2379'], seeds: ['https://10.0.0.9:2379', 'https://127.0.0.1:2379'], expected: 'https://127.0.0.1:2379' },
    { urls: ['http://10.0.0.1:2379', 'https://10.0.0.1:2379'], seeds: ['https://etcd.example:2379'], expected: 'https://10.0.0.1:2379' },
    { urls: ['https://10.0.0.1:2379', 'http://10.0.0.1:2379'], seeds: ['http://localhost:2379'], expected: 'http://10.0.0.1:2379' },
    { urls: ['http://10.0.0.1:2379'], seeds: ['https://10.0.0.9:2379'], expected: 'http://10.0.0.1:2379' },
    { urls: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'], seeds: [], expected: 'https://10.0.0.1:2379' },
    { urls: [], seeds: ['https://10.0.0.1:2379'], expected: undefined },
  ])('$urls with seeds $seeds → $expected', ({ urls, seeds, expected }) => {
    expect(clientUrlFor(member(...urls), seeds)).toBe(expected);
  });
});

function statusAt(snapshot: ClusterSnapshot, index: number): MemberStatus {
  const status = snapshot.members[index]?.status;
  if (!status?.ok) throw new Error(`member ${index} of the factory snapshot did not answer status`);
  return status.value;
}

function memberListOf(snapshot: ClusterSnapshot): MemberList {
  if (!snapshot.discovery.ok) throw new Error('the factory snapshot has no member list');
  return snapshot.discovery.value;
}

describe('collectSnapshot: metrics from an earlier round', () => {
  it('reuses the given metrics instead of scraping, and still asks status and health', async () => {
    const cluster = healthyCluster();
    const gateway = FakeGateway.fromSnapshot(cluster);
    const first = await collect(gateway);
    const cached = new Map(first.snapshot.members.map((m) => [m.member.id, m.metrics!] as const));
    const scrapesBefore = gateway.callsTo('metrics').length;
    const statusBefore = gateway.callsTo('status').length;
    const second = await collect(gateway, { reuseMetrics: cached });
    expect(gateway.callsTo('metrics').length).toBe(scrapesBefore);
    expect(gateway.callsTo('status').length).toBe(statusBefore + 3);
    expect(second.snapshot.members.map((m) => m.metrics)).toEqual(first.snapshot.members.map((m) => m.metrics));
  });
});

describe('collectSnapshot: health and alarms', () => {
  it('marks a member that answers unhealthy while its status lists active alarms (as etcdctl endpoint health does)', async () => {
    const gateway = FakeGateway.fromSnapshot(healthyCluster());
    const status = await gateway.status(endpointOf(0));
    if (!status.ok) throw new Error('fake status should answer');
    const alarmed = { ...status, value: { ...status.value, alarms: [{ memberId: memberIdAt(0), alarm: 'NOSPACE' }, { memberId: memberIdAt(1), alarm: 'NOSPACE' }] } };
    const health = { ok: true as const, value: { healthy: true }, latencyMs: 3 };
    expect(withAlarms(health, alarmed)).toEqual({ ok: true, value: { healthy: false, reason: 'active alarm(s): NOSPACE' }, latencyMs: 3 });
    expect(withAlarms(health, status)).toBe(health);
  });
});
