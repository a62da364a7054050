import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestFlag, parseEnvFile, pickLocalClientUrl, splitUrls } from '../../src/config/etcd-config-files.js';
import { fixture } from './config-fixtures.js';

describe('parseEnvFile', () => {
  it('reads KEY=value lines the way systemd EnvironmentFile does', () => {
    const text = [
      '# comment',
      'export A=1',
      'B="two words"',
      "C='/etc/ssl/etcd/ssl/ca.pem'",
      'D=8589934592 # 8 GB',
      'E=',
      'not a pair',
      '  F = spaced ',
      'G=$HOME/not-expanded',
    ].join('\n');
    expect(parseEnvFile(text)).toEqual({
      A: '1',
      B: 'two words',
      C: '/etc/ssl/etcd/ssl/ca.pem',
      D: '8589934592',
      E: '',
      F: 'spaced',
      G: '$HOME/not-expanded',
    });
  });

  it('reads the Kubespray fixture', () => {
    const env = parseEnvFile(readFileSync(fixture('kubespray/etc/etcd.env'), 'utf8'));
    expect(env.ETCDCTL_CERT).toBe('/etc/ssl/etcd/ssl/admin-node1.pem');
    expect(env.ETCD_LISTEN_CLIENT_URLS).toBe('https://10.0.0.11:2379,https://127.0.0.1:2379');
    expect(env.ETCD_QUOTA_BACKEND_BYTES).toBe('8589934592');
  });
});

describe('manifestFlag', () => {
  const manifest = readFileSync(fixture('kubeadm/etc/kubernetes/manifests/etcd.yaml'), 'utf8');

  it.each([
    ['listen-client-urls', 'https://10.0.0.5:2379,https://127.0.0.1:22379'],
    ['advertise-client-urls', 'https://10.0.0.5:2379'],
    ['cert-file', '/etc/kubernetes/pki/etcd/server.crt'],
    ['listen-peer-urls', 'https://10.0.0.5:2380'],
    ['no-such-flag', undefined],
  ])('--%s', (flag, expected) => {
    expect(manifestFlag(manifest, flag)).toBe(expected);
  });

  it('accepts quoted items', () => {
    expect(manifestFlag('    - "--listen-client-urls=https://127.0.0.1:2379"\n', 'listen-client-urls')).toBe('https://127.0.0.1:2379');
  });

  it('does not take the annotation for the flag', () => {
    expect(manifestFlag('    kubeadm.kubernetes.io/etcd.advertise-client-urls: https://1.2.3.4:2379\n', 'advertise-client-urls')).toBeUndefined();
  });
});

describe('pickLocalClientUrl', () => {
  it.each([
    ['loopback listener first', 'https://10.0.0.5:2379,https://127.0.0.1:2379', 'https://10.0.0.5:2379', 'https://127.0.0.1:2379'],
    ['localhost counts as loopback', 'https://localhost:2379', '', 'https://localhost:2379'],
    ['IPv6 loopback', 'https://[::1]:2379', '', 'https://[::1]:2379'],
    ['wildcard listener → loopback on its port', 'https://0.0.0.0:12379', 'https://10.0.0.5:12379', 'https://127.0.0.1:12379'],
    ['IPv6 wildcard', 'http://[::]:2379', '', 'http://127.0.0.1:2379'],
    ['else the advertised URL', 'https://10.0.0.5:2379', 'https://etcd-1:2379', 'https://etcd-1:2379'],
    ['else the listened one', 'https://10.0.0.5:2379', '', 'https://10.0.0.5:2379'],
    ['nothing at all', '', '', undefined],
  ])('%s', (_name, listen, advertise, expected) => {
    expect(pickLocalClientUrl(splitUrls(listen), splitUrls(advertise))).toBe(expected);
  });
});
