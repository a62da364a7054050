// src/etcd/grpc-tls.ts: the TLS options grpc-js builds for a connection carry no servername when
// the target is an IP address (Node ≥ 25 refuses one), and keep it for a host name (SNI). Node
// then checks the certificate against the connection's host: the end-to-end refusals are in
// test/e2e/mtls-node-lts.test.ts.
import type { ConnectionOptions } from 'node:tls';
import { credentials } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { withIpSafeTls, withoutIpServername } from '../../src/etcd/grpc-tls.js';

function tlsOptionsFor(target: string): ConnectionOptions {
  const creds = withoutIpServername(credentials.createSsl());
  const connector = creds._createSecureConnector({ scheme: 'dns', path: target }, {});
  return (connector as unknown as { connectionOptions: ConnectionOptions }).connectionOptions;
}

describe('withoutIpServername', () => {
  it.each([
    ['127.0.0.1:2379', '127.0.0.1'],
    ['10.0.0.9:2379', '10.0.0.9'],
    ['[::1]:2379', '::1'],
  ])('%s: no servername, the host stays the IP (what the certificate is checked against)', (target, host) => {
    const options = tlsOptionsFor(target);
    expect(options.servername).toBeUndefined();
    expect(options.host).toBe(host);
    expect(options.rejectUnauthorized).not.toBe(false);
  });

  it('a host name keeps its servername (SNI)', () => {
    expect(tlsOptionsFor('etcd-0.example:2379')).toMatchObject({ servername: 'etcd-0.example', host: 'etcd-0.example' });
  });
});

describe('withIpSafeTls', () => {
  it('wraps createSsl only while building, and puts it back', () => {
    const original = credentials.createSsl;
    const built = withIpSafeTls(true, () => {
      expect(credentials.createSsl).not.toBe(original);
      return credentials.createSsl();
    });
    expect(credentials.createSsl).toBe(original);
    const connector = built._createSecureConnector({ scheme: 'dns', path: '127.0.0.1:2379' }, {});
    expect((connector as unknown as { connectionOptions: ConnectionOptions }).connectionOptions.servername).toBeUndefined();
  });

  it('says so when TLS was expected but etcd3 no longer builds credentials with createSsl', () => {
    expect(() => withIpSafeTls(true, () => 'built without createSsl')).toThrow(/update src\/etcd\/grpc-tls\.ts/);
    expect(withIpSafeTls(false, () => 'plain')).toBe('plain');
  });
});
