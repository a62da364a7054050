// etcd 3.6 added three fields to StatusResponse that etcd3 1.1.2's rpc.proto does not have, so
// its decoder drops them: storageVersion (11), dbSizeQuota (12) and downgradeInfo (13). They are
// described here, in a descriptor of our own layered on etcd3's definitions: Status is called on
// the same channel etcd3 opened for the member (same credentials, auth token and deadline), etcd3's
// own deserializer decodes fields 1–10 and this module's descriptor fields 11–13 of the same bytes.
// Whatever loads etcd3's definitions (proto files in the npm build, JSON in the bundle) this reads
// the response bytes themselves, so every build sees the same fields.
import type { Etcd3, IStatusResponse } from 'etcd3';
import type { MemberStatus } from './gateway.js';

type FieldType = 'string' | 'int64' | 'bool' | { message: MessageDescriptor };
interface FieldDescriptor {
  name: string;
  type: FieldType;
}
/** Field number → name and type; fields not listed are skipped. */
type MessageDescriptor = Readonly<Record<number, FieldDescriptor>>;

const DOWNGRADE_INFO: MessageDescriptor = {
  1: { name: 'enabled', type: 'bool' },
  2: { name: 'targetVersion', type: 'string' },
};

/** The fields of etcdserverpb.StatusResponse after etcd3's last one (isLearner = 10). */
export const STATUS_RESPONSE_SINCE_3_6: MessageDescriptor = {
  11: { name: 'storageVersion', type: 'string' },
  12: { name: 'dbSizeQuota', type: 'int64' },
  13: { name: 'downgradeInfo', type: { message: DOWNGRADE_INFO } },
};

export interface StatusFieldsSince36 {
  storageVersion?: string;
  dbSizeQuota?: bigint;
  downgradeInfo?: { enabled?: boolean; targetVersion?: string };
}

export type StatusResponse36 = IStatusResponse & StatusFieldsSince36;

/** Decodes the fields `descriptor` names out of one protobuf message; the rest are skipped. */
export function decodeFields(bytes: Uint8Array, descriptor: MessageDescriptor): Record<string, unknown> {
  const reader = new WireReader(bytes);
  const out: Record<string, unknown> = {};
  while (!reader.done()) {
    const tag = reader.varint();
    const field = descriptor[Number(tag >> 3n)];
    const wireType = Number(tag & 7n);
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const { type } = field;
    if (type === 'string') out[field.name] = Buffer.from(reader.bytes()).toString('utf8');
    else if (type === 'int64') out[field.name] = BigInt.asIntN(64, reader.varint());
    else if (type === 'bool') out[field.name] = reader.varint() !== 0n;
    else out[field.name] = decodeFields(reader.bytes(), type.message);
  }
  return out;
}

class WireReader {
  private at = 0;
  constructor(private readonly buf: Uint8Array) {}

  done(): boolean {
    return this.at >= this.buf.length;
  }

  varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.buf[this.at++];
      if (byte === undefined) throw new Error('StatusResponse: truncated varint');
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new Error('StatusResponse: varint longer than 10 bytes');
  }

  bytes(): Uint8Array {
    const length = Number(this.varint());
    if (this.at + length > this.buf.length) throw new Error('StatusResponse: truncated field');
    const slice = this.buf.subarray(this.at, this.at + length);
    this.at += length;
    return slice;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.at += 8;
    else if (wireType === 2) this.bytes();
    else if (wireType === 5) this.at += 4;
    else throw new Error(`StatusResponse: unsupported wire type ${wireType}`);
  }
}

// The parts of etcd3 and grpc-js this module reaches. etcd3 keeps its connection pool protected
// and its grpc clients inside it; both are stable in etcd3 1.x (pinned in package.json).
interface UnaryMethod {
  path: string;
  requestSerialize: (value: object) => Buffer;
  responseDeserialize: (bytes: Buffer) => IStatusResponse;
}
interface GrpcClient {
  constructor: { service?: Record<string, UnaryMethod | undefined> };
  makeUnaryRequest(
    path: string,
    serialize: (value: object) => Buffer,
    deserialize: (bytes: Buffer) => StatusResponse36,
    argument: object,
    metadata: unknown,
    options: { deadline: number },
    callback: (error: Error | null, value?: StatusResponse36) => void,
  ): unknown;
}
interface ConnectionPool {
  withConnection<R>(service: 'Maintenance', fn: (args: { client: GrpcClient; metadata: unknown }) => Promise<R>): Promise<R>;
}

/**
 * Status of the member `client` talks to, with the 3.6 fields when the member sends them. Falls
 * back to etcd3's own call (fields 1–10 only) when etcd3's internals are not what this expects,
 * and when the auth token expired: etcd3's call fetches a new one, the next round reads 3.6 again.
 */
export async function statusWithFieldsSince36(client: Etcd3, deadline: { deadline: number }): Promise<StatusResponse36> {
  const pool = (client as unknown as { pool?: Partial<ConnectionPool> }).pool;
  if (typeof pool?.withConnection !== 'function') return client.maintenance.status(deadline);
  try {
    return await pool.withConnection('Maintenance', ({ client: grpc, metadata }) => callStatus(grpc, metadata, deadline, client));
  } catch (error) {
    if (error instanceof Error && /invalid auth token/i.test(error.message)) return client.maintenance.status(deadline);
    throw error;
  }
}

function callStatus(grpc: GrpcClient, metadata: unknown, deadline: { deadline: number }, fallback: Etcd3): Promise<StatusResponse36> {
  const method = grpc.constructor.service?.['Status'];
  if (!method || typeof grpc.makeUnaryRequest !== 'function') return fallback.maintenance.status(deadline);
  const deserialize = (bytes: Buffer): StatusResponse36 => ({
    ...method.responseDeserialize(bytes),
    ...(decodeFields(bytes, STATUS_RESPONSE_SINCE_3_6) as StatusFieldsSince36),
  });
  return new Promise((resolve, reject) => {
    grpc.makeUnaryRequest(method.path, method.requestSerialize, deserialize, {}, metadata, deadline, (error, value) =>
      error || !value ? reject(error ?? new Error('Status: empty answer')) : resolve(value),
    );
  });
}

/** The domain's view of fields 11–13: absent before 3.6; a quota of 0 (3.6.0–3.6.5 without the flag) is unknown. */
export function fieldsSince36(res: StatusFieldsSince36): Pick<MemberStatus, 'storageVersion' | 'dbSizeQuotaBytes' | 'downgrade'> {
  return {
    ...(res.storageVersion ? { storageVersion: res.storageVersion } : {}),
    ...(res.dbSizeQuota !== undefined && res.dbSizeQuota > 0n ? { dbSizeQuotaBytes: Number(res.dbSizeQuota) } : {}),
    ...(res.downgradeInfo ? { downgrade: { enabled: res.downgradeInfo.enabled ?? false, targetVersion: res.downgradeInfo.targetVersion ?? '' } } : {}),
  };
}
