// Reads every member's serving certificate (one TLS handshake each, in parallel, within the dial
// timeout, unless the gateway's calls already saw it) and the client certificate etcdtop
// presents: for `status`, `check` and the monitor.
import type { ConnectionConfig } from '../config/connection-config.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import type { CertificateReport, MemberCertificate } from '../core/findings-certificates.js';
import { memberIdOf } from '../core/selectors.js';
import { certificateOfPem, servingCertificate, type CertificateInfo } from '../etcd/certificates.js';
import type { Outcome } from '../etcd/gateway.js';

/**
 * `seen`: certificates the round's own https calls saw, by endpoint. Those handshakes verify
 * the server (unless --insecure-skip-tls-verify): an expired or untrusted certificate is never
 * among them, and is read by a handshake of its own, which reads whatever the member serves.
 */
export async function readCertificates(
  config: ConnectionConfig,
  snapshot: ClusterSnapshot,
  nowMs = Date.now(),
  seen: ReadonlyMap<string, CertificateInfo> = new Map(),
): Promise<CertificateReport> {
  const members = await Promise.all(snapshot.members.flatMap((sample) => {
    const endpoint = sample.endpoint;
    if (endpoint === undefined) return [];
    const known = seen.get(endpoint);
    const read: Promise<Outcome<CertificateInfo | undefined>> = known ? Promise.resolve({ ok: true, value: known, latencyMs: 0 }) : servingCertificate(endpoint, config.tls, config.dialTimeoutMs);
    return [read.then((outcome): MemberCertificate => ({
      memberId: memberIdOf(sample),
      name: sample.member.name,
      endpoint,
      ...(outcome.ok ? (outcome.value ? { certificate: outcome.value } : {}) : { failure: outcome.failure }),
    }))];
  }));
  const clientCertificate = config.tls?.cert ? certificateOfPem(config.tls.cert) : undefined;
  return {
    readAtMs: nowMs,
    members,
    ...(clientCertificate ? { client: { file: config.tls?.certFile ?? '(client certificate)', certificate: clientCertificate } } : {}),
  };
}
