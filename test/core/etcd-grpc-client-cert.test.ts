// A server that wants a client certificate and got none: OpenSSL's alert text becomes one
// sentence an operator can act on. Messages as grpc-js 1.14 reported them against etcd 3.4
// (TLS 1.2: "bad certificate") and 3.5 (TLS 1.3: "certificate required").
import { describe, expect, it } from 'vitest';
import { failureFromError, grpcDetail } from '../../src/etcd/grpc-failure.js';

const TLS13 = '14 UNAVAILABLE: No connection established. Last error: Error: 40F8A1B2C37F0000:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 116';
const TLS12 = '14 UNAVAILABLE: No connection established. Last error: Error: 80EC05B7C27F0000:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 42';

describe('missing client certificate', () => {
  it.each([
    ['TLS 1.3 "certificate required", no client cert', TLS13, false],
    ['TLS 1.3 "certificate required", even with one', TLS13, true],
    ['TLS 1.2 "bad certificate", no client cert', TLS12, false],
  ])('%s', (_name, message, hasCert) => {
    const failure = failureFromError(new Error(message), hasCert);
    expect(failure).toMatchObject({ kind: 'tls', message: 'the cluster requires a client certificate: pass --cert and --key' });
    expect(failure.hint).toMatch(/--cert and --key/);
  });

  it('"bad certificate" with a client certificate sent is a rejected certificate, without OpenSSL noise', () => {
    const failure = failureFromError(new Error(TLS12), true);
    expect(failure.kind).toBe('tls');
    expect(failure.message).toBe('TLS handshake failed: sslv3 alert bad certificate');
  });

  it('keeps only the words of an OpenSSL error', () => {
    expect(grpcDetail(new Error(TLS13))).toBe('tlsv13 alert certificate required');
  });
});
