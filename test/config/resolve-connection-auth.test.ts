// Auth, TLS switches, metrics URLs and "nothing found", split from resolve-connection.test.ts
// to keep each file readable.
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigResult } from '../../src/config/connection-config.js';
import { resolveConnection, type ConnectionFlags } from '../../src/config/resolve-connection.js';
import { fixture, removeTempRoots, tempRoot } from './config-fixtures.js';

afterAll(removeTempRoots);

type Env = Record<string, string | undefined>;

const kubeadm = { root: fixture('kubeadm'), hostname: 'cp-1' };
const SECRET = 'S3cr3t-p@ss:word';

function config(result: ConfigResult) {
  if (!result.ok) throw new Error(`expected a config, got: ${result.problem.message}`);
  return result.config;
}

function problem(result: ConfigResult) {
  if (result.ok) throw new Error(`expected a problem, got a config from ${result.config.source}`);
  return result.problem;
}

describe('user and password, like etcdctl (never prompting)', () => {
  it.each<{ name: string; flags: ConnectionFlags; env: Env; username: string; password: string }>([
    { name: '--user name:password is split at the first colon', flags: { user: `root:${SECRET}` }, env: {}, username: 'root', password: SECRET },
    { name: '--user with ETCDCTL_PASSWORD (recommended)', flags: { user: 'root' }, env: { ETCDCTL_PASSWORD: SECRET }, username: 'root', password: SECRET },
    { name: 'ETCDCTL_USER name:password', flags: {}, env: { ETCDCTL_USER: `root:${SECRET}` }, username: 'root', password: SECRET },
    { name: 'with a password given, the user is taken whole', flags: { user: 'odd:name', password: SECRET }, env: {}, username: 'odd:name', password: SECRET },
    { name: '--password beats ETCDCTL_PASSWORD', flags: { user: 'root', password: SECRET }, env: { ETCDCTL_PASSWORD: 'other' }, username: 'root', password: SECRET },
  ])('$name', async ({ flags, env, username, password }) => {
    const result = config(await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm));
    expect(result.auth).toEqual({ username, password });
    expect(result.source).not.toContain(SECRET);
  });

  it('has no auth when no user is given', async () => {
    expect(config(await resolveConnection({ endpoints: 'a:2379' }, {}, kubeadm)).auth).toBeUndefined();
  });

  it('a user without a password is a problem that recommends ETCDCTL_PASSWORD', async () => {
    const { message, hint } = problem(await resolveConnection({ endpoints: 'a:2379', user: 'root' }, {}, kubeadm));
    expect(message).toBe('--user names user "root" but no password was given (etcdtop never prompts)');
    expect(hint).toContain('export ETCDCTL_PASSWORD');
    expect(hint).toContain('process list');
  });

  it('does not borrow the password of a user it did not pick', async () => {
    const env = { ETCDCTL_USER: `bob:${SECRET}` };
    const { message } = problem(await resolveConnection({ endpoints: 'a:2379', user: 'alice' }, env, kubeadm));
    expect(message).toContain('"alice" but no password');
  });

  it.each<{ name: string; flags: ConnectionFlags; env: Env; message: string }>([
    { name: 'empty password after the colon', flags: { user: 'root:' }, env: {}, message: 'no password was given' },
    { name: 'empty user name', flags: { user: `:${SECRET}` }, env: {}, message: '--user has an empty user name' },
    { name: 'password without a user', flags: { password: SECRET }, env: {}, message: 'a password is set (--password) but no user' },
    { name: 'ETCDCTL_PASSWORD without a user', flags: {}, env: { ETCDCTL_PASSWORD: SECRET }, message: '(ETCDCTL_PASSWORD) but no user' },
  ])('$name', async ({ flags, env, message }) => {
    const result = await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm);
    expect(problem(result).message).toContain(message);
  });

  it('never puts the password in any problem', async () => {
    const cases: Array<[ConnectionFlags, Env]> = [
      [{ user: `:${SECRET}` }, {}],
      [{ password: SECRET }, {}],
      [{}, { ETCDCTL_PASSWORD: SECRET }],
      [{ user: `root:${SECRET}`, dialTimeout: 'x' }, {}],
      [{ user: `root:${SECRET}`, key: '/x/y.key' }, {}],
      [{ endpoints: `https://root:${SECRET}@etcd:2379` }, {}],
    ];
    for (const [flags, env] of cases) {
      const result = await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm);
      const text = JSON.stringify(problem(result));
      expect(text).not.toContain('S3cr3t');
      expect(text).not.toContain('ss:word');
    }
  });
});

