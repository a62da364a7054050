// Connections left open after their last answer (ExchangeHooks.keepOpen), for the next request to
// the same origin with the same TLS material. A member list is followed by its seed's round, which
// then needs no connect and, over TLS, no handshake: ~1.5 ms of an mTLS `status` here, and a round
// trip or two on a real network. One per origin; closed when unused for IDLE_MS, as soon as the
// server closes it, and never keeping the process alive.
import type net from 'node:net';
import type { HttpsTls } from '../config/https-tls-options.js';

const IDLE_MS = 1_000;

interface Idle {
  tls: HttpsTls | undefined;
  socket: net.Socket;
  timer: NodeJS.Timeout;
  forget: () => void;
}

const idle = new Map<string, Idle>();

/** Keeps `socket` (its answers all read, its listeners removed) for the next request to `origin`. */
export function parkConnection(origin: string, tls: HttpsTls | undefined, socket: net.Socket): void {
  idle.get(origin)?.forget();
  const forget = () => {
    const entry = idle.get(origin);
    if (entry?.socket === socket) {
      clearTimeout(entry.timer);
      idle.delete(origin);
    }
    stopWatching(socket, forget);
    socket.destroy();
  };
  // Closed by the server, failed, or bytes nobody asked for: not a connection to send on. An
  // error after that has nothing left to tell.
  socket.on('end', forget).on('close', forget).on('error', forget).on('data', forget).on('error', ignore);
  socket.unref();
  const timer = setTimeout(forget, IDLE_MS);
  timer.unref();
  idle.set(origin, { tls, socket, timer, forget });
}

/** The open connection kept for `origin` with this TLS material, taken out of the pool; else undefined. */
export function takeConnection(origin: string, tls: HttpsTls | undefined): net.Socket | undefined {
  const entry = idle.get(origin);
  if (entry === undefined || entry.tls !== tls) return undefined;
  idle.delete(origin);
  clearTimeout(entry.timer);
  stopWatching(entry.socket, entry.forget);
  if (entry.socket.destroyed || !entry.socket.writable) {
    entry.socket.destroy();
    return undefined;
  }
  entry.socket.ref();
  return entry.socket;
}

const ignore = () => undefined;

function stopWatching(socket: net.Socket, forget: () => void): void {
  for (const event of ['end', 'close', 'error', 'data']) socket.removeListener(event, forget);
}
