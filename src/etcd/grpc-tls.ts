// No TLS server name (SNI) for a member addressed by IP. grpc-js sets `servername` to the target's
// host even when that is an IP address (https://127.0.0.1:2379, every kubeadm cluster). RFC 6066
// forbids an IP there: Node 20-24 warned (DEP0123), Node ≥ 25 refuses the connection with
// ERR_INVALID_ARG_VALUE. Without a servername, Node still verifies the certificate against the
// connection's host, the IP, so the IP SAN check and the CA check are exactly what they were.
//
// etcd3 gives no way to pass credentials of our own: it builds them with
// grpc.credentials.createSsl inside its constructor. So createSsl is wrapped for the length of
// that synchronous call, and the wrapped credentials drop an IP servername from the TLS options
// grpc-js builds for each connection.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';

/** Runs `build` (which constructs etcd3 clients) with every TLS credential it creates made IP-safe. */
export function withIpSafeTls<T>(expectsTls: boolean, build: () => T): T {
  const createSsl = credentials.createSsl;
  let created = 0;
  credentials.createSsl = (...args) => {
    created += 1;
    return withoutIpServername(createSsl(...args));
  };
  try {
    const built = build();
    if (expectsTls && created === 0) {
      throw new Error('etcd3 no longer builds its TLS credentials with grpc.credentials.createSsl: update src/etcd/grpc-tls.ts');
    }
    return built;
  } finally {
    credentials.createSsl = createSsl;
  }
}

/** The same credentials, whose connections send no SNI when the target host is an IP address. */
export function withoutIpServername(channelCredentials: ChannelCredentials): ChannelCredentials {
  const createConnector = channelCredentials._createSecureConnector.bind(channelCredentials);
  channelCredentials._createSecureConnector = (target, options, callCredentials) => {
    const connector = createConnector(target, options, callCredentials);
    const tlsOptions = (connector as { connectionOptions?: ConnectionOptions }).connectionOptions;
    // A grpc-js that keeps them elsewhere would bring the Node ≥ 25 failure back silently.
    if (tlsOptions === undefined) throw new Error('grpc-js no longer exposes its TLS connection options: update src/etcd/grpc-tls.ts');
    if (tlsOptions.servername !== undefined && isIP(tlsOptions.servername) !== 0) delete tlsOptions.servername;
    return connector;
  };
  return channelCredentials;
}
