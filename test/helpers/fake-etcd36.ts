// A FAKE etcd 3.6 for tests: no 3.6 server is packaged for this machine. Each member is a grpc-js
// server on 127.0.0.1 answering Status with fields 11–13 (storageVersion, dbSizeQuota,
// downgradeInfo) encoded as etcd 3.6 encodes them (gogo proto3: fields in number order, zero
// values left out, downgradeInfo always sent), plus MemberList, Range (the health read) and Alarm
// so that `etcdtop status`/`check` run against it end to end; and a plain-HTTP /metrics per member.
import { createServer, type Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// grpc-js as etcd3 resolves it (a dependency of etcd3, not of ours).
const etcd3Require = createRequire(createRequire(import.meta.url).resolve('etcd3'));
const grpc = etcd3Require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');

export interface FakeMember36 {
  name: string;
  /** Decimal-free: a bigint member id. */
  id: bigint;
  version: string;
  storageVersion?: string;
  /** 0 = not sent (3.6.0–3.6.5 without --quota-backend-bytes). */
  dbSizeQuota?: bigint;
  downgrade?: { enabled: boolean; targetVersion: string };
  dbSize?: bigint;
  dbSizeInUse?: bigint;
  /** Answers like etcd 3.5 instead: no field above 10 (a member not upgraded yet). */
  as35?: boolean;
  /** etcd_server_quota_backend_bytes on /metrics; absent when undefined. */
  metricQuotaBytes?: number;
}

export interface FakeCluster36 {
  endpoints: string[];
  metricsUrls: string[];
  stop(): Promise<void>;
}

export const FAKE_CLUSTER_ID = 0xcdf818194e3a8c32n;
export const FAKE_REVISION = 42n;

/** Protobuf wire format, just enough to write etcd's responses. */
export class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: bigint): this {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    this.bytes.push(Number(v));
    return this;
  }

  uint(field: number, value: bigint | number | boolean): this {
    const v = BigInt(value);
    return v === 0n ? this : this.varint(BigInt(field << 3)).varint(v);
  }

  string(field: number, value: string | undefined): this {
    return value ? this.message(field, Buffer.from(value, 'utf8')) : this;
  }

  /** Always written, even when empty (a non-nil submessage). */
  message(field: number, value: Uint8Array): this {
    this.varint(BigInt((field << 3) | 2)).varint(BigInt(value.length));
    this.bytes.push(...value);
    return this;
  }

  done(): Buffer {
    return Buffer.from(this.bytes);
  }
}

function header(member: FakeMember36): Buffer {
  return new ProtoWriter().uint(1, FAKE_CLUSTER_ID).uint(2, member.id).uint(3, FAKE_REVISION).uint(4, 2n).done();
}

export function encodeStatus36(member: FakeMember36, leaderId: bigint): Buffer {
  const downgrade = new ProtoWriter().uint(1, member.downgrade?.enabled ?? false).string(2, member.downgrade?.targetVersion).done();
  const writer = new ProtoWriter()
    .message(1, header(member))
    .string(2, member.version)
    .uint(3, member.dbSize ?? 20480n)
    .uint(4, leaderId)
    .uint(5, 100n)
    .uint(6, 2n)
    .uint(7, 100n)
    .uint(9, member.dbSizeInUse ?? 16384n);
  if (member.as35) return writer.done();
  return writer.string(11, member.storageVersion).uint(12, member.dbSizeQuota ?? 0n).message(13, downgrade).done();
}

function encodeMemberList(members: FakeMember36[], answering: FakeMember36, endpoints: string[]): Buffer {
  const writer = new ProtoWriter().message(1, header(answering));
  members.forEach((m, i) => {
    writer.message(2, new ProtoWriter().uint(1, m.id).string(2, m.name).string(3, `http://127.0.0.1:1${i}380`).string(4, endpoints[i]).done());
  });
  return writer.done();
}

const unary = (path: string, respond: () => Buffer) => ({
  path,
  requestStream: false,
  responseStream: false,
  requestSerialize: (value: Buffer) => value,
  requestDeserialize: (bytes: Buffer) => bytes,
  responseSerialize: (value: Buffer) => value,
  responseDeserialize: (bytes: Buffer) => bytes,
  respond,
});

async function listen(server: InstanceType<typeof grpc.Server>): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function metricsServer(member: FakeMember36): Promise<HttpServer> {
  const body = [
    `etcd_server_id{server_id="${member.id.toString(16)}"} 1`,
    ...(member.metricQuotaBytes === undefined ? [] : [`etcd_server_quota_backend_bytes ${member.metricQuotaBytes}`]),
    '',
  ].join('\n');
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts one fake 3.6 member per entry; the first is the leader. */
export async function startFakeEtcd36(members: FakeMember36[]): Promise<FakeCluster36> {
  const servers = members.map(() => new grpc.Server());
  const ports = await Promise.all(servers.map(listen));
  const endpoints = ports.map((port) => `http://127.0.0.1:${port}`);
  const leaderId = members[0]!.id;
  members.forEach((member, i) => {
    const methods = {
      Status: unary('/etcdserverpb.Maintenance/Status', () => encodeStatus36(member, leaderId)),
      MemberList: unary('/etcdserverpb.Cluster/MemberList', () => encodeMemberList(members, member, endpoints)),
      Range: unary('/etcdserverpb.KV/Range', () => new ProtoWriter().message(1, header(member)).done()),
      Alarm: unary('/etcdserverpb.Maintenance/Alarm', () => new ProtoWriter().message(1, header(member)).done()),
    };
    for (const method of Object.values(methods)) {
      servers[i]!.register(method.path, (_call: unknown, callback: (error: null, value: Buffer) => void) => callback(null, method.respond()), method.responseSerialize, method.requestDeserialize, 'unary');
    }
  });
  const http = await Promise.all(members.map(metricsServer));
  const metricsUrls = http.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  return {
    endpoints,
    metricsUrls,
    stop: async () => {
      servers.forEach((server) => server.forceShutdown());
      await Promise.all(http.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
