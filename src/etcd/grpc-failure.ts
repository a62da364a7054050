// Turns whatever etcd3 / grpc-js threw into a Failure the screen can print. grpc-js reports most
// transport problems as "14 UNAVAILABLE: … Last error: <node error>", so the useful part is in
// the text; the classification below is by message because that is all we are given.
import type { Failure, Outcome } from './gateway.js';

interface Rule {
  test: RegExp;
  failure: (detail: string) => Failure;
}

function unreachable(detail: string): Failure {
  return {
    kind: 'unreachable',
    message: `unreachable: ${detail}`,
    hint: 'check that etcd runs there and the endpoint (host:port and scheme) is right',
  };
}

const RULES: Rule[] = [
  {
    test: /DEADLINE_EXCEEDED|Deadline exceeded|deadline passed/i,
    failure: () => ({
      kind: 'timeout',
      message: 'timed out',
      hint: 'the member is frozen, overloaded or unreachable; raise --command-timeout if it is just slow',
    }),
  },
  {
    test: /mvcc: database space exceeded/i,
    failure: () => ({
      kind: 'no-space',
      message: 'database space exceeded (NOSPACE alarm)',
      hint: 'compact, defragment every member (followers first, leader last), then disarm the alarm',
    }),
  },
  {
    test: /required revision has been compacted/i,
    failure: () => ({ kind: 'compacted', message: 'already compacted at that revision' }),
  },
  {
    test: /etcdserver: no leader|leader changed/i,
    failure: () => ({ kind: 'no-leader', message: 'no leader', hint: 'check that a quorum of members is up' }),
  },
  {
    // Signed in, but not allowed: etcd 3.5+ with auth on wants the root role for Status and for
    // every maintenance call. The gateway names the call (see rootRoleNeeded).
    test: /permission denied|PERMISSION_DENIED/i,
    failure: (detail) => ({
      kind: 'permission',
      message: `permission denied: ${detail.replace(/^(etcdserver|auth): permission denied$/i, 'this user may not make this call')}`,
      hint: "grant the user the root role ('etcdctl user grant-role USER root'), or connect as a user (or client certificate CN) that has it",
    }),
  },
  {
    test: /authentication failed|invalid user ID or password|user name is empty|invalid auth token|UNAUTHENTICATED/i,
    failure: (detail) => ({
      kind: 'auth',
      message: `authentication refused: ${detail}`,
      hint: 'check --user and the password (ETCDCTL_USER / ETCDCTL_PASSWORD)',
    }),
  },
  {
    // Failures before any TLS byte is exchanged (name resolution, refused, no route). They come
    // before the TLS rule: a host named "etcd-tls.example" is not a TLS problem.
    test: /Name resolution failed|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/i,
    failure: unreachable,
  },
  {
    test: /certificate|self[- ]signed|SSL|TLS|handshake|wrong version number|ERR_SSL|alert/i,
    failure: (detail) => ({
      kind: 'tls',
      message: `TLS handshake failed: ${detail}`,
      hint: 'check --cacert (the cluster CA), --cert/--key (a client cert the cluster trusts) and http:// vs https://',
    }),
  },
  {
    test: /Received HTTP status code|Protocol error|UNIMPLEMENTED|unknown service|Unexpected content-type|RST_STREAM/i,
    failure: (detail) => ({
      kind: 'not-etcd',
      message: `not an etcd v3 endpoint: ${detail}`,
      hint: "point --endpoints at etcd's client URL (usually port 2379), not its peer or metrics port",
    }),
  },
  {
    test: /ECONNRESET|No connection established|Connection dropped|Failed to connect/i,
    failure: unreachable,
  },
];

/** The informative tail of a grpc-js error message, without the "14 UNAVAILABLE:" prefix. */
export function grpcDetail(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const lastError = /Last error: (.*)$/s.exec(raw)?.[1];
  // Reconnect attempts after the first report "Last error: null": the sentence before it is all there is.
  const useful = lastError && !/^\s*(null|undefined)?\.?\s*(Resolution note:.*)?$/s.test(lastError) ? lastError : raw.replace(/\.?\s*Last error:.*$/s, '');
  const text = useful
    .replace(/^\d+ [A-Z_]+: /, '')
    .replace(/^(Error: )+/, '')
    .replace(/ \(\d{4}-\d\d-\d\dT[\d:.]+Z\)/, '')
    // grpc-js appends "Resolution note: …" (often empty) to connection errors: noise for operators.
    .replace(/\.?\s*Resolution note:.*$/s, '')
    // OpenSSL's "80EC…:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/…:1601:SSL alert number 42": the words only.
    .replace(/[0-9A-F]+:error:[0-9A-F]+:SSL routines:[^:]*:([^:]+):\S*\.c:\d+:?(SSL alert number \d+)?/g, '$1')
    // Node ≥ 23 advises starting Node with --use-system-ca: etcdtop's own hint (--cacert) is the fix.
    .replace(/; if the root CA is installed locally, try running Node\.js with --use-system-ca/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/**
 * `hasClientCertificate`: whether the client presented one. A server that wants one and got none
 * answers with an alert: "certificate required" (TLS 1.3, etcd 3.5) or "bad certificate" (TLS
 * 1.2, etcd 3.4), which then means the same thing; OpenSSL's text means nothing to an operator
 * who simply left out --cert and --key.
 */
export function failureFromError(error: unknown, hasClientCertificate = true): Failure {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const detail = grpcDetail(error);
  const alert = /alert (certificate required|bad certificate)|ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE)/i.exec(raw);
  if (alert && (!hasClientCertificate || /required/i.test(alert[0]))) {
    return {
      kind: 'tls',
      message: 'the cluster requires a client certificate: pass --cert and --key',
      hint: "give --cert and --key (or ETCDCTL_CERT and ETCDCTL_KEY) with a client certificate signed by the cluster's CA",
    };
  }
  for (const rule of RULES) {
    if (rule.test.test(raw)) return rule.failure(detail);
  }
  return { kind: 'rejected', message: detail || 'request failed' };
}

export function timeoutFailure(afterMs: number): Failure {
  return {
    kind: 'timeout',
    message: `timed out after ${formatSeconds(afterMs)}`,
    hint: 'the member is frozen, overloaded or unreachable; raise --command-timeout if it is just slow',
  };
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * A permission failure on a call that etcd (3.5 and 3.6 with auth on) allows the root role only:
 * said as such, naming the call, so the operator reads why and not just "denied".
 */
export function rootRoleNeeded<T>(outcome: Outcome<T>, call: string): Outcome<T> {
  if (outcome.ok || outcome.failure.kind !== 'permission') return outcome;
  return { ...outcome, failure: { ...outcome.failure, message: `permission denied: ${call} needs the root role` } };
}
