// src/etcd/grpc-failure.ts: how what etcd3 / grpc-js throws becomes a Failure. The messages are
// what grpc-js 1.14 and etcd 3.5 really send (captured from a live cluster where noted).
import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../../src/etcd/gateway.js';
import { failureFromError, grpcDetail, timeoutFailure } from '../../src/etcd/grpc-failure.js';

/** etcd3 rethrows grpc errors as its own classes; the name is part of what is classified. */
function grpcError(message: string, name = 'Error'): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('failureFromError', () => {
  it.each<{ message: string; kind: FailureKind; name?: string }>([
    // Captured from grpc-js 1.14 against a closed port.
    { message: 'connect ECONNREFUSED 127.0.0.1:2379', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379. Resolution note: ', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: connect EHOSTUNREACH 10.0.0.9:2379', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: read ECONNRESET', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: Connection dropped', kind: 'unreachable' },
    // Captured from grpc-js 1.14 for a host that does not resolve.
    { message: '14 UNAVAILABLE: Name resolution failed for target dns:etcd.invalid:2379', kind: 'unreachable' },
    // A host name that merely contains "tls" or "ssl" is not a TLS problem.
    { message: '14 UNAVAILABLE: Name resolution failed for target dns:etcd-tls.invalid:2379', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: getaddrinfo ENOTFOUND ssl-etcd.example', kind: 'unreachable' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: getaddrinfo EAI_AGAIN etcd-1.example', kind: 'unreachable' },
    { message: '4 DEADLINE_EXCEEDED: Deadline exceeded', kind: 'timeout' },
    { message: '4 DEADLINE_EXCEEDED: Deadline exceeded after 1.501s,LB pick: 0.000s,remote_addr=127.0.0.1:2379', kind: 'timeout' },
    { message: 'Deadline exceeded', name: 'GRPCDeadlineExceededError', kind: 'timeout' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: self-signed certificate in certificate chain', kind: 'tls' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: unable to verify the first certificate', kind: 'tls' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: certificate has expired', kind: 'tls' },
    { message: "14 UNAVAILABLE: No connection established. Last error: Error: Hostname/IP does not match certificate's altnames: IP: 10.0.0.9 is not in the cert's list: 10.0.0.1", kind: 'tls' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: write EPROTO 40E8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', kind: 'tls' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: 4098:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate', kind: 'tls' },
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: Client network socket disconnected before secure TLS connection was established', kind: 'tls' },
    // Rule order: a TLS cause beats the reset it produced.
    { message: '14 UNAVAILABLE: No connection established. Last error: Error: read ECONNRESET while checking the peer certificate', kind: 'tls' },
    { message: '8 RESOURCE_EXHAUSTED: etcdserver: mvcc: database space exceeded', kind: 'no-space' },
    { message: 'etcdserver: mvcc: database space exceeded', kind: 'no-space' },
    { message: '11 OUT_OF_RANGE: etcdserver: mvcc: required revision has been compacted', kind: 'compacted' },
    // etcd says "no leader" with UNAVAILABLE: it is not an unreachable member.
    { message: '14 UNAVAILABLE: etcdserver: no leader', kind: 'no-leader' },
    { message: '14 UNAVAILABLE: etcdserver: leader changed', kind: 'no-leader' },
    { message: '3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password', kind: 'auth' },
    { message: 'etcdserver: authentication failed, invalid user ID or password', kind: 'auth' },
    { message: '3 INVALID_ARGUMENT: etcdserver: user name is empty', kind: 'auth' },
    { message: '3 INVALID_ARGUMENT: etcdserver: invalid auth token', kind: 'auth' },
    { message: '7 PERMISSION_DENIED: etcdserver: permission denied', kind: 'permission' },
    { message: '2 UNKNOWN: auth: permission denied', kind: 'permission' },
    { message: '16 UNAUTHENTICATED: bad credentials', kind: 'auth' },
    { message: 'Received HTTP status code 404', kind: 'not-etcd' },
    { message: '12 UNIMPLEMENTED: Received HTTP status code 404', kind: 'not-etcd' },
    { message: '12 UNIMPLEMENTED: unknown service etcdserverpb.Maintenance', kind: 'not-etcd' },
    { message: '13 INTERNAL: Received RST_STREAM with code 2 triggered by internal client error: Protocol error', kind: 'not-etcd' },
    { message: '2 UNKNOWN: Unexpected content-type \'text/plain; charset=utf-8\'', kind: 'not-etcd' },
    { message: '9 FAILED_PRECONDITION: etcdserver: something new', kind: 'rejected' },
  ])('"$message" → $kind', ({ message, name, kind }) => {
    expect(failureFromError(grpcError(message, name)).kind).toBe(kind);
  });

  it.each([
    { kind: 'unreachable', message: '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379. Resolution note: ', expected: 'unreachable: connect ECONNREFUSED 127.0.0.1:2379' },
    { kind: 'tls', message: '14 UNAVAILABLE: No connection established. Last error: Error: self-signed certificate in certificate chain', expected: 'TLS handshake failed: self-signed certificate in certificate chain' },
    { kind: 'auth', message: '3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password', expected: 'authentication refused: etcdserver: authentication failed, invalid user ID or password' },
    { kind: 'permission', message: '7 PERMISSION_DENIED: etcdserver: permission denied', expected: 'permission denied: this user may not make this call' },
    { kind: 'timeout', message: '4 DEADLINE_EXCEEDED: Deadline exceeded', expected: 'timed out' },
    { kind: 'no-space', message: '8 RESOURCE_EXHAUSTED: etcdserver: mvcc: database space exceeded', expected: 'database space exceeded (NOSPACE alarm)' },
    { kind: 'rejected', message: '9 FAILED_PRECONDITION: etcdserver: something new', expected: 'etcdserver: something new' },
  ])('a $kind failure reads "$expected"', ({ message, expected }) => {
    expect(failureFromError(grpcError(message)).message).toBe(expected);
  });

  it.each(['unreachable', 'tls', 'auth', 'permission', 'not-etcd', 'timeout', 'no-space'] as const)('a %s failure carries a hint', (kind) => {
    const samples: Record<typeof kind, string> = {
      unreachable: 'connect ECONNREFUSED 127.0.0.1:2379',
      tls: 'self-signed certificate',
      auth: 'etcdserver: authentication failed, invalid user ID or password',
      permission: 'etcdserver: permission denied',
      'not-etcd': 'Received HTTP status code 404',
      timeout: 'Deadline exceeded',
      'no-space': 'etcdserver: mvcc: database space exceeded',
    };
    const failure = failureFromError(grpcError(samples[kind]));
    expect(failure.kind).toBe(kind);
    expect(failure.hint).toMatch(/\w/);
  });

  it('takes a thrown non-Error too', () => {
    expect(failureFromError('connect ECONNREFUSED 127.0.0.1:2379')).toMatchObject({ kind: 'unreachable' });
    expect(failureFromError(undefined)).toMatchObject({ kind: 'rejected', message: 'undefined' });
  });

  it('says "request failed" when there is nothing to say', () => {
    expect(failureFromError(grpcError(''))).toEqual({ kind: 'rejected', message: 'request failed' });
  });
});

describe('grpcDetail', () => {
  it.each([
    { message: '14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379', expected: 'connect ECONNREFUSED 127.0.0.1:2379' },
    {
      message: '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:1. Resolution note: ',
      expected: 'connect ECONNREFUSED 127.0.0.1:1',
    },
    {
      message: '14 UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED 127.0.0.1:2379 (2025-01-15T12:00:00.123Z)',
      expected: 'connect ECONNREFUSED 127.0.0.1:2379',
    },
    { message: '14 UNAVAILABLE: No connection established. Last error: null. Resolution note: ', expected: 'No connection established' },
    { message: '14 UNAVAILABLE: No connection established. Last error: null', expected: 'No connection established' },
    { message: '4 DEADLINE_EXCEEDED: Deadline exceeded', expected: 'Deadline exceeded' },
    { message: '8 RESOURCE_EXHAUSTED: etcdserver: mvcc: database space exceeded', expected: 'etcdserver: mvcc: database space exceeded' },
    { message: 'etcdserver: no leader', expected: 'etcdserver: no leader' },
    { message: '13 INTERNAL: line one\n   line two', expected: 'line one line two' },
    // Node 26's wording: its advice names a Node.js flag an etcdtop user has no use for.
    {
      message: '14 UNAVAILABLE: No connection established. Last error: Error: unable to verify the first certificate; if the root CA is installed locally, try running Node.js with --use-system-ca',
      expected: 'unable to verify the first certificate',
    },
  ])('"$message" → "$expected"', ({ message, expected }) => {
    expect(grpcDetail(grpcError(message))).toBe(expected);
  });

  it('cuts a long message to 160 characters, with an ellipsis', () => {
    const detail = grpcDetail(grpcError(`13 INTERNAL: ${'x'.repeat(500)}`));
    expect(detail).toHaveLength(158);
    expect(detail.endsWith('…')).toBe(true);
  });
});

describe('timeoutFailure', () => {
  it.each([
    { afterMs: 1500, expected: 'timed out after 1.5s' },
    { afterMs: 2000, expected: 'timed out after 2s' },
    { afterMs: 250, expected: 'timed out after 0.3s' },
    { afterMs: 30_000, expected: 'timed out after 30s' },
  ])('$afterMs ms → "$expected"', ({ afterMs, expected }) => {
    expect(timeoutFailure(afterMs)).toMatchObject({ kind: 'timeout', message: expected });
  });
});
