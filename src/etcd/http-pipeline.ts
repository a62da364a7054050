// One connection carrying the requests made to one origin in the same turn of the event loop,
// written at once: HTTP/1.1 pipelining, which etcd's server (Go's net/http) answers in order. A
// round asks each member for its status and /metrics at the same moment: one connection, and over
// TLS one handshake, instead of two (a full handshake costs this client ~1.2 ms of CPU and the
// member as much, plus a round trip on a real network). The health check goes alone (its time is
// shown: see ExchangeHooks.ownConnection). The last request says `connection: close`, so the
// server closes once it has answered them all, unless the connection is to be left open for the
// next exchange to the origin (ExchangeHooks.keepOpen, idle-connections.ts).
//
// Each request keeps its own deadline (its caller's) and its own answer: one that is given up on
// is still read off the connection, to reach the answers behind it. A server that closes after
// some answers (no pipelining), or a connection left open that the server closed as it was sent
// on, gets the requests it left unanswered again, each on a connection of its own; a new
// connection that fails before any answer fails every request on it, with its error.
import net from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { HttpsTls } from '../config/https-tls-options.js';
import { AnswerReader, exchangeError, type Settlement } from './http-answer.js';
import type { ExchangeHooks, ExchangePhase } from './http-exchange.js';
import { ServedTime, type ReadMark } from './served-time.js';

export interface Pending {
  url: URL;
  /** The request line and headers, without the blank line that ends them. */
  head: string;
  body: string;
  hooks: ExchangeHooks;
  settle(outcome: Settlement): void;
  /** Settled (answered, failed or given up on). */
  done: boolean;
  /** The connection it was last sent on (another one when a server closed early). */
  connection?: PipelinedConnection;
}

export type Connect = (secure: boolean, host: string, port: number, tls: HttpsTls | undefined) => net.Socket;

/** A handler of one of the socket's events, kept to be removed when the connection is left open. */
type Listener = (...args: any[]) => void;

/** A connection left open by an earlier exchange (idle-connections.ts), and where this one leaves its own. */
export interface Reuse {
  socket?: net.Socket;
  park(socket: net.Socket): void;
}

export class PipelinedConnection {
  private socket: net.Socket | undefined;
  /** The request whose answer is being read. */
  private current = 0;
  private reader: AnswerReader;
  private answered = 0;
  private readonly served = new ServedTime();
  private readonly listeners: Array<[string, Listener]> = [];

  constructor(
    private readonly pending: readonly Pending[],
    private readonly tls: HttpsTls | undefined,
    private readonly connect: Connect,
    /** Sends one request again on a connection of its own (a server that closed early). */
    private readonly retryAlone: (pending: Pending) => void,
    private readonly reuse: Reuse,
  ) {
    this.reader = new AnswerReader(pending[0]!.hooks.maxBodyBytes);
    for (const each of pending) each.connection = this;
  }

  start(): void {
    if (this.reuse.socket !== undefined) {
      this.startOn(this.reuse.socket);
      return;
    }
    const url = this.pending[0]!.url;
    const secure = url.protocol === 'https:';
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || (secure ? 443 : 80);
    let socket: net.Socket;
    try {
      socket = this.connect(secure, host, port, this.tls);
    } catch (error) {
      // Thrown, not emitted: e.g. a key that does not match its certificate.
      this.fail(error as Error);
      return;
    }
    this.socket = socket;
    this.phase('connecting');
    socket.once('connect', () => (secure ? this.phase('handshaking') : this.ready(socket)));
    // The requests were written before the handshake, and go out as it ends.
    socket.once('secureConnect', () => this.ready(socket));
    this.send(socket);
  }

  /** On a connection an earlier exchange left open: already connected, its handshake done. */
  private startOn(socket: net.Socket): void {
    this.socket = socket;
    this.ready(socket);
    this.send(socket);
  }

  /** Connected, and over TLS its handshake passed: the server can begin on the first request. */
  private ready(socket: net.Socket): void {
    this.served.ready();
    this.phase('requesting');
    if ('getPeerCertificate' in socket) {
      let peer: PeerCertificate | undefined;
      const read = () => (peer ??= (socket as TLSSocket).getPeerCertificate());
      for (const pending of this.pending) pending.hooks.onPeerCertificate?.(read);
    }
  }

