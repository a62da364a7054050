// HTTP/1.1 requests and their answers, on connections opened for them (http-pipeline.ts: the
// requests of one turn to one origin share one), each answer read whole before it is parsed.
// etcd's /metrics and JSON gateway need no more than that, and Node's http client cost a one-shot
// command 3-6 ms of its ~55 (loading _http_* and the agent's machinery for ten requests;
// bench/README.md, "fourth pass"). TLS goes through node:tls with the options https would pass
// it, and one secure context per TLS material.
//
// What the answer's framing guarantees is http-answer.ts's: a cut answer is a failure.
import net from 'node:net';
import type { PeerCertificate, SecureContext, TLSSocket } from 'node:tls';
import { httpsTlsOptions, type HttpsTls } from '../config/https-tls-options.js';
import { tlsModule } from '../config/tls-modules.js';
import { exchangeError, type HttpAnswer } from './http-answer.js';
import { parkConnection, takeConnection } from './idle-connections.js';
import { PipelinedConnection, type Connect, type Pending } from './http-pipeline.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  body?: string;
}

/** How far the exchange got, for the caller's error wording (a reset means different things). */
export type ExchangePhase = 'connecting' | 'handshaking' | 'requesting';

export interface ExchangeHooks {
  onPhase?: (phase: ExchangePhase) => void;
  /**
   * Once the TLS handshake has passed: reads the server's certificate when called. Node builds a
   * whole object for it (three fingerprints among them, ~0.15 ms), and one per member is enough.
   */
  onPeerCertificate?: (peer: () => PeerCertificate) => void;
  /** An answer whose body is larger fails with code ERR_HTTP_BODY_TOO_LARGE. */
  maxBodyBytes: number;
  /**
   * Sent at once on a connection of its own, rather than pipelined with the turn's other requests
   * to the origin: a request whose time is reported (a health check's) is then not counted from
   * behind the answers before it, which a busy client cannot tell apart from its own
   * (http-pipeline.ts). Ahead of the turn's batches, its wait (a raft round for a health check)
   * also runs while they are set up, not after them.
   */
  ownConnection?: boolean;
  /**
   * The connection stays open after this request's answer, for the next request to the origin
   * (idle-connections.ts): a member list, before its seed's round.
   */
  keepOpen?: boolean;
}

export interface Exchange {
  answer: Promise<HttpAnswer>;
  /** Gives up on the answer (its deadline passed); the connection ends once none of its requests waits. */
  abort(): void;
}

/** Requests to one origin made in this turn of the event loop, not sent yet (http-pipeline.ts). */
interface Batch {
  tls: HttpsTls | undefined;
  pending: Pending[];
}
const waiting = new Map<string, Batch>();

/**
 * Sends the request and reads the answer. `url` is http: or https:. Requests to the same origin
 * with the same TLS material made in the same turn of the event loop share one connection.
 */
export function exchange(url: URL, request: HttpRequest, tls: HttpsTls | undefined, hooks: ExchangeHooks): Exchange {
  // Built before anything is queued: a header that cannot be sent fails here, with nothing opened.
  const head = requestHead(url, request);
  let pending!: Pending;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    pending = {
      url,
      head,
      body: request.body ?? '',
      hooks,
      done: false,
      settle: (outcome) => {
        if (pending.done) return;
        pending.done = true;
        if ('answer' in outcome) resolve(outcome.answer);
        else reject(outcome.error);
      },
    };
  });
  if (hooks.ownConnection) {
    // Alone, it waits for no other request: sent now, ahead of the turn's batches.
    send({ tls, pending: [pending] });
  } else batchFor(url.origin, tls).pending.push(pending);
  return {
    answer,
    abort: () => {
      pending.settle({ error: exchangeError('ABORT_ERR', 'the exchange was given up on') });
      pending.connection?.release();
    },
  };
}

/** The origin's batch of this turn, sent in the next turn with its other requests. */
function batchFor(origin: string, tls: HttpsTls | undefined): Batch {
  const queued = waiting.get(origin);
  if (queued !== undefined && queued.tls === tls) return queued;
  const batch: Batch = { tls, pending: [] };
  waiting.set(origin, batch);
  setImmediate(() => {
    if (waiting.get(origin) === batch) waiting.delete(origin);
    send(batch);
  });
  return batch;
}

/** On a connection left open for the origin if there is one (not for a request asked again). */
function send(batch: Batch, mayReuse = true): void {
  const live = batch.pending.filter((pending) => !pending.done);
  if (live.length === 0) return;
  const origin = live[0]!.url.origin;
  const socket = mayReuse ? takeConnection(origin, batch.tls) : undefined;
  const reuse = { ...(socket ? { socket } : {}), park: (open: net.Socket) => parkConnection(origin, batch.tls, open) };
  new PipelinedConnection(live, batch.tls, connectTo, (pending) => send({ tls: batch.tls, pending: [pending] }, false), reuse).start();
}

const connectTo: Connect = (secure, host, port, tls) => (secure ? connectTls(host, port, tls) : net.connect({ host, port }));

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

/** The request line and headers, without the blank line that ends them (http-pipeline.ts adds it). */
function requestHead(url: URL, request: HttpRequest): string {
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
  for (const [name, value] of Object.entries(headers)) {
    // A CR or LF would end the header early: what follows would be a header of the sender's choosing.
    if (/[\r\n\0]/.test(value)) throw exchangeError('ERR_INVALID_CHAR', `invalid character in the ${name} header`);
    lines.push(`${name}: ${value}`);
  }
  return lines.join('\r\n');
}
