import { describe, expect, it } from 'vitest';
import type { ConfigResult } from '../../src/config/connection-config.js';
import { resolveConnection, type ConnectionFlags } from '../../src/config/resolve-connection.js';
import { denyingReader, fixture, fixtureLabel } from './config-fixtures.js';

type Env = Record<string, string | undefined>;

const kubeadm = { root: fixture('kubeadm'), hostname: 'cp-1' };
const flagsTls = { cacert: fixture('flags/ca.crt'), cert: fixture('flags/client.crt'), key: fixture('flags/client.key') };

function config(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a config, got: ${result.problem.message}`);
  return result.config;
}

function problem(result: ConfigResult) {
  if (result.ok) throw new Error(`expected a problem, got a config from ${result.config.source}`);
  return result.problem;
}

describe('precedence: flag > ETCDCTL_* variable > detection', () => {
  it.each<{ name: string; flags: ConnectionFlags; env: Env; endpoints: string[]; source: string }>([
    {
      name: 'flag beats variable and detection',
      flags: { endpoints: '10.0.0.1:2379' },
      env: { ETCDCTL_ENDPOINTS: '10.0.0.2:2379' },
      endpoints: ['http://10.0.0.1:2379'],
      source: 'flags',
    },
    {
      name: 'variable beats detection',
      flags: {},
      env: { ETCDCTL_ENDPOINTS: '10.0.0.2:2379, 10.0.0.3:2379' },
      endpoints: ['http://10.0.0.2:2379', 'http://10.0.0.3:2379'],
      source: 'ETCDCTL_* environment',
    },
    {
      name: 'an empty flag counts as not given',
      flags: { endpoints: '' },
      env: { ETCDCTL_ENDPOINTS: 'https://10.0.0.2:2379' },
      endpoints: ['https://10.0.0.2:2379'],
      source: 'ETCDCTL_* environment',
    },
    {
      name: 'detection when nothing names an endpoint',
      flags: {},
      env: {},
      endpoints: ['https://127.0.0.1:22379'],
      source: `kubeadm (${fixture('kubeadm/etc/kubernetes/pki/etcd')})`,
    },
    {
      name: 'settings from flags and the environment on top of detection',
      flags: { commandTimeout: '3s' },
      env: { ETCDCTL_DIAL_TIMEOUT: '5s' },
      endpoints: ['https://127.0.0.1:22379'],
      source: `flags + ETCDCTL_* environment + kubeadm (${fixture('kubeadm/etc/kubernetes/pki/etcd')})`,
    },
  ])('$name', async ({ flags, env, endpoints, source }) => {
    const result = config(await resolveConnection(flags, env, kubeadm));
    expect(result.endpoints).toEqual(endpoints);
    expect(result.source).toBe(source);
  });

  it('takes detected TLS material only when detection picked the endpoint', async () => {
    const detected = config(await resolveConnection({}, {}, kubeadm));
    expect(fixtureLabel(detected.tls?.cert)).toBe('kubeadm healthcheck-client cert');
    const named = config(await resolveConnection({ endpoints: 'https://10.0.0.1:2379' }, {}, kubeadm));
    expect(named.tls).toEqual({ insecureSkipVerify: false });
  });

  it('a TLS flag beats its variable, and the two can be mixed', async () => {
    const env = { ETCDCTL_CACERT: '/nowhere/ca.crt', ETCDCTL_CERT: fixture('flags/client.crt'), ETCDCTL_KEY: fixture('flags/client.key') };
    const result = config(await resolveConnection({ endpoints: '10.0.0.1:2379', cacert: fixture('flags/ca.crt') }, env, kubeadm));
    expect(result.tls?.caFile).toBe(fixture('flags/ca.crt'));
    expect(fixtureLabel(result.tls?.key)).toBe('flags client key');
    expect(result.source).toBe('flags + ETCDCTL_* environment');
  });

  it('TLS files without an endpoint use etcdctl\u2019s default endpoint, not detection', async () => {
    const result = config(await resolveConnection(flagsTls, {}, kubeadm));
    expect(result.endpoints).toEqual(['https://127.0.0.1:2379']);
    expect(fixtureLabel(result.tls?.cert)).toBe('flags client cert');
    expect(result.source).toBe('flags + default endpoint https://127.0.0.1:2379');
  });
});

describe('endpoint schemes, like etcdctl', () => {
  it.each<{ name: string; flags: ConnectionFlags; env: Env; endpoints: string[] }>([
    { name: 'no TLS: http', flags: { endpoints: 'etcd-1:2379' }, env: {}, endpoints: ['http://etcd-1:2379'] },
    { name: 'TLS files: https', flags: { endpoints: 'etcd-1:2379', ...flagsTls }, env: {}, endpoints: ['https://etcd-1:2379'] },
    {
      name: 'a CA from ETCDCTL_CACERT is TLS material too',
      flags: { endpoints: 'etcd-1:2379' },
      env: { ETCDCTL_CACERT: fixture('flags/ca.crt') },
      endpoints: ['https://etcd-1:2379'],
    },
    { name: '--insecure-transport=false: https', flags: { endpoints: 'etcd-1:2379', insecureTransport: false }, env: {}, endpoints: ['https://etcd-1:2379'] },
    { name: 'an explicit scheme is kept', flags: { endpoints: 'http://etcd-1:2379', ...flagsTls }, env: {}, endpoints: ['http://etcd-1:2379'] },
    { name: 'yargs arrays are flattened', flags: { endpoints: ['a:2379,b:2379', 'c:2379'] }, env: {}, endpoints: ['http://a:2379', 'http://b:2379', 'http://c:2379'] },
  ])('$name', async ({ flags, env, endpoints }) => {
    expect(config(await resolveConnection(flags, env, kubeadm)).endpoints).toEqual(endpoints);
  });

  it('an https endpoint without files still gets TLS (system CAs)', async () => {
    const result = config(await resolveConnection({ endpoints: 'https://etcd-1:2379' }, {}, kubeadm));
    expect(result.tls).toEqual({ insecureSkipVerify: false });
  });

  it('plain http with no files has no TLS at all', async () => {
    expect(config(await resolveConnection({ endpoints: 'etcd-1:2379' }, {}, kubeadm)).tls).toBeUndefined();
  });

  it('names the variable an invalid endpoint came from', async () => {
    const { message } = problem(await resolveConnection({}, { ETCDCTL_ENDPOINTS: '10.0.0.1:99999' }, kubeadm));
    expect(message).toBe('endpoint "10.0.0.1:99999" in ETCDCTL_ENDPOINTS has port 99999, outside 1-65535');
  });

  it('rejects a list with no endpoint in it', async () => {
    expect(problem(await resolveConnection({ endpoints: ' , ' }, {}, kubeadm)).message).toBe('--endpoints lists no endpoint');
  });
});

describe('TLS files named by the operator', () => {
  it('says which file and which flag when the key is missing', async () => {
    const result = await resolveConnection({ ...flagsTls, key: '/x/y.key' }, {}, kubeadm);
    expect(problem(result)).toEqual({
      message: 'cannot read --key /x/y.key: no such file',
      hint: 'pass the client key that matches --cert (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.key)',
    });
  });

  it.each<{ name: string; flags: ConnectionFlags; env: Env; message: string }>([
    { name: 'variable named', flags: {}, env: { ETCDCTL_CACERT: '/x/ca.crt' }, message: 'cannot read ETCDCTL_CACERT /x/ca.crt: no such file' },
    { name: 'not PEM', flags: { cacert: fixture('flags/not-pem.crt') }, env: {}, message: 'not a PEM file' },
    { name: 'a directory', flags: { cacert: fixture('flags') }, env: {}, message: 'is a directory' },
    { name: '--cert without --key', flags: { cert: fixture('flags/client.crt') }, env: {}, message: '--cert given without --key' },
    { name: '--key without --cert', flags: { key: fixture('flags/client.key') }, env: {}, message: '--key given without --cert' },
    { name: 'ETCDCTL_CERT without a key', flags: {}, env: { ETCDCTL_CERT: fixture('flags/client.crt') }, message: 'ETCDCTL_CERT given without --key (or ETCDCTL_KEY)' },
  ])('$name', async ({ flags, env, message }) => {
    expect(problem(await resolveConnection(flags, env, kubeadm)).message).toContain(message);
  });

  it('tells a non-root user to run as root when the key is unreadable', async () => {
    const readFile = denyingReader((p) => p.endsWith('client.key'));
    const { message, hint } = problem(await resolveConnection(flagsTls, {}, { ...kubeadm, readFile }));
    expect(message).toBe(`cannot read --key ${fixture('flags/client.key')}: permission denied`);
    expect(hint).toContain('root');
  });
});

describe('timeouts', () => {
  it('defaults to etcdctl\u2019s 2 s dial and etcdtop\u2019s 1.5 s reads', async () => {
    const result = config(await resolveConnection({ endpoints: 'a:2379' }, {}, kubeadm));
    expect([result.dialTimeoutMs, result.commandTimeoutMs]).toEqual([2_000, 1_500]);
  });

  it.each<{ flags: ConnectionFlags; env: Env; dial: number; command: number }>([
    { flags: { dialTimeout: '5s', commandTimeout: '750ms' }, env: {}, dial: 5_000, command: 750 },
    { flags: {}, env: { ETCDCTL_DIAL_TIMEOUT: '1m', ETCDCTL_COMMAND_TIMEOUT: '1m30s' }, dial: 60_000, command: 90_000 },
    { flags: { commandTimeout: '2s' }, env: { ETCDCTL_COMMAND_TIMEOUT: '9s' }, dial: 2_000, command: 2_000 },
    { flags: { dialTimeout: '250us' }, env: {}, dial: 1, command: 1_500 },
  ])('%j', async ({ flags, env, dial, command }) => {
    const result = config(await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm));
    expect([result.dialTimeoutMs, result.commandTimeoutMs]).toEqual([dial, command]);
  });

  it.each<{ flags: ConnectionFlags; env: Env; message: string }>([
    { flags: { dialTimeout: '5' }, env: {}, message: '--dial-timeout "5" is not a duration' },
    { flags: {}, env: { ETCDCTL_COMMAND_TIMEOUT: 'soon' }, message: 'ETCDCTL_COMMAND_TIMEOUT "soon" is not a duration' },
    { flags: { commandTimeout: '-1s' }, env: {}, message: '--command-timeout "-1s" is not a duration' },
    { flags: { commandTimeout: '0s' }, env: {}, message: '--command-timeout must be longer than 0' },
  ])('rejects %j', async ({ flags, env, message }) => {
    const { message: actual, hint } = problem(await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm));
    expect(actual).toBe(message);
    expect(hint).toContain('2s, 500ms, 1m30s');
  });
});
