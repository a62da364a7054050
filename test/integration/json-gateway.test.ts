// `status` and `check` read a poll round through etcd's gRPC-JSON gateway (JsonFirstGateway),
// and must say exactly what the gRPC gateway says: the same values, the same failures, one
// deadline for a frozen member; gRPC is loaded only when the JSON gateway does not answer
// (--enable-grpc-gateway=false, a refusal to word, a client certificate on a cluster with auth
// on: etcd would not see its CN through the JSON gateway, and refuses such calls there).
import { readFileSync } from 'node:fs';
import { TLSSocket } from 'node:tls';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { oneShotTransport } from '../../src/commands/connect.js';
import type { ConnectionConfig } from '../../src/config/connection-config.js';
import { defaultTimeouts } from '../../src/etcd/call-timeouts.js';
import { servingCertificate } from '../../src/etcd/certificates.js';
import { Etcd3Gateway } from '../../src/etcd/etcd3-gateway.js';
import type { EtcdGateway, Outcome } from '../../src/etcd/gateway.js';
import { JsonFirstGateway } from '../../src/etcd/json-first-gateway.js';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { RELAXED_LATENCY, runCli, type CliResult } from '../helpers/run-cli.js';

const TIMEOUT_MS = 1500;

function plainConfig(endpoints: string[], extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { endpoints, dialTimeoutMs: TIMEOUT_MS, commandTimeoutMs: TIMEOUT_MS, metricsUrls: [], source: 'test', ...extra };
}

/** A JSON-first gateway whose gRPC fallback is counted, beside a plain gRPC gateway. */
function bothGateways(config: ConnectionConfig) {
  const timeouts = defaultTimeouts(config.commandTimeoutMs);
  let grpcLoads = 0;
  const fallbacks: EtcdGateway[] = [];
  const json = new JsonFirstGateway(config, timeouts, async () => {
    grpcLoads += 1;
    const fallback = new Etcd3Gateway(config, timeouts);
    fallbacks.push(fallback);
    return fallback;
  });
  const grpc = new Etcd3Gateway(config, timeouts);
  return {
    json,
    grpc,
    grpcLoads: () => grpcLoads,
    close: () => [json, grpc, ...fallbacks].forEach((gateway) => gateway.close()),
  };
}

type Reads = Awaited<ReturnType<typeof readsOf>>;

/** What a poll round reads from one member, without the timings. */
async function readsOf(gateway: EtcdGateway, endpoint: string) {
  const [memberList, status, health] = await Promise.all([gateway.memberList(endpoint), gateway.status(endpoint), gateway.health(endpoint)]);
  const strip = <T>(outcome: Outcome<T>) => (outcome.ok ? { ok: true, value: outcome.value } : { ok: false, failure: outcome.failure });
  return { memberList: strip(memberList), status: strip(status), health: strip(health) };
}

/**
 * One read through each gateway, taken again (up to ~10 s) while they differ: just after a start
 * etcd's DB in-use size moves between two reads a moment apart (seen under Node 26 on CI-like
 * load). A difference between the transports persists, and the caller's toEqual then shows it.
 */
async function settledReads(gateways: { json: EtcdGateway; grpc: EtcdGateway }, endpoint: string, view: (reads: Reads) => unknown = (reads) => reads): Promise<[unknown, unknown]> {
  const take = async (): Promise<[unknown, unknown]> => [view(await readsOf(gateways.json, endpoint)), view(await readsOf(gateways.grpc, endpoint))];
  return settled(take);
}

/** `take` again while its two halves differ (up to ~10 s): see settledReads. */
async function settled<T>(take: () => Promise<[T, T]>, attempts = 40): Promise<[T, T]> {
  let pair = await take();
  for (let attempt = 1; attempt < attempts && !isDeepStrictEqual(pair[0], pair[1]); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    pair = await take();
  }
  return pair;
}

/** Every endpoint reads the same through both gateways, and each of its three reads is answered. */
async function expectSameReadsEverywhere(gateways: { json: EtcdGateway; grpc: EtcdGateway }, endpoints: string[]): Promise<void> {
  for (const endpoint of endpoints) {
    const [viaJson, viaGrpc] = await settledReads(gateways, endpoint);
    expect(viaJson).toMatchObject({ memberList: { ok: true }, status: { ok: true }, health: { ok: true } });
    expect(viaJson).toEqual(viaGrpc);
  }
}

