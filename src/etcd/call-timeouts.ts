// The deadlines of each kind of call, shared by both gateways (a module of its own so that the
// JSON-first path reads them without loading etcd3-gateway.ts and with it grpc).
import type { CallTimeouts } from './gateway.js';

export function defaultTimeouts(commandTimeoutMs: number): CallTimeouts {
  return { readMs: commandTimeoutMs, writeMs: Math.max(commandTimeoutMs, 5_000), defragMs: 120_000, snapshotMs: 600_000 };
}
