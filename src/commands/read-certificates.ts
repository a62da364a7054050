// Reads every member's serving certificate (one TLS handshake each, in parallel, within the dial
// timeout) and the client certificate etcdtop presents: for `status`, `check` and the monitor.
import type { ConnectionConfig } from '../config/connection-config.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import type { CertificateReport, MemberCertificate } from '../core/findings-certificates.js';
import { memberIdOf } from '../core/selectors.js';
import { certificateOfPem, servingCertificate } from '../etcd/certificates.js';

export async function readCertificates(config: ConnectionConfig, snapshot: ClusterSnapshot, nowMs = Date.now()): Promise<CertificateReport> {
  const members = await Promise.all(snapshot.members.flatMap((sample) => {
    const endpoint = sample.endpoint;
    if (endpoint === undefined) return [];
    return [servingCertificate(endpoint, config.tls, config.dialTimeoutMs).then((outcome): MemberCertificate => ({
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
