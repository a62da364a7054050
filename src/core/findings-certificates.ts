// Certificate expiry: an expired member certificate stops the member (clients and peers refuse
// it), and etcd exposes no metric for it, so etcdtop reads the certificates itself (src/etcd/
// certificates.ts) and judges them here, for `check`, `status` and the monitor's banner.
import type { CertificateInfo } from '../etcd/certificates.js';
import type { Failure, MemberId } from '../etcd/gateway.js';
import type { Finding } from './finding.js';
import type { Thresholds } from './verdict-thresholds.js';

export const DAY_MS = 86_400_000;

export interface MemberCertificate {
  memberId: MemberId;
  name: string;
  endpoint: string;
  /** Undefined with a plain-http endpoint (no certificate), or when the handshake failed. */
  certificate?: CertificateInfo;
  failure?: Failure;
}

export interface CertificateReport {
  readAtMs: number;
  members: MemberCertificate[];
  /** The client certificate etcdtop presents (--cert or the detected one). */
  client?: { file: string; certificate: CertificateInfo };
}

/** The renewal commands of the distribution etcdtop detected, or a generic hint. */
export interface RenewalHints {
  server: string;
  client: string;
}

/** Whole days left, rounded down; negative once expired. */
export const daysLeft = (certificate: CertificateInfo, nowMs: number) => Math.floor((certificate.notAfterMs - nowMs) / DAY_MS);

/** "412d", "3d", "EXPIRED": the members table's and status's short form. */
export function expiryText(certificate: CertificateInfo | undefined, nowMs: number): string {
  if (!certificate) return '';
  return certificate.notAfterMs <= nowMs ? 'EXPIRED' : `${daysLeft(certificate, nowMs)}d`;
}

function when(certificate: CertificateInfo, nowMs: number): string {
  const date = new Date(certificate.notAfterMs).toISOString().replace(/\.\d+Z$/, 'Z');
  if (certificate.notAfterMs <= nowMs) {
    const ago = Math.floor((nowMs - certificate.notAfterMs) / DAY_MS);
    return `expired ${ago === 0 ? 'today' : `${ago} day${ago === 1 ? '' : 's'} ago`} (${date})`;
  }
  const left = daysLeft(certificate, nowMs);
  return `expires in ${left} day${left === 1 ? '' : 's'} (${date})`;
}

function levelOf(certificate: CertificateInfo, nowMs: number, limits: Thresholds): Finding['level'] | undefined {
  const leftMs = certificate.notAfterMs - nowMs;
  if (leftMs < limits.certCriticalDays * DAY_MS) return 'critical';
  return leftMs < limits.certWarnDays * DAY_MS ? 'warning' : undefined;
}

export function certificateFindings(report: CertificateReport, limits: Thresholds, hints: RenewalHints): Finding[] {
  const nowMs = report.readAtMs;
  const findings: Finding[] = [];
  for (const member of report.members) {
    const level = member.certificate && levelOf(member.certificate, nowMs, limits);
    if (!member.certificate || !level) continue;
    findings.push({
      level,
      code: 'certificate-expiry',
      message: `${member.name} (${member.memberId}): serving certificate ${when(member.certificate, nowMs)}`,
      remedy: hints.server,
      memberId: member.memberId,
    });
  }
  const client = report.client;
  const clientLevel = client && levelOf(client.certificate, nowMs, limits);
  if (client && clientLevel) {
    findings.push({ level: clientLevel, code: 'certificate-expiry', message: `etcdtop's client certificate ${client.file} ${when(client.certificate, nowMs)}`, remedy: hints.client });
  }
  return findings;
}
