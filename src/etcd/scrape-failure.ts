// Turns what can go wrong on a /metrics GET into a Failure an operator can act on. The codes and
// phases were observed against etcd 3.4.23 on 127.0.0.1 (see test/etcd/metrics-scrape.test.ts).

import type { Failure } from './gateway.js';

/** How far the request got before it failed: a reset means different things at each stage. */
export type ScrapePhase = 'connecting' | 'handshaking' | 'requesting';

const CA_HINT = "pass --cacert with the cluster's CA (or --insecure-skip-tls-verify)";
const CLIENT_CERT_HINT = "pass --cert and --key with a client certificate signed by the cluster's CA";

// OpenSSL verification results Node reports as error codes (no common prefix to match on).
const VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

const UNREACHABLE_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing listens there: is etcd running, and is this its client or metrics URL?',
  ENOTFOUND: 'the host name does not resolve: check the URL',
  EAI_AGAIN: 'DNS did not answer: check the resolver or use an IP address',
  EHOSTUNREACH: 'no route to the host: check the address and firewalls',
  ENETUNREACH: 'no route to the network: check the address and firewalls',
};

export function timeoutFailure(timeoutMs: number): Failure {
  return {
    kind: 'timeout',
    message: `no answer from /metrics within ${formatSeconds(timeoutMs)}`,
    hint: 'the member may be frozen or overloaded, or a firewall drops its packets',
  };
}

export function failureFromError(error: Error, url: URL, phase: ScrapePhase): Failure {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const unreachableHint = UNREACHABLE_HINTS[code];
  if (unreachableHint !== undefined) {
    return { kind: 'unreachable', message: `${code} ${url.host}`, hint: unreachableHint };
  }
  const tls = tlsFailure(code, url, phase);
  if (tls !== undefined) return tls;
  if (code === 'ERR_HTTP_CUT_SHORT') {
    return { kind: 'unknown', message: `${url.host} closed the connection before the whole page arrived`, hint: 'the member may have restarted, or something on the way cut the connection' };
  }
  if (code.startsWith('HPE_')) {
    const message = `${url.host} did not answer in HTTP (${code})`;
    return { kind: 'not-etcd', message, hint: 'check the port' };
  }
  return { kind: 'unknown', message: oneLine(error.message) || code || 'scrape failed' };
}

function tlsFailure(code: string, url: URL, phase: ScrapePhase): Failure | undefined {
  const https = url.protocol === 'https:';
  if (VERIFY_CODES.has(code)) {
    return { kind: 'tls', message: `certificate of ${url.host} not trusted (${code})`, hint: CA_HINT };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      kind: 'tls',
      message: `certificate of ${url.host} does not name ${url.hostname}`,
      hint: 'use a host name or IP listed in the certificate, or reissue it with that SAN',
    };
  }
  if (/ALERT_(BAD_CERTIFICATE|CERTIFICATE_REQUIRED|UNKNOWN_CA|CERTIFICATE_UNKNOWN)/.test(code)) {
    const message = `${url.host} rejected the client certificate (${code})`;
    return { kind: 'tls', message, hint: CLIENT_CERT_HINT };
  }
  if (https && (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER')) {
    return { kind: 'tls', message: `${url.host} does not speak TLS`, hint: 'use http:// for this URL' };
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return { kind: 'tls', message: `TLS handshake with ${url.host} failed (${code})` };
  }
  if (code === 'ECONNRESET' && https && phase === 'handshaking') {
    const message = `${url.host} closed the connection during the TLS handshake`;
    return { kind: 'tls', message, hint: CLIENT_CERT_HINT };
  }
  // Observed with etcd 3.4: a plain-HTTP request to its TLS client port is reset unanswered.
  if (code === 'ECONNRESET' && !https && phase === 'requesting') {
    return {
      kind: 'tls',
      message: `${url.host} closed the connection without answering (a TLS port?)`,
      hint: 'if the member serves TLS, use https:// in the URL',
    };
  }
  return undefined;
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}

function oneLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