describe('TLS switches', () => {
  it.each<{ flags: ConnectionFlags; env: Env; skip: boolean }>([
    { flags: {}, env: {}, skip: false },
    { flags: { insecureSkipTlsVerify: true }, env: {}, skip: true },
    { flags: {}, env: { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'true' }, skip: true },
    { flags: {}, env: { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: '1' }, skip: true },
    { flags: {}, env: { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'False' }, skip: false },
    { flags: { insecureSkipTlsVerify: false }, env: { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'true' }, skip: false },
  ])('skip verify %j', async ({ flags, env, skip }) => {
    const result = config(await resolveConnection({ endpoints: 'https://a:2379', ...flags }, env, kubeadm));
    expect(result.tls?.insecureSkipVerify).toBe(skip);
  });

  it('applies to detected certificates too', async () => {
    const result = config(await resolveConnection({ insecureSkipTlsVerify: true }, {}, kubeadm));
    expect(result.tls?.insecureSkipVerify).toBe(true);
    expect(result.tls?.certFile).toBe(fixture('kubeadm/etc/kubernetes/pki/etcd/healthcheck-client.crt'));
  });

  it('rejects a variable that is not a boolean', async () => {
    const env = { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'yes' };
    const { message } = problem(await resolveConnection({ endpoints: 'a:2379' }, env, kubeadm));
    expect(message).toBe('ETCDCTL_INSECURE_SKIP_TLS_VERIFY="yes" is not a boolean');
  });
});

describe('metrics URLs', () => {
  it.each<{ flags: ConnectionFlags; env: Env; urls: string[] }>([
    { flags: {}, env: {}, urls: [] },
    { flags: { metricsUrls: 'http://10.0.0.1:2381,http://10.0.0.2:2381' }, env: {}, urls: ['http://10.0.0.1:2381/metrics', 'http://10.0.0.2:2381/metrics'] },
    { flags: {}, env: { ETCDTOP_METRICS_URLS: 'https://a:2379/metrics' }, urls: ['https://a:2379/metrics'] },
    { flags: { metricsUrls: 'http://b:2381' }, env: { ETCDTOP_METRICS_URLS: 'https://a:2379/metrics' }, urls: ['http://b:2381/metrics'] },
  ])('%j', async ({ flags, env, urls }) => {
    expect(config(await resolveConnection({ endpoints: 'a:2379', ...flags }, env, kubeadm)).metricsUrls).toEqual(urls);
  });

  it('names the variable of a bad URL', async () => {
    const { message } = problem(await resolveConnection({ endpoints: 'a:2379' }, { ETCDTOP_METRICS_URLS: 'a:2381' }, kubeadm));
    expect(message).toBe('metrics URL "a:2381" in ETCDTOP_METRICS_URLS has no http:// or https:// scheme');
  });
});

describe('nothing to connect to', () => {
  it('returns the detection problem listing where it looked', async () => {
    const root = await tempRoot();
    const { message, hint } = problem(await resolveConnection({}, {}, { root, hostname: 'cp-1' }));
    expect(message).toContain(`${root}/etc/kubernetes/pki/etcd/ca.crt`);
    expect(hint).toContain('--endpoints');
  });
});
