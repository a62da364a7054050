import { chmod, cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectLocalEtcd, type DetectionResult } from '../../src/config/detect-local-etcd.js';
import { denyingReader, fixture, fixtureLabel, removeTempRoots, runningAsRoot, tempRoot } from './config-fixtures.js';

afterAll(removeTempRoots);

function found(result: DetectionResult) {
  if (!result.found) throw new Error(`expected a detection, got: ${result.problem.message}`);
  return result.detected;
}

function problem(result: DetectionResult) {
  if (result.found) throw new Error(`expected a problem, detected ${result.detected.source}`);
  return result.problem;
}

describe('detectLocalEtcd finds each distribution in its fixture root', () => {
  it.each([
    {
      root: 'kubeadm', hostname: 'cp-1', distribution: 'kubeadm', dir: 'etc/kubernetes/pki/etcd', label: 'kubeadm',
      endpoints: ['https://127.0.0.1:22379'], cert: 'kubeadm healthcheck-client cert', ca: 'kubeadm ca',
    },
    {
      root: 'kubeadm-server-only', hostname: 'cp-1', distribution: 'kubeadm', dir: 'etc/kubernetes/pki/etcd', label: 'kubeadm',
      endpoints: ['https://127.0.0.1:2379'], cert: 'kubeadm-server-only server cert', ca: 'kubeadm-server-only ca',
    },
    {
      root: 'k3s', hostname: 'k3s-1', distribution: 'k3s', dir: 'var/lib/rancher/k3s/server/tls/etcd', label: 'k3s',
      endpoints: ['https://127.0.0.1:2379'], cert: 'k3s client cert', ca: 'k3s server-ca',
    },
    {
      root: 'rke2', hostname: 'rke2-1', distribution: 'rke2', dir: 'var/lib/rancher/rke2/server/tls/etcd', label: 'RKE2',
      endpoints: ['https://127.0.0.1:2379'], cert: 'rke2 client cert', ca: 'rke2 server-ca',
    },
    {
      // etcd.env's own ETCDCTL_* settings win, whatever this machine's hostname says.
      root: 'kubespray', hostname: 'renamed-host', distribution: 'kubespray', dir: 'etc/ssl/etcd/ssl', label: 'Kubespray',
      endpoints: ['https://127.0.0.1:2379'], cert: 'kubespray admin-node1 cert', ca: 'kubespray ca',
    },
    {
      // FQDN hostname, certificates named after the short name; wildcard listener on 12379.
      root: 'kubespray-legacy', hostname: 'cp-1.example.internal', distribution: 'kubespray', dir: 'etc/ssl/etcd/ssl',
      label: 'Kubespray', endpoints: ['https://127.0.0.1:12379'], cert: 'kubespray-legacy admin-cp-1 cert', ca: 'kubespray-legacy ca',
    },
    {
      // No admin certificate for this host: the member's own certificate from etcd.env.
      root: 'kubespray-legacy', hostname: 'someone-else', distribution: 'kubespray', dir: 'etc/ssl/etcd/ssl',
      label: 'Kubespray', endpoints: ['https://127.0.0.1:12379'], cert: 'kubespray-legacy member-cp-1 cert', ca: 'kubespray-legacy ca',
    },
    {
      root: 'kubespray-no-env', hostname: 'node2', distribution: 'kubespray', dir: 'etc/ssl/etcd/ssl', label: 'Kubespray',
      endpoints: ['https://127.0.0.1:2379'], cert: 'kubespray-no-env admin cert', ca: 'kubespray-no-env ca',
    },
  ])('$root (hostname $hostname) → $distribution, $cert', async (row) => {
    const root = fixture(row.root);
    const detected = found(await detectLocalEtcd({ root, hostname: row.hostname }));
    expect(detected.distribution).toBe(row.distribution);
    expect(detected.source).toBe(`${row.label} (${path.join(root, row.dir)})`);
    expect(detected.endpoints).toEqual(row.endpoints);
    expect(fixtureLabel(detected.tls.cert)).toBe(row.cert);
    expect(fixtureLabel(detected.tls.ca)).toBe(row.ca);
    expect(fixtureLabel(detected.tls.key)).toBe(row.cert.replace(/cert$/, 'key'));
    expect(detected.tls.certFile?.startsWith(root)).toBe(true);
    expect(detected.tls.insecureSkipVerify).toBe(false);
  });
});

