// What `etcdtop status` prints: etcdctl's `endpoint status --cluster -w table` columns plus the
// member name, DB in use, % of quota and health latency; or a stable JSON document. Pure: one
// round and its verdict in, text out.
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import type { Verdict } from '../core/finding.js';
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
  const errors = row.state === 'down' || row.state === 'unstarted'
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

function certificateOf(certificates: CertificateReport | undefined, id: string): CertificateInfo | undefined {
  return certificates?.members.find((member) => member.memberId === id)?.certificate;
}

export function statusTable({ snapshot, rows, quota, verdict, certificates }: StatusReportInput): string {
  const errorsById = new Map(snapshot.members.map((s) => [s.member.id, s.status?.ok ? s.status.value.errors : []]));
  const nowMs = certificates?.readAtMs ?? snapshot.takenAtMs;
  const table = textTable(HEADER, rows.map((row) => tableRow(row, errorsById.get(row.id) ?? [], expiryText(certificateOf(certificates, row.id), nowMs))));
  const client = certificates?.client;
  const quotaLine = `quota: ${formatBytesIEC(quota.bytes)}${quota.known ? '' : ' (etcd default assumed: no member reported its quota)'}` +
    (client ? `\nclient certificate: ${client.file}, expires ${expiryText(client.certificate, nowMs)}` : '');
  const headline = verdict.findings[0];
  const verdictLine = `verdict: ${verdict.level.toUpperCase()}${headline ? ` \u2014 ${headline.message}` : ''}` +
    (verdict.findings.length > 1 ? ` (+${verdict.findings.length - 1} more; run 'etcdtop check' for remedies)` : '');
  return `${table}\n${quotaLine}\n${verdictLine}\n`;
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

export function statusJson({ snapshot, rows, quota, verdict, certificates }: StatusReportInput): object {
  const nowMs = certificates?.readAtMs ?? snapshot.takenAtMs;
  const samples = new Map(snapshot.members.map((s) => [s.member.id, s]));
  return {
    takenAt: new Date(snapshot.takenAtMs).toISOString(),
    clusterId: snapshot.discovery.ok ? snapshot.discovery.value.clusterId : null,
    leaderId: leaderOf(snapshot).leaderId,
    quotaBytes: quota.bytes,
    quotaKnown: quota.known,
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
        healthLatencyMs: row.healthLatencyMs ?? null,
        certificate: certificateJson(certificateOf(certificates, row.id), nowMs),
      };
    }),
    clientCertificate: certificates?.client ? { file: certificates.client.file, ...certificateJson(certificates.client.certificate, nowMs) } : null,
    alarms: alarmsOf(snapshot).map((a) => ({ memberId: a.memberId, alarm: a.alarm })),
    verdict: {
      level: verdict.level,
      findings: verdict.findings.map((f) => ({ level: f.level, code: f.code, message: f.message, remedy: f.remedy, memberId: f.memberId ?? null })),
    },
  };
}
