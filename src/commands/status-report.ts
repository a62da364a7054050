// What `etcdtop status` prints: etcdctl's `endpoint status --cluster -w table` columns plus the
// member name, DB in use, % of quota and health latency; or a stable JSON document. Pure: one
// round and its verdict in, text out.
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import type { Verdict } from '../core/finding.js';
import { memberNamesOf } from '../core/findings-cluster.js';
import { daysLeft, expiryText, type CertificateReport } from '../core/findings-certificates.js';
import type { CertificateInfo } from '../etcd/certificates.js';
import { formatBytes, formatBytesIEC, formatPercent } from '../core/format.js';
import type { MemberRow } from '../core/member-rows.js';
import { alarmsOf, leaderOf, type QuotaBytes } from '../core/selectors.js';
import { textTable } from './text-table.js';

export interface StatusReportInput {
  snapshot: ClusterSnapshot;
  rows: MemberRow[];
  quota: QuotaBytes;
  verdict: Verdict;
  /** --insecure-skip-tls-verify was on: no server certificate was checked. */
  tlsUnverified?: boolean;
  /** Serving and client certificates, read once per run (absent when not read). */
  certificates?: CertificateReport;
}

const HEADER = [
  'ENDPOINT', 'ID', 'NAME', 'VERSION', 'DB SIZE', 'DB IN USE', '% QUOTA', 'IS LEADER', 'IS LEARNER',
  'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'HEALTH', 'CERT EXPIRES', 'ERRORS',
];

function tableRow(row: MemberRow, sampleErrors: string[], certificate: string): string[] {
  const known = row.raftIndex !== undefined;
  const value = (text: string | undefined) => (known && text !== undefined ? text : '');
  const errors = row.state === 'down' || row.state === 'unstarted' || row.state === 'denied'
    ? row.stateReason ?? row.state
    : [...sampleErrors, ...(row.state === 'unhealthy' && row.stateReason ? [row.stateReason] : [])].join(', ');
  return [
    row.endpoint ?? '',
    row.id,
    row.name,
    value(row.version),
    value(row.dbSizeBytes === undefined ? undefined : formatBytes(row.dbSizeBytes)),
    value(row.dbSizeInUseBytes === undefined ? undefined : formatBytes(row.dbSizeInUseBytes)),
    value(row.dbQuotaPercent === undefined ? undefined : formatPercent(row.dbQuotaPercent)),
    value(String(row.role === 'leader')),
    value(String(row.isLearner)),
    value(row.raftTerm?.toString()),
    value(row.raftIndex?.toString()),
    value(row.raftAppliedIndex?.toString()),
    row.healthLatencyMs === undefined ? '' : `${row.state === 'unhealthy' ? 'unhealthy' : 'ok'} ${row.healthLatencyMs}ms`,
    certificate,
    errors,
  ];
}

// etcd ≥ 3.6 reports a storage version: its column appears when a member does, so the table
// stays etcdctl's shape on 3.4 and 3.5.
const STORAGE_VERSION_AFTER = HEADER.indexOf('VERSION') + 1;

function withStorageVersion(cells: string[], storageVersion: string): string[] {
  return [...cells.slice(0, STORAGE_VERSION_AFTER), storageVersion, ...cells.slice(STORAGE_VERSION_AFTER)];
}

/** "downgrade: to 3.5 in progress" when a member reports one (etcd ≥ 3.6); else nothing. */
function downgradeLines(rows: MemberRow[]): string[] {
  const targets = [...new Set(rows.flatMap((row) => (row.downgrade?.enabled ? [row.downgrade.targetVersion || '?'] : [])))];
  return targets.length > 0 ? [`downgrade: to ${targets.join(', ')} in progress`] : [];
}

function certificateOf(certificates: CertificateReport | undefined, id: string): CertificateInfo | undefined {
  return certificates?.members.find((member) => member.memberId === id)?.certificate;
}

export function statusTable({ snapshot, rows, quota, verdict, tlsUnverified, certificates }: StatusReportInput): string {
  const errorsById = new Map(snapshot.members.map((s) => [s.member.id, s.status?.ok ? s.status.value.errors : []]));
  const nowMs = certificates?.readAtMs ?? snapshot.takenAtMs;
  const storage = rows.some((row) => row.storageVersion !== undefined);
  const header = storage ? withStorageVersion(HEADER, 'STORAGE VERSION') : HEADER;
  const cells = rows.map((row) => {
    const line = tableRow(row, errorsById.get(row.id) ?? [], expiryText(certificateOf(certificates, row.id), nowMs));
    return storage ? withStorageVersion(line, row.storageVersion ?? '') : line;
  });
  const table = textTable(header, cells);
  const client = certificates?.client;
  const quotaLine = [
    `quota: ${formatBytesIEC(quota.bytes)}${quota.known ? '' : ' (etcd default assumed: no member reported its quota)'}`,
    ...(client ? [`client certificate: ${client.file}, expires ${expiryText(client.certificate, nowMs)}`] : []),
    ...downgradeLines(rows),
  ].join('\n');
  const headline = verdict.findings[0];
  const verdictLine = `verdict: ${verdict.level.toUpperCase()}${headline ? ` \u2014 ${headline.message}` : ''}` +
    (verdict.findings.length > 1 ? ` (+${verdict.findings.length - 1} more; run 'etcdtop check' for remedies)` : '');
  const tlsLine = tlsUnverified ? 'tls: server certificates NOT verified (--insecure-skip-tls-verify): any server could have answered\n' : '';
  const notes = (verdict.notes ?? []).map((note) => `note: ${note}\n`).join('');
  return `${table}\n${clusterLines(snapshot)}${quotaLine}\n${tlsLine}${verdictLine}\n${notes}`;
}

