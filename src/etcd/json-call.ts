// One call to etcd's gRPC-JSON gateway (POST /v3/…, on by default on every client URL of etcd
// 3.4, 3.5 and 3.6, HTTP/1.1 and HTTPS) with Node's own http/https, so that a one-shot command
// never loads grpc-js and protobufjs. The deadline covers everything (connect, TLS, headers,
// body), as in metrics-scrape.ts: a SIGSTOPped member accepts TCP in the kernel, then never
// answers, and only destroying the request frees its socket.
//
// What comes back is deliberately coarse: an answer, etcd's error text, a timeout, or "no JSON
// gateway answer" (refused, TLS, a gRPC-only port, --enable-grpc-gateway=false). The caller asks
// gRPC again for anything but an answer or a timeout, so every failure an operator reads is the
// one the gRPC path words (one rule for the error lines, not two).
import http from 'node:http';
import type https from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { TlsMaterial } from '../config/connection-config.js';
import { httpsTlsOptions } from '../config/https-tls-options.js';
import { httpsModule } from '../config/tls-modules.js';

export type JsonTls = Pick<TlsMaterial, 'ca' | 'cert' | 'key' | 'insecureSkipVerify'>;

export type JsonAnswer =
  | { kind: 'answer'; body: Record<string, unknown> }
  /** etcd answered with an error (HTTP ≥ 400 with grpc-gateway's JSON body): its text. */
  | { kind: 'etcd-error'; message: string }
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
  /** Keeps connections to a member open across the calls of one command. */
  agent: http.Agent | https.Agent;
  /** Given the server's certificate when an https:// call is answered (its TLS handshake passed). */
  onPeerCertificate?: (peer: PeerCertificate) => void;
}

/** POST `body` as JSON to `endpoint` + `path` (e.g. "/v3/maintenance/status"). Never rejects. */
export function postJson(endpoint: string, path: string, body: object, options: JsonCallOptions): Promise<JsonAnswer> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(path, endpoint);
    } catch {
      resolve({ kind: 'no-gateway' });
      return;
    }
    // unix:// and other schemes are gRPC's to dial.
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      resolve({ kind: 'no-gateway' });
      return;
    }
    let request: http.ClientRequest | undefined;
    let settled = false;
    const settle = (answer: JsonAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      // Only a request cut short is destroyed: a finished one leaves its socket to the agent.
      if (answer.kind === 'timeout' || answer.kind === 'no-gateway') request?.destroy();
      resolve(answer);
    };
    const deadline = setTimeout(() => settle({ kind: 'timeout' }), options.timeoutMs);
    const payload = JSON.stringify(body);
    try {
      request = (url.protocol === 'https:' ? httpsModule() : http).request(url, requestOptions(url, payload, options), (response) => {
        if (options.onPeerCertificate && url.protocol === 'https:') options.onPeerCertificate((response.socket as TLSSocket).getPeerCertificate());
        readAnswer(response, settle);
      });
    } catch {
      // Thrown, not emitted: e.g. a token with characters a header cannot carry.
      settle({ kind: 'no-gateway' });
      return;
    }
    request.on('error', () => settle({ kind: 'no-gateway' }));
    request.end(payload);
  });
}

function requestOptions(url: URL, payload: string, options: JsonCallOptions): https.RequestOptions {
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    accept: 'application/json',
  };
  if (options.token !== undefined) headers.authorization = options.token;
  const request: https.RequestOptions = { method: 'POST', headers, agent: options.agent };
  if (url.protocol === 'https:') Object.assign(request, httpsTlsOptions(options.tls));
  return request;
}

function readAnswer(response: http.IncomingMessage, settle: (answer: JsonAnswer) => void): void {
  const chunks: Buffer[] = [];
  let sizeBytes = 0;
  response.on('data', (chunk: Buffer) => {
    sizeBytes += chunk.length;
    if (sizeBytes > MAX_BODY_BYTES) settle({ kind: 'no-gateway' });
    else chunks.push(chunk);
  });
  response.on('error', () => settle({ kind: 'no-gateway' }));
  response.on('end', () => settle(answerOf(response.statusCode ?? 0, String(response.headers['content-type'] ?? ''), Buffer.concat(chunks).toString('utf8'))));
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
