// Certificates etcd exposes no metric for (etcd issue 21622): each member's serving certificate,
// read from a TLS handshake, and the client certificate etcdtop itself presents. The handshake
// does NOT verify the server: an expired certificate is exactly what we must still be able to
// read. It only reads the certificate and closes; nothing of etcd's protocol is ever sent on it.
import { isIP } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import type { TlsMaterial } from '../config/connection-config.js';
import { cryptoModule, tlsModule } from '../config/tls-modules.js';
import { monotonicMs } from '../core/monotonic-clock.js';
import type { Outcome } from './gateway.js';

export interface CertificateInfo {
  subject: string;
  /** Subject alternative names as openssl prints them: "DNS:localhost", "IP Address:127.0.0.1". */
  sans: string[];
  issuer: string;
  notBeforeMs: number;
  notAfterMs: number;
}

const oneLine = (text: string) => text.split('\n').filter(Boolean).join(', ');

/** A certificate as a TLS socket gives it (getPeerCertificate()). */
export function certificateOfPeer(peer: PeerCertificate): CertificateInfo {
  const name = (fields: Record<string, string | string[]> | undefined) =>
    Object.entries(fields ?? {}).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`).join(', ');
  return {
    subject: name(peer.subject as unknown as Record<string, string>),
    sans: peer.subjectaltname ? peer.subjectaltname.split(', ').map((san) => san.replace(/^IP Address:/, 'IP:')) : [],
    issuer: name(peer.issuer as unknown as Record<string, string>),
    notBeforeMs: Date.parse(peer.valid_from),
    notAfterMs: Date.parse(peer.valid_to),
  };
}

/** A PEM certificate file's fields (the client certificate etcdtop uses). */
export function certificateOfPem(pem: Buffer): CertificateInfo | undefined {
  try {
    const cert = new (cryptoModule().X509Certificate)(pem);
    return {
      subject: oneLine(cert.subject),
      sans: cert.subjectAltName ? cert.subjectAltName.split(', ').map((san) => san.replace(/^IP Address:/, 'IP:')) : [],
      issuer: oneLine(cert.issuer),
      notBeforeMs: Date.parse(cert.validFrom),
      notAfterMs: Date.parse(cert.validTo),
    };
  } catch {
    return undefined;
  }
}

/** The certificate an https:// member serves; undefined value for plain http (nothing to expire). */
export function servingCertificate(endpoint: string, tls: TlsMaterial | undefined, timeoutMs: number): Promise<Outcome<CertificateInfo | undefined>> {
  const url = new URL(endpoint);
  const startedAt = monotonicMs();
  const latencyMs = () => Math.round(monotonicMs() - startedAt);
  if (url.protocol !== 'https:') return Promise.resolve({ ok: true, value: undefined, latencyMs: 0 });
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsModule().connect({
      host,
      port: Number(url.port || 2379),
      ...(isIP(host) ? {} : { servername: host }),
      // Only to read the certificate's dates and names, expired or not; see the file comment.
      rejectUnauthorized: false,
      ...(tls?.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}),
      ALPNProtocols: ['h2'],
    });
    const done = (outcome: Outcome<CertificateInfo | undefined>) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ ok: false, failure: { kind: 'timeout', message: `TLS handshake timed out after ${timeoutMs} ms` }, latencyMs: latencyMs() }), timeoutMs);
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      done(peer && peer.valid_to
        ? { ok: true, value: certificateOfPeer(peer), latencyMs: latencyMs() }
        : { ok: false, failure: { kind: 'tls', message: 'the member sent no certificate' }, latencyMs: latencyMs() });
    });
    socket.once('error', (error) => done({ ok: false, failure: { kind: 'unreachable', message: error.message }, latencyMs: latencyMs() }));
  });
}