/** Only when endpoints disagree: one line per cluster, with the endpoints that answer for it. */
function clusterLines(snapshot: ClusterSnapshot): string {
  const clusters = snapshot.clusters;
  if (!clusters || clusters.length < 2) return '';
  const lines = clusters.map((cluster, i) => {
    const names = memberNamesOf(cluster).join(', ') || 'member list unknown';
    return `  cluster ${cluster.clusterId}${i === 0 ? ' (shown above)' : ''}: ${names} \u2014 answers at ${cluster.endpoints.join(', ') || 'no endpoint'}`;
  });
  return `CLUSTER ID MISMATCH: the endpoints answer for ${clusters.length} different clusters; maintenance is refused\n${lines.join('\n')}\n`;
}

/** Every cluster that answered, the one shown first; one entry when the endpoints agree. */
function clustersJson(snapshot: ClusterSnapshot, rows: MemberRow[]): object[] {
  const seen = snapshot.clusters;
  if (seen) return seen.map((c) => ({ clusterId: c.clusterId, endpoints: c.endpoints, members: c.members.map((m) => ({ id: m.id, name: m.name })) }));
  if (!snapshot.discovery.ok) return [];
  const endpoints = rows.flatMap((row) => (row.endpoint && row.raftIndex !== undefined ? [row.endpoint] : []));
  return [{ clusterId: snapshot.discovery.value.clusterId, endpoints, members: snapshot.discovery.value.members.map((m) => ({ id: m.id, name: m.name })) }];
}

/** The documented, stable JSON shape; 64-bit counters are exact decimal strings. */
function certificateJson(certificate: CertificateInfo | undefined, nowMs: number) {
  if (!certificate) return null;
  return {
    subject: certificate.subject,
    sans: certificate.sans,
    issuer: certificate.issuer,
    notAfter: new Date(certificate.notAfterMs).toISOString(),
    daysLeft: daysLeft(certificate, nowMs),
    expired: certificate.notAfterMs <= nowMs,
  };
}

export function statusJson({ snapshot, rows, quota, verdict, tlsUnverified, certificates }: StatusReportInput): object {
  const nowMs = certificates?.readAtMs ?? snapshot.takenAtMs;
  const samples = new Map(snapshot.members.map((s) => [s.member.id, s]));
  return {
    takenAt: new Date(snapshot.takenAtMs).toISOString(),
    clusterId: snapshot.discovery.ok ? snapshot.discovery.value.clusterId : null,
    clusters: clustersJson(snapshot, rows),
    leaderId: leaderOf(snapshot).leaderId,
    quotaBytes: quota.bytes,
    quotaKnown: quota.known,
    insecureSkipTlsVerify: tlsUnverified === true,
    members: rows.map((row) => {
      const sample = samples.get(row.id);
      const failure = row.failure ?? (sample?.status && !sample.status.ok ? sample.status.failure : undefined);
      return {
        id: row.id,
        name: row.name,
        endpoint: row.endpoint ?? null,
        reachable: row.raftIndex !== undefined,
        error: failure ? { kind: failure.kind, message: failure.message, hint: failure.hint ?? null } : null,
        state: row.state,
        version: row.version ?? null,
        storageVersion: row.storageVersion ?? null,
        downgrade: row.downgrade ? { enabled: row.downgrade.enabled, targetVersion: row.downgrade.targetVersion } : null,
        isLeader: row.role === 'leader',
        isLearner: row.isLearner,
        dbSizeBytes: row.dbSizeBytes ?? null,
        dbSizeInUseBytes: row.dbSizeInUseBytes ?? null,
        dbQuotaPercent: row.dbQuotaPercent ?? null,
        raftTerm: row.raftTerm?.toString() ?? null,
        raftIndex: row.raftIndex?.toString() ?? null,
        raftAppliedIndex: row.raftAppliedIndex?.toString() ?? null,
        revision: row.revision?.toString() ?? null,
        healthy: row.state === 'up',
        defragmenting: row.defragmenting,
        healthLatencyMs: row.healthLatencyMs ?? null,
        certificate: certificateJson(certificateOf(certificates, row.id), nowMs),
      };
    }),
    clientCertificate: certificates?.client ? { file: certificates.client.file, ...certificateJson(certificates.client.certificate, nowMs) } : null,
    alarms: alarmsOf(snapshot).map((a) => ({ memberId: a.memberId, alarm: a.alarm })),
    verdict: {
      level: verdict.level,
      findings: verdict.findings.map((f) => ({ level: f.level, code: f.code, message: f.message, remedy: f.remedy, memberId: f.memberId ?? null })),
      notes: verdict.notes ?? [],
    },
  };
}
