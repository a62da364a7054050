// One HTTP/1.1 request and its answer on a connection of its own (`connection: close`), the
// whole answer read before it is parsed. etcd's /metrics and JSON gateway need no more than that,
// and Node's http client cost a one-shot command 3-6 ms of its ~55 (loading _http_* and the
// agent's machinery for ten requests; bench/README.md, "fourth pass"). TLS goes through
// node:tls with the options https would pass it, and one secure context per TLS material.
//
// What the answer's framing guarantees is http-answer.ts's: a cut answer is a failure.
import net from 'node:net';
import type { PeerCertificate, SecureContext, TLSSocket } from 'node:tls';
import { httpsTlsOptions, type HttpsTls } from '../config/https-tls-options.js';
import { tlsModule } from '../config/tls-modules.js';
import { AnswerReader, exchangeError, type HttpAnswer, type Settlement } from './http-answer.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
}

/** How far the exchange got, for the caller's error wording (a reset means different things). */
export type ExchangePhase = 'connecting' | 'handshaking' | 'requesting';

export interface ExchangeHooks {
  onPhase?: (phase: ExchangePhase) => void;
  /** Given the server's certificate once its TLS handshake has passed. */
  onPeerCertificate?: (peer: PeerCertificate) => void;
  /** An answer whose body is larger fails with code ERR_HTTP_BODY_TOO_LARGE. */
  maxBodyBytes: number;
}

export interface Exchange {
  answer: Promise<HttpAnswer>;
  /** Ends the exchange at once (its deadline passed): the connection is destroyed. */
  abort(): void;
}

/** Opens the connection, sends the request and reads the answer. `url` is http: or https:. */
export function exchange(url: URL, request: HttpRequest, tls: HttpsTls | undefined, hooks: ExchangeHooks): Exchange {
  const secure = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (secure ? 443 : 80);
  // Built before the socket: a header that cannot be sent fails here, with nothing opened.
  const head = requestHead(url, request);
  let socket: net.Socket | undefined;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    const reader = new AnswerReader(hooks.maxBodyBytes);
    let settled = false;
    const settle = (outcome: Settlement) => {
      if (settled) return;
      settled = true;
      socket?.destroy();
      if ('answer' in outcome) resolve(outcome.answer);
      else reject(outcome.error);
    };
    try {
      socket = secure ? connectTls(host, port, tls) : net.connect({ host, port });
    } catch (error) {
      // Thrown, not emitted: e.g. a key that does not match its certificate.
      settle({ error: error as Error });
      return;
    }
    const connected = socket;
    hooks.onPhase?.('connecting');
    connected.once('connect', () => hooks.onPhase?.(secure ? 'handshaking' : 'requesting'));
    connected.once('secureConnect', () => {
      hooks.onPhase?.('requesting');
      hooks.onPeerCertificate?.((connected as TLSSocket).getPeerCertificate());
    });
    connected.on('error', (error) => settle({ error }));
    connected.on('data', (chunk: Buffer) => {
      const whole = reader.push(chunk);
      if (whole) settle(whole);
    });
    connected.on('end', () => settle(reader.close()));
    connected.on('close', () => settle({ error: exchangeError('ECONNRESET', 'socket hang up') }));
    // write, not end: Go's server takes a half-closed connection for a client gone away and
    // cancels the request (etcd's gateway then answers "context canceled").
    connected.write(request.body === undefined ? head : head + request.body);
  });
  return { answer, abort: () => socket?.destroy() };
}

function connectTls(host: string, port: number, tls: HttpsTls | undefined): TLSSocket {
  const { rejectUnauthorized } = httpsTlsOptions(tls);
  // A host name is sent for SNI as https sends it; an IP is not (see config/https-tls-options.ts).
  return tlsModule().connect({ host, port, secureContext: secureContextOf(tls), rejectUnauthorized, ...(net.isIP(host) ? {} : { servername: host }) });
}

/**
 * One secure context per TLS material (the same object for every call of a command or a round):
 * tls.connect given ca, cert and key parses the PEM files again for each connection, ~0.2 ms of
 * the ten a round opens. Files re-read after a rotation come as a new object, hence a new context.
 */
const secureContexts = new WeakMap<HttpsTls, SecureContext>();
let systemCaContext: SecureContext | undefined;

function secureContextOf(tls: HttpsTls | undefined): SecureContext {
  if (tls === undefined) return (systemCaContext ??= tlsModule().createSecureContext());
  let context = secureContexts.get(tls);
  if (context === undefined) {
    const { ca, cert, key } = httpsTlsOptions(tls);
    context = tlsModule().createSecureContext({ ca, cert, key });
    secureContexts.set(tls, context);
  }
  return context;
}

function requestHead(url: URL, request: HttpRequest): string {
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, 'connection: close'];
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  for (const [name, value] of Object.entries(headers)) {
    // A CR or LF would end the header early: what follows would be a header of the sender's choosing.
    if (/[\r\n\0]/.test(value)) throw exchangeError('ERR_INVALID_CHAR', `invalid character in the ${name} header`);
    lines.push(`${name}: ${value}`);
  }
  return `${lines.join('\r\n')}\r\n\r\n`;
}
