// One call to etcd's gRPC-JSON gateway (POST /v3/…, on by default on every client URL of etcd
// 3.4, 3.5 and 3.6, HTTP/1.1 and HTTPS) over http-exchange.ts, so that a one-shot command never
// loads grpc-js and protobufjs. The deadline covers everything (connect, TLS, headers,
// body), as in metrics-scrape.ts: a SIGSTOPped member accepts TCP in the kernel, then never
// answers, and only destroying the connection frees its socket.
//
// What comes back is deliberately coarse: an answer, etcd's error text, a timeout, or "no JSON
// gateway answer" (refused, TLS, a gRPC-only port, --enable-grpc-gateway=false). The caller asks
// gRPC again for anything but an answer or a timeout, so every failure an operator reads is the
// one the gRPC path words (one rule for the error lines, not two).
import type { PeerCertificate } from 'node:tls';
import type { TlsMaterial } from '../config/connection-config.js';
import { exchange, type Exchange } from './http-exchange.js';

export type JsonTls = Pick<TlsMaterial, 'ca' | 'cert' | 'key' | 'insecureSkipVerify'>;

export type JsonAnswer =
  | { kind: 'answer'; body: Record<string, unknown>; servedInMs?: number }
  /** etcd answered with an error (HTTP ≥ 400 with grpc-gateway's JSON body): its text. */
  | { kind: 'etcd-error'; message: string; servedInMs?: number }
  | { kind: 'timeout' }
  /** No usable answer from a JSON gateway: transport failure, not HTTP, 404, not JSON. */
  | { kind: 'no-gateway' };

/** etcd's answers here are a few KiB; a member list of hundreds of members stays far below. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface JsonCallOptions {
  tls: JsonTls | undefined;
  timeoutMs: number;
  /** From /v3/auth/authenticate: sent as the Authorization header, as etcdctl's gateway users do. */
  token?: string;
  /** When an https:// call's TLS handshake has passed: reads the server's certificate when called. */
  onPeerCertificate?: (peer: () => PeerCertificate) => void;
  /** Not pipelined with the other calls to the endpoint (http-exchange.ts, ExchangeHooks). */
  ownConnection?: boolean;
  /** The connection stays open for the next call to the endpoint (ExchangeHooks). */
  keepOpen?: boolean;
}

/** POST `body` as JSON to `endpoint` + `path` (e.g. "/v3/maintenance/status"). Never rejects. */
export function postJson(endpoint: string, path: string, body: object, options: JsonCallOptions): Promise<JsonAnswer> {
  let url: URL;
  try {
    url = new URL(path, endpoint);
  } catch {
    return Promise.resolve({ kind: 'no-gateway' });
  }
  // unix:// and other schemes are gRPC's to dial.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve({ kind: 'no-gateway' });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token !== undefined) headers.authorization = options.token;
  let call: Exchange;
  try {
    const hooks = {
      maxBodyBytes: MAX_BODY_BYTES,
      ...(url.protocol === 'https:' && options.onPeerCertificate ? { onPeerCertificate: options.onPeerCertificate } : {}),
      ...(options.ownConnection ? { ownConnection: true } : {}),
      ...(options.keepOpen ? { keepOpen: true } : {}),
    };
    call = exchange(url, { method: 'POST', headers, body: JSON.stringify(body) }, options.tls, hooks);
  } catch {
    // Thrown, not emitted: e.g. a token with characters a header cannot carry.
    return Promise.resolve({ kind: 'no-gateway' });
  }
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      call.abort();
      resolve({ kind: 'timeout' });
    }, options.timeoutMs);
    call.answer.then(
      (answer) => resolve(withServedTime(answerOf(answer.statusCode, answer.headers.get('content-type') ?? '', answer.body.toString('utf8')), answer.servedInMs)),
      () => resolve({ kind: 'no-gateway' }),
    ).finally(() => clearTimeout(deadline));
  });
}

/** What the member took to answer (HttpAnswer.servedInMs), on the answers etcd gave. */
function withServedTime(answer: JsonAnswer, servedInMs: number | undefined): JsonAnswer {
  return servedInMs !== undefined && (answer.kind === 'answer' || answer.kind === 'etcd-error') ? { ...answer, servedInMs } : answer;
}

/** An HTTP status, content type and body as one of the answers above (pure: unit-tested). */
export function answerOf(statusCode: number, contentType: string, text: string): JsonAnswer {
  if (!/json/i.test(contentType)) return { kind: 'no-gateway' };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'no-gateway' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'no-gateway' };
  const record = body as Record<string, unknown>;
  if (statusCode === 200) return { kind: 'answer', body: record };
  const message = typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : '';
  return message ? { kind: 'etcd-error', message } : { kind: 'no-gateway' };
}