/** Authenticating goes through raft: the raft index moves between two readings. */
function withoutRaftIndexes(reads: Reads): unknown {
  if (!reads.status.ok || !('value' in reads.status)) return reads;
  const { raftIndex: _index, raftAppliedIndex: _applied, ...status } = reads.status.value!;
  return { ...reads, status: { ok: true, value: status } };
}

/**
 * `status -o json` without what differs from run to run: the time taken, latencies, and the
 * notes on latency samples (their counts grow between two runs, e.g. past the 100 a p99 needs).
 */
function stable(stdout: string): unknown {
  return JSON.parse(stdout, (key, value: unknown) => (key === 'takenAt' || key === 'notes' || key.endsWith('LatencyMs') ? undefined : value));
}

const withoutNotes = (text: string) => text.split('\n').filter((line) => !line.startsWith('note: ')).join('\n');

/** `status -o json` through each transport, taken again (up to 5 times) while `view` of them differs (see settledReads). */
async function statusBothWays(args: string[], view: (stdout: string) => unknown = stable) {
  let json: CliResult | undefined;
  let grpc: CliResult | undefined;
  await settled(async () => {
    json = await runCli(['status', '-o', 'json', ...RELAXED_LATENCY, ...args]);
    grpc = await runCli(['status', '-o', 'json', ...RELAXED_LATENCY, ...args], { env: { ETCDTOP_ONE_SHOT_TRANSPORT: 'grpc' } });
    return [view(json.stdout), view(grpc.stdout)];
  }, 5);
  return { json: json!, grpc: grpc! };
}

describe('the one-shot transport setting', () => {
  it('json-first unless ETCDTOP_ONE_SHOT_TRANSPORT=grpc', () => {
    expect(oneShotTransport({})).toBe('json-first');
    expect(oneShotTransport({ ETCDTOP_ONE_SHOT_TRANSPORT: 'grpc' })).toBe('grpc');
  });
});

describe('JSON gateway on (etcd default): 3 members', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('every member reads the same as over gRPC, and gRPC is never loaded', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints));
    try {
      await expectSameReadsEverywhere(gateways, cluster.endpoints);
      expect(gateways.grpcLoads()).toBe(0);
    } finally {
      gateways.close();
    }
  });

  it('status -o json and check print the same through both transports', async () => {
    const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints[0]!]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect([grpc.code, grpc.stderr]).toEqual([0, '']);
    expect(stable(json.stdout)).toEqual(stable(grpc.stdout));
    const check = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!]);
    const checkGrpc = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!], { env: { ETCDTOP_ONE_SHOT_TRANSPORT: 'grpc' } });
    expect([check.code, withoutNotes(check.stdout)]).toEqual([checkGrpc.code, withoutNotes(checkGrpc.stdout)]);
    expect(check.stdout).toMatch(/^OK: 3 members/);
  });

  it('a frozen member costs one deadline and reads "timed out", as over gRPC, without loading gRPC', async () => {
    const leader = await cluster.leaderIndex();
    const frozen = leader === 1 ? 2 : 1;
    const endpoint = cluster.endpoints[frozen]!;
    const gateways = bothGateways(plainConfig(cluster.endpoints));
    cluster.freeze(frozen);
    try {
      const [viaJson, viaGrpc] = await Promise.all([readsOf(gateways.json, endpoint), readsOf(gateways.grpc, endpoint)]);
      expect(viaJson.status).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'timeout' }) });
      expect(viaJson).toEqual(viaGrpc);
      expect(gateways.grpcLoads()).toBe(0);
      const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints.join(','), '--command-timeout', '1.5s']);
      expect(stable(json.stdout)).toEqual(stable(grpc.stdout));
      const members = (JSON.parse(json.stdout) as { members: { endpoint: string; error: { message: string } | null }[] }).members;
      expect(members.find((m) => m.endpoint === endpoint)?.error?.message).toMatch(/timed out after 1\.5s/);
    } finally {
      cluster.thaw(frozen);
      gateways.close();
    }
  });

  it('a member that is down reads the same as over gRPC (the refusal is worded by gRPC)', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints));
    await cluster.kill(2);
    try {
      const endpoint = cluster.endpoints[2]!;
      const viaJson = await readsOf(gateways.json, endpoint);
      expect(viaJson.status).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'unreachable' }) });
      expect(viaJson).toEqual(await readsOf(gateways.grpc, endpoint));
      expect(gateways.grpcLoads()).toBe(1);
    } finally {
      gateways.close();
      await cluster.restart(2);
    }
  });
});

