// A file can look like PEM and still be garbage (truncated, the wrong file renamed, a key that
// belongs to another certificate). grpc would only say "asn1 encoding routines::too long" when
// the first client is built; parsing here turns that into one line naming the file.
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { ConfigProblem, TlsMaterial } from './connection-config.js';
import { cryptoModule } from './tls-modules.js';

function parseCertificate(data: Buffer, file: string | undefined, flag: string): X509Certificate | ConfigProblem {
  try {
    return new (cryptoModule().X509Certificate)(data);
  } catch (error) {
    return {
      message: `${flag} ${file ?? ''} is not a valid certificate: ${reason(error)}`.replace('  ', ' '),
      hint: `check that ${flag} names a PEM certificate (-----BEGIN CERTIFICATE-----), not a key or a truncated copy`,
    };
  }
}

function parseKey(data: Buffer, file: string | undefined): KeyObject | ConfigProblem {
  try {
    return cryptoModule().createPrivateKey(data);
  } catch (error) {
    return {
      message: `--key ${file ?? ''} is not a valid private key: ${reason(error)}`.replace('  ', ' '),
      hint: 'pass the unencrypted PEM private key that matches --cert',
    };
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^error:[0-9A-F]+:/i, '').split('\n')[0] ?? text;
}

const isProblem = (value: unknown): value is ConfigProblem => typeof value === 'object' && value !== null && 'hint' in value;

/** The first problem with the TLS material, or undefined when it is usable. */
export function tlsMaterialProblem(tls: TlsMaterial | undefined): ConfigProblem | undefined {
  if (!tls) return undefined;
  if (tls.ca) {
    const ca = parseCertificate(tls.ca, tls.caFile, '--cacert');
    if (isProblem(ca)) return ca;
  }
  if (!tls.cert || !tls.key) return undefined;
  const cert = parseCertificate(tls.cert, tls.certFile, '--cert');
  if (isProblem(cert)) return cert;
  const key = parseKey(tls.key, tls.keyFile);
  if (isProblem(key)) return key;
  if (!cert.checkPrivateKey(key)) {
    return {
      message: `--key ${tls.keyFile ?? ''} does not belong to --cert ${tls.certFile ?? ''}`.replace(/ {2,}/g, ' '),
      hint: 'pass the key generated with that certificate (kubeadm: healthcheck-client.crt with healthcheck-client.key)',
    };
  }
  return undefined;
}