  private send(socket: net.Socket): void {
    this.listen(socket, 'error', (error: Error) => this.fail(error));
    this.listen(socket, 'data', (chunk: Buffer) => this.read(chunk));
    this.listen(socket, 'end', () => this.closed());
    this.listen(socket, 'close', () => this.fail(exchangeError('ECONNRESET', 'socket hang up')));
    // write, not end: Go's server takes a half-closed connection for a client gone away and
    // cancels the request (etcd's gateway then answers "context canceled").
    // The last request asks the server to close the connection once it has answered them all,
    // unless it is to stay open for the next exchange (ExchangeHooks.keepOpen).
    const last = this.pending.length - 1;
    const close = this.keepsOpen() ? '' : '\r\nconnection: close';
    socket.write(this.pending.map((pending, i) => `${pending.head}${i === last ? close : ''}\r\n\r\n${pending.body}`).join(''));
  }

  private keepsOpen(): boolean {
    return this.pending[this.pending.length - 1]!.hooks.keepOpen === true;
  }

  private listen(socket: net.Socket, event: string, handler: Listener): void {
    socket.on(event, handler);
    this.listeners.push([event, handler]);
  }

  /** A request no longer waits (its deadline passed): the connection ends once none does. */
  release(): void {
    if (this.pending.every((pending) => pending.done)) this.socket?.destroy();
  }

  private phase(phase: ExchangePhase): void {
    for (const pending of this.pending) pending.hooks.onPhase?.(phase);
  }

  private read(chunk: Buffer | undefined): void {
    const mark = this.served.read();
    while (chunk !== undefined && this.current < this.pending.length) {
      const settlement = this.reader.push(chunk);
      if (settlement === undefined) return;
      if ('error' in settlement) {
        // The answers can no longer be told apart: this one failed, the rest are asked again.
        this.fail(settlement.error, true);
        return;
      }
      chunk = this.reader.leftover();
      this.next(settlement, mark);
    }
  }

  /** The current request is answered: on to the next one, or the connection is done. */
  private next(settlement: Settlement, mark?: ReadMark): void {
    const servedInMs = this.served.answered(mark);
    this.pending[this.current]!.settle('answer' in settlement ? { answer: { ...settlement.answer, servedInMs } } : settlement);
    this.answered++;
    this.current++;
    if (this.current < this.pending.length) this.reader = new AnswerReader(this.pending[this.current]!.hooks.maxBodyBytes);
    else if (this.mayStayOpen(settlement)) this.leave();
    else this.socket?.destroy();
  }

  /** Asked to stay open, answered, and neither closing (as the server said) nor holding bytes nobody asked for. */
  private mayStayOpen(settlement: Settlement): boolean {
    if (!this.keepsOpen() || !('answer' in settlement) || this.reader.leftover() !== undefined) return false;
    return !/\bclose\b/i.test(settlement.answer.headers.get('connection') ?? '');
  }

  /** Every answer read, the connection open: left for the next exchange to the origin. */
  private leave(): void {
    const socket = this.socket;
    if (socket === undefined || socket.destroyed) return;
    for (const [event, handler] of this.listeners.splice(0)) socket.removeListener(event, handler);
    this.socket = undefined;
    this.reuse.park(socket);
  }

  private closed(): void {
    if (this.current >= this.pending.length) return;
    if (this.reader.bytesReceived() > 0) {
      const settlement = this.reader.close();
      if ('error' in settlement) {
        this.fail(settlement.error);
        return;
      }
      this.next(settlement);
    }
    this.fail(exchangeError('ECONNRESET', 'socket hang up'));
  }

  /** `askBehindAgain`: the connection worked, only this answer did not (not HTTP, too large). */
  private fail(error: Error, askBehindAgain = false): void {
    if (this.current >= this.pending.length) return;
    const unanswered = this.pending.slice(this.current);
    const currentStarted = this.reader.bytesReceived() > 0;
    this.current = this.pending.length;
    this.socket?.destroy();
    // A connection left open by an earlier exchange may have been closed by the server just as
    // this one was sent on it: what it never began to answer is asked again, as below.
    const reused = this.reuse.socket !== undefined;
    unanswered.forEach((pending, i) => {
      if (pending.done) return;
      // A server that answered some and then closed: what it never began to answer is asked again.
      if ((askBehindAgain || reused || this.answered > 0) && !(i === 0 && currentStarted)) this.retryAlone(pending);
      else pending.settle({ error });
    });
  }
}
