// The TLS options of an HTTPS request (etcd's /metrics and JSON gateway, a Prometheus backend)
// from the files the operator gave. No servername: https derives it from host names only, never
// from an IP address (RFC 6066; Node 20 warns DEP0123, Node ≥ 25 refuses an IP there), and the
// certificate is still checked against the IP; etcd/http-exchange.ts does the same for tls.connect.
import type { RequestOptions } from 'node:https';
import type { TlsMaterial } from './connection-config.js';

export type HttpsTls = Pick<TlsMaterial, 'ca' | 'cert' | 'key'> & { insecureSkipVerify?: boolean };

export function httpsTlsOptions(tls: HttpsTls | undefined): Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'rejectUnauthorized'> {
  return { ca: tls?.ca, cert: tls?.cert, key: tls?.key, rejectUnauthorized: !(tls?.insecureSkipVerify ?? false) };
}
