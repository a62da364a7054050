// The lazy services the bundle hands etcd3 against what etcd3 itself loads from disk with
// proto-loader: same services and methods, and the same bytes and objects through them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyPackageDefinition, type PackageDefinition, type Protobuf, type ProtoJson } from '../../src/etcd/etcd-package-definition.js';

// Resolved the way etcd3 resolves them (as scripts/bundle.mjs does).
const etcd3Require = createRequire(createRequire(import.meta.url).resolve('etcd3'));
const loaderRequire = createRequire(etcd3Require.resolve('@grpc/proto-loader'));
const protoLoader = loaderRequire('@grpc/proto-loader') as { loadSync(path: string, options: object): Record<string, unknown> };
const protobuf = loaderRequire('protobufjs') as Protobuf & { Root: new () => { loadSync(path: string, options: object): { toJSON(options: object): ProtoJson } } };
const camelCase = loaderRequire('lodash.camelcase') as (name: string) => string;
const RPC_PROTO = join(dirname(etcd3Require.resolve('etcd3')), '../proto/rpc.proto');
// etcd3's options (lib/connection-pool.js).
const OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

const fromDisk = protoLoader.loadSync(RPC_PROTO, OPTIONS) as PackageDefinition & Record<string, { format?: string }>;
const json = new protobuf.Root().loadSync(RPC_PROTO, { keepCase: true }).toJSON({ keepComments: false });
const services = (definition: Record<string, object>) => Object.keys(definition).filter((name) => !('format' in (definition[name] ?? {}))).sort();

describe('lazyPackageDefinition', () => {
  const lazy = lazyPackageDefinition(protobuf, json, camelCase, OPTIONS);

  it('has every service and method proto-loader has, with the same paths and names', () => {
    expect(services(lazy)).toEqual(services(fromDisk));
    expect(services(lazy)).toContain('etcdserverpb.Maintenance');
    for (const name of services(fromDisk)) {
      const shape = (d: PackageDefinition) => Object.entries(d[name]!).map(([method, m]) => [method, m.path, m.originalName, m.requestStream, m.responseStream]);
      expect(shape(lazy)).toEqual(shape(fromDisk));
    }
  });

  it('encodes a request and decodes a response exactly as proto-loader does', () => {
    const [disk, ours] = [fromDisk['etcdserverpb.Maintenance']!.Status!, lazy['etcdserverpb.Maintenance']!.Status!];
    const response = { header: { cluster_id: '17237436991929493444', member_id: '9372538179322589801', revision: '42', raft_term: '7' }, version: '3.4.23', dbSize: '20480', leader: '9372538179322589801', raftIndex: '123', raftTerm: '7', raftAppliedIndex: '123', errors: ['memberID:1 alarm:NOSPACE '], dbSizeInUse: '16384', isLearner: false };
    const bytes = disk.responseSerialize(response);
    expect(Buffer.from(ours.responseSerialize(response))).toEqual(Buffer.from(bytes));
    expect(ours.responseDeserialize(bytes)).toEqual(disk.responseDeserialize(bytes));
    expect(ours.responseDeserialize(bytes)).toMatchObject({ version: '3.4.23', dbSize: '20480', raftIndex: '123' });

    const range = { key: Buffer.from('health'), serializable: true, limit: '1' };
    const [diskRange, ourRange] = [fromDisk['etcdserverpb.KV']!.Range!, lazy['etcdserverpb.KV']!.Range!];
    expect(Buffer.from(ourRange.requestSerialize(range))).toEqual(Buffer.from(diskRange.requestSerialize(range)));
  });

  it('refuses an array for a message, as proto-loader does', () => {
    expect(() => lazy['etcdserverpb.Maintenance']!.Status!.requestSerialize([] as unknown as object)).toThrow(/expected object/);
  });

  it('parses nothing until a method is called', () => {
    let built = 0;
    const counting: Protobuf = { Root: { fromJSON: (j) => { built += 1; return protobuf.Root.fromJSON(j); } } };
    const definition = lazyPackageDefinition(counting, json, camelCase, OPTIONS);
    expect(built).toBe(0);
    definition['etcdserverpb.Cluster']!.MemberList!.requestSerialize({});
    definition['etcdserverpb.KV']!.Range!.requestSerialize({});
    expect(built).toBe(1);
  });
});
