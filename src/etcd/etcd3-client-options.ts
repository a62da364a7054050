// How etcd3 is set up for one member (see etcd3-gateway.ts): its options, and etcd3's own
// spelling of the alarm types.
import type { IOptions } from 'etcd3';
import { noop } from 'cockatiel';
import type { ConnectionConfig } from '../config/connection-config.js';
import { deadlineIn } from './deadline.js';

/** etcd3 spells the alarm types its own way. */
export function alarmTypeName(alarm: string): 'Nospace' | 'Corrupt' | 'None' {
  if (alarm === 'NOSPACE') return 'Nospace';
  if (alarm === 'CORRUPT') return 'Corrupt';
  return 'None';
}

/** One member's etcd3 client: that member only, no retries, a deadline on authentication too. */
export function clientOptions(config: ConnectionConfig, endpoint: string, readMs: number): IOptions {
  const options: IOptions = {
    hosts: [endpoint],
    dialTimeout: config.dialTimeoutMs,
    faultHandling: { host: () => noop, global: noop },
    // grpc-js otherwise backs off up to 2 minutes before redialling a member that was down,
    // which would keep a restarted member DOWN on screen long after it is back.
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 500,
      'grpc.max_reconnect_backoff_ms': 2_000,
      'grpc.max_receive_message_length': 64 * 1024 * 1024,
    },
  };
  if (config.tls && endpoint.startsWith('https://')) {
    options.credentials = {
      rootCertificate: config.tls.ca as Buffer,
      ...(config.tls.key ? { privateKey: config.tls.key } : {}),
      ...(config.tls.cert ? { certChain: config.tls.cert } : {}),
    };
  }
  if (config.auth) {
    options.auth = { username: config.auth.username, password: config.auth.password, callOptions: () => deadlineIn(readMs) };
  }
  return options;
}