describe('JSON gateway off (--enable-grpc-gateway=false)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster({ members: 1, extraArgs: ['--enable-grpc-gateway=false'] });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('falls back to gRPC, with the same answers', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints));
    try {
      const [viaJson, viaGrpc] = await settledReads(gateways, cluster.endpoints[0]!);
      expect(viaJson).toMatchObject({ status: { ok: true } });
      expect(viaJson).toEqual(viaGrpc);
      expect(gateways.grpcLoads()).toBe(1);
    } finally {
      gateways.close();
    }
  });

  it('status -o json prints the same through both transports', async () => {
    const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints[0]!]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(stable(json.stdout)).toEqual(stable(grpc.stdout));
  });
});

describe('TLS (server certificate only) with auth on (root)', () => {
  let cluster: TestCluster;
  let tls: NonNullable<ConnectionConfig['tls']>;
  const root = { username: 'root', password: 'root-pw' };
  beforeAll(async () => {
    // Users sign in with a password; no client certificate is asked for.
    cluster = await startCluster({ members: 1, tls: true, extraArgs: ['--client-cert-auth=false', '--trusted-ca-file='] });
    tls = { ca: readFileSync(cluster.tls!.caCert), insecureSkipVerify: false };
    for (const args of [['user', 'add', 'root:root-pw'], ['auth', 'enable']]) {
      const r = await cluster.etcdctl(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('with a user: over HTTPS with the CA and a token, the same as over gRPC', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls, auth: root }));
    try {
      const [viaJson, viaGrpc] = await settledReads(gateways, cluster.endpoints[0]!, withoutRaftIndexes);
      expect(viaJson).toMatchObject({ status: { ok: true }, health: { ok: true } });
      expect(viaJson).toEqual(viaGrpc);
      expect(gateways.grpcLoads()).toBe(0);
    } finally {
      gateways.close();
    }
  });

  it('--insecure-skip-tls-verify with a CA that did not sign the server: answers over HTTPS', async () => {
    const other = { ...tls, ca: readFileSync(cluster.tls!.otherCaCert), insecureSkipVerify: true };
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls: other, auth: root }));
    try {
      expect((await gateways.json.status(cluster.endpoints[0]!)).ok).toBe(true);
      expect(gateways.grpcLoads()).toBe(0);
    } finally {
      gateways.close();
    }
  });

  it('a CA that did not sign the server: the TLS failure gRPC words', async () => {
    const other = { ...tls, ca: readFileSync(cluster.tls!.otherCaCert) };
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls: other, auth: root }));
    try {
      const viaJson = await readsOf(gateways.json, cluster.endpoints[0]!);
      expect(viaJson.status).toEqual({ ok: false, failure: expect.objectContaining({ kind: 'tls' }) });
      expect(viaJson).toEqual(await readsOf(gateways.grpc, cluster.endpoints[0]!));
    } finally {
      gateways.close();
    }
  });

  it('a wrong password: the refusal gRPC words, from gRPC', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls, auth: { username: 'root', password: 'wrong' } }));
    try {
      const viaJson = await gateways.json.status(cluster.endpoints[0]!);
      const viaGrpc = await gateways.grpc.status(cluster.endpoints[0]!);
      expect(viaJson.ok).toBe(false);
      expect(!viaJson.ok && viaJson.failure).toEqual(!viaGrpc.ok && viaGrpc.failure);
      expect(gateways.grpcLoads()).toBe(1);
    } finally {
      gateways.close();
    }
  });

  it('with a client certificate this cluster does not ask for: over HTTPS with the token, as without it', async () => {
    const t = cluster.tls!;
    const withCert = { ...tls, cert: readFileSync(t.clientCert), key: readFileSync(t.clientKey) };
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls: withCert, auth: root }));
    try {
      const [viaJson, viaGrpc] = await settledReads(gateways, cluster.endpoints[0]!, withoutRaftIndexes);
      expect(viaJson).toMatchObject({ status: { ok: true }, health: { ok: true } });
      expect(viaJson).toEqual(viaGrpc);
      expect(gateways.grpcLoads()).toBe(0);
    } finally {
      gateways.close();
    }
  });

  it('status -o json as root prints the same through both transports', async () => {
    const t = cluster.tls!;
    const raftFree = (stdout: string) => JSON.parse(JSON.stringify(stable(stdout)), (key, value: unknown) => (/^raft(Applied)?Index$/.test(key) ? undefined : value));
    const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints[0]!, '--cacert', t.caCert, '--user', 'root:root-pw'], raftFree);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(raftFree(json.stdout)).toEqual(raftFree(grpc.stdout));
  });
});