describe('detectLocalEtcd when nothing usable is found', () => {
  it('lists every place it looked and the flags to pass instead', async () => {
    const root = await tempRoot();
    const { message, hint } = problem(await detectLocalEtcd({ root, hostname: 'cp-1' }));
    for (const looked of [
      'etc/kubernetes/pki/etcd/ca.crt',
      'var/lib/rancher/k3s/server/tls/etcd/server-ca.crt',
      'var/lib/rancher/rke2/server/tls/etcd/server-ca.crt',
      'etc/etcd.env',
      'etc/ssl/etcd/ssl/ca.pem',
    ]) {
      expect(message).toContain(path.join(root, looked));
    }
    expect(hint).toContain('--endpoints');
    expect(hint).toContain('--cacert/--cert/--key');
    expect(hint).toContain('ETCDCTL_ENDPOINTS');
  });

  it('says a CA without a client pair is there but incomplete', async () => {
    const { message, hint } = problem(await detectLocalEtcd({ root: fixture('kubeadm-ca-only'), hostname: 'cp-1' }));
    expect(message).toContain('found kubeadm CA');
    expect(message).toContain('healthcheck-client.crt');
    expect(message).toContain('peer.key');
    expect(hint).toContain('--cert and --key');
  });

  it('names a certificate file that is not PEM', async () => {
    const { message } = problem(await detectLocalEtcd({ root: fixture('kubeadm-bad-key'), hostname: 'cp-1' }));
    expect(message).toContain(fixture('kubeadm-bad-key/etc/kubernetes/pki/etcd/healthcheck-client.key'));
    expect(message).toContain('not a PEM file');
  });

  it('names the Kubespray admin certificate it expected for this host', async () => {
    const { message } = problem(await detectLocalEtcd({ root: fixture('kubespray-no-env'), hostname: 'node3' }));
    expect(message).toContain('found Kubespray CA');
    expect(message).toContain('admin-node3.pem');
  });
});

describe('detectLocalEtcd and permission errors (EACCES)', () => {
  it('says "unreadable: run as root" when the keys are root-only', async () => {
    const readFile = denyingReader((p) => p.endsWith('.key'));
    const { message, hint } = problem(await detectLocalEtcd({ root: fixture('kubeadm'), hostname: 'cp-1', readFile }));
    expect(message).toBe(
      `found kubeadm etcd certificates but ${fixture('kubeadm/etc/kubernetes/pki/etcd/healthcheck-client.key')} is unreadable: permission denied`,
    );
    expect(hint).toContain('run as root');
    expect(hint).toContain('--cacert/--cert/--key');
  });

  it('reports a folder it cannot enter (k3s keeps server/ at 0700) the same way', async () => {
    const readFile = denyingReader((p) => p.includes(`${path.sep}server${path.sep}`));
    const { message } = problem(await detectLocalEtcd({ root: fixture('k3s'), hostname: 'k3s-1', readFile }));
    expect(message).toContain('found k3s etcd certificates but');
    expect(message).toContain('server-ca.crt is unreadable');
  });

  it('prefers a readable distribution over an unreadable one', async () => {
    const root = await tempRoot();
    await cp(fixture('kubeadm'), root, { recursive: true });
    await cp(fixture('k3s'), root, { recursive: true });
    expect(found(await detectLocalEtcd({ root, hostname: 'cp-1' })).distribution).toBe('kubeadm');
    const readFile = denyingReader((p) => p.includes(`${path.sep}kubernetes${path.sep}`));
    expect(found(await detectLocalEtcd({ root, hostname: 'cp-1', readFile })).distribution).toBe('k3s');
  });

  it('never throws, whatever the reader throws', async () => {
    const readFile = async (): Promise<Buffer> => {
      throw 'not even an Error';
    };
    const { message } = problem(await detectLocalEtcd({ root: fixture('kubeadm'), hostname: 'cp-1', readFile }));
    expect(message).toContain('not even an Error');
  });

  // Root reads a mode-000 file anyway, so this real-filesystem check only means something for
  // a non-root user; the injected reader above covers the logic everywhere.
  it.skipIf(runningAsRoot)('handles a real chmod 000 key', async () => {
    const root = await tempRoot();
    await cp(fixture('rke2'), root, { recursive: true });
    const key = path.join(root, 'var/lib/rancher/rke2/server/tls/etcd/client.key');
    await chmod(key, 0o000);
    const { message } = problem(await detectLocalEtcd({ root, hostname: 'rke2-1' }));
    expect(message).toContain(`${key} is unreadable: permission denied`);
  });
});
