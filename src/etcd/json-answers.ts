// etcd's gRPC-JSON gateway answers → the domain types, field for field what etcd3-gateway.ts
// makes of the same answers over gRPC. The gateway marshals with the proto's own field names
// (dbSize, raftIndex, ID, clientURLs; header.cluster_id) and leaves out fields at their default
// (leader 0, isLearner false, empty errors; a 3.4 alarm list may even come without a header):
// every field is read with its default here, as etcd3 reads protobuf with `defaults: true`.
// 64-bit integers arrive as decimal strings. etcd 3.6's gateway (protojson) may spell the header
// fields in lowerCamelCase: both spellings are read.
import { memberIdFromDecimal, type MemberList, type MemberStatus } from './gateway.js';
import { alarmsFromStatusErrors } from './status-errors.js';
import { fieldsSince36 } from './status-since-3-6.js';

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A uint64/int64 as the gateway sends it (a decimal string; a number from some marshalers); 0 when absent. */
function integer(value: unknown): bigint {
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return 0n;
}

function headerField(body: Json, snake: string, camel: string): bigint {
  const header = record(body.header);
  return integer(header[snake] ?? header[camel]);
}

/** An answer without the fields every answer of etcd carries is not etcd's: ask gRPC instead. */
export function looksLikeEtcd(body: Json): boolean {
  return headerField(body, 'cluster_id', 'clusterId') !== 0n && headerField(body, 'member_id', 'memberId') !== 0n;
}

export function memberListOfJson(body: Json): MemberList {
  const members = Array.isArray(body.members) ? body.members.map(record) : [];
  return {
    clusterId: headerField(body, 'cluster_id', 'clusterId').toString(16),
    answeredBy: headerField(body, 'member_id', 'memberId').toString(16),
    members: members.map((m) => ({
      id: memberIdFromDecimal(integer(m.ID).toString()),
      name: text(m.name),
      peerUrls: strings(m.peerURLs),
      clientUrls: strings(m.clientURLs),
      isLearner: m.isLearner === true,
    })),
  };
}

export function statusOfJson(body: Json): MemberStatus {
  const leader = integer(body.leader);
  const errors = strings(body.errors);
  const downgrade = body.downgradeInfo === undefined ? undefined : record(body.downgradeInfo);
  return {
    memberId: headerField(body, 'member_id', 'memberId').toString(16),
    clusterId: headerField(body, 'cluster_id', 'clusterId').toString(16),
    version: text(body.version),
    dbSizeBytes: Number(integer(body.dbSize)),
    dbSizeInUseBytes: Number(integer(body.dbSizeInUse)),
    leaderId: leader === 0n ? null : leader.toString(16),
    raftTerm: integer(body.raftTerm),
    raftIndex: integer(body.raftIndex),
    raftAppliedIndex: integer(body.raftAppliedIndex),
    revision: headerField(body, 'revision', 'revision'),
    isLearner: body.isLearner === true,
    errors,
    alarms: alarmsFromStatusErrors(errors),
    ...fieldsSince36({
      ...(body.storageVersion !== undefined ? { storageVersion: text(body.storageVersion) } : {}),
      ...(body.dbSizeQuota !== undefined ? { dbSizeQuota: integer(body.dbSizeQuota) } : {}),
      ...(downgrade ? { downgradeInfo: { enabled: downgrade.enabled === true, targetVersion: text(downgrade.targetVersion) } } : {}),
    }),
  };
}

/** The token /v3/auth/authenticate hands out, to send as the Authorization header. */
export function tokenOfJson(body: Json): string | undefined {
  const token = text(body.token);
  return token === '' ? undefined : token;
}
