import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tlsMaterialProblem } from '../../src/config/validate-tls.js';

const dir = new URL('../fixtures/metrics/tls/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir));
const ca = read('ca.pem');
const clientCert = read('client.pem');
const clientKey = read('client-key.pem');
const serverKey = read('server-key.pem');
const garbage = Buffer.from('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');

describe('tlsMaterialProblem', () => {
  it('accepts a CA and a matching client pair', () => {
    expect(tlsMaterialProblem({ ca, cert: clientCert, key: clientKey, insecureSkipVerify: false })).toBeUndefined();
    expect(tlsMaterialProblem(undefined)).toBeUndefined();
  });

  it.each([
    ['a CA that is not a certificate', { ca: garbage, caFile: '/x/ca.crt' }, /--cacert \/x\/ca.crt is not a valid certificate/],
    ['a client cert that is not a certificate', { ca, cert: garbage, certFile: '/x/c.crt', key: clientKey }, /--cert \/x\/c.crt is not a valid certificate/],
    ['a key that is not a key', { ca, cert: clientCert, key: garbage, keyFile: '/x/c.key' }, /--key \/x\/c.key is not a valid private key/],
    ['a key that belongs to another certificate', { ca, cert: clientCert, certFile: 'client.pem', key: serverKey, keyFile: 'server-key.pem' }, /--key server-key.pem does not belong to --cert client.pem/],
  ])('names %s in one line with a hint', (_name, material, pattern) => {
    const problem = tlsMaterialProblem({ insecureSkipVerify: false, ...material });
    expect(problem?.message).toMatch(pattern);
    expect(problem?.message).not.toContain('\n');
    expect(problem?.hint).toBeTruthy();
  });
});