describe('mTLS (--client-cert-auth), as kubeadm sets etcd up: 3 members', () => {
  let cluster: TestCluster;
  let tls: NonNullable<ConnectionConfig['tls']>;
  let certArgs: string[];
  beforeAll(async () => {
    cluster = await startCluster({ members: 3, tls: true });
    const t = cluster.tls!;
    tls = { ca: readFileSync(t.caCert), cert: readFileSync(t.clientCert), key: readFileSync(t.clientKey), insecureSkipVerify: false };
    certArgs = ['--cacert', t.caCert, '--cert', t.clientCert, '--key', t.clientKey];
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('auth off: every member reads the same as over gRPC, over HTTPS with the certificate, and gRPC is never loaded', async () => {
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls }));
    try {
      await expectSameReadsEverywhere(gateways, cluster.endpoints);
      expect(gateways.grpcLoads()).toBe(0);
      // The serving certificates those calls saw: what a handshake of its own reads.
      const seen = gateways.json.servingCertificatesSeen();
      for (const endpoint of cluster.endpoints) {
        const read = await servingCertificate(endpoint, tls, TIMEOUT_MS);
        expect(read.ok && read.value).toMatchObject({ notAfterMs: expect.any(Number) });
        expect(seen.get(endpoint)).toEqual(read.ok ? read.value : undefined);
      }
    } finally {
      gateways.close();
    }
  });

  it('auth off: each member\'s certificate is read once, however many connections reach it', async () => {
    // Node builds a whole object for a peer certificate (three fingerprints among them), and a
    // round opens two or three connections per member, whose handshakes show the same one. Node
    // reads it once more per connection itself, with the chain, to check the server's name.
    const gateway = new JsonFirstGateway(plainConfig(cluster.endpoints, { tls }), defaultTimeouts(TIMEOUT_MS), () => Promise.reject(new Error('no gRPC here')));
    const reads = vi.spyOn(TLSSocket.prototype, 'getPeerCertificate');
    try {
      await Promise.all(cluster.endpoints.map((endpoint) => Promise.all([gateway.memberList(endpoint), gateway.status(endpoint), gateway.health(endpoint), gateway.metrics(`${endpoint}/metrics`)])));
      expect([...gateway.servingCertificatesSeen().keys()].sort()).toEqual([...cluster.endpoints].sort());
      const ours = reads.mock.calls.filter(([detailed]) => detailed !== true);
      expect(ours).toHaveLength(cluster.endpoints.length);
      expect(reads.mock.calls.length).toBeGreaterThan(ours.length);
    } finally {
      reads.mockRestore();
      gateway.close();
    }
  });

  it('auth off: status -o json and check print the same through both transports', async () => {
    const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints[0]!, ...certArgs]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(stable(json.stdout)).toEqual(stable(grpc.stdout));
    const check = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...certArgs]);
    const checkGrpc = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...certArgs], { env: { ETCDTOP_ONE_SHOT_TRANSPORT: 'grpc' } });
    expect([check.code, withoutNotes(check.stdout)]).toEqual([checkGrpc.code, withoutNotes(checkGrpc.stdout)]);
    expect(check.stdout).toMatch(/^OK: 3 members/);
  });

  // Last: auth stays on. The client certificate's CN is "root", the user etcd then authorises.
  it('auth on: the gateway refuses a certificate it cannot pass on, and gRPC answers the same', async () => {
    for (const args of [['user', 'add', 'root:root-pw'], ['auth', 'enable']]) {
      const r = await cluster.etcdctl(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const gateways = bothGateways(plainConfig(cluster.endpoints, { tls }));
    try {
      const [viaJson, viaGrpc] = await settledReads(gateways, cluster.endpoints[0]!);
      expect(viaJson).toMatchObject({ memberList: { ok: true }, status: { ok: true }, health: { ok: true } });
      expect(viaJson).toEqual(viaGrpc);
      expect(gateways.grpcLoads()).toBe(1);
    } finally {
      gateways.close();
    }
    const { json, grpc } = await statusBothWays(['--endpoints', cluster.endpoints[0]!, ...certArgs]);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(stable(json.stdout)).toEqual(stable(grpc.stdout));
  });
});
