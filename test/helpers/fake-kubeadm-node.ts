// A kubeadm control-plane node in a folder, for commands written for one: the test cluster's CA and
// client certificate under kubeadm's names, and an etcd static-pod manifest naming the test
// cluster's client URL. etcdtop's auto-detection reads it through ETCDTOP_DETECT_ROOT; a command
// that names kubeadm's paths or its 127.0.0.1:2379 is pointed at it by forThisMachine().
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCluster } from './etcd-cluster.js';

export const KUBEADM_ETCD_PKI = '/etc/kubernetes/pki/etcd';
/** Where kubeadm's etcd listens for clients on a control-plane node. */
export const KUBEADM_ENDPOINT = 'https://127.0.0.1:2379';

export interface FakeNode {
  /** The node's "/": give it to etcdtop as ETCDTOP_DETECT_ROOT. */
  root: string;
  /** The test cluster member that plays the node's own etcd. */
  endpoint: string;
}

/** Lays out kubeadm's files for member 0 of a TLS cluster under `root`. */
export function makeFakeKubeadmNode(root: string, cluster: TestCluster): FakeNode {
  const tls = cluster.tls;
  if (tls === undefined) throw new Error('a kubeadm node needs a TLS cluster (startCluster({ tls: true }))');
  const pki = join(root, KUBEADM_ETCD_PKI);
  mkdirSync(pki, { recursive: true });
  copyFileSync(tls.caCert, join(pki, 'ca.crt'));
  copyFileSync(tls.clientCert, join(pki, 'healthcheck-client.crt'));
  copyFileSync(tls.clientKey, join(pki, 'healthcheck-client.key'));
  const endpoint = cluster.endpoints[0]!;
  const manifests = join(root, 'etc/kubernetes/manifests');
  mkdirSync(manifests, { recursive: true });
  writeFileSync(join(manifests, 'etcd.yaml'), [
    'apiVersion: v1', 'kind: Pod', 'metadata:', '  name: etcd', '  namespace: kube-system', 'spec:', '  containers:', '  - command:',
    '    - etcd', `    - --advertise-client-urls=${endpoint}`, `    - --listen-client-urls=${endpoint}`, '',
  ].join('\n'));
  return { root, endpoint };
}

/**
 * The only changes made to a README command before it runs: kubeadm's endpoint becomes the test
 * member's, and kubeadm's certificate folder the fake node's. Throws if the result could still
 * reach anything but the test cluster (another host, or the real port 2379).
 */
export function forThisMachine(command: string, node: FakeNode): string {
  const substituted = command.split(KUBEADM_ENDPOINT).join(node.endpoint).split(`${KUBEADM_ETCD_PKI}/`).join(`${join(node.root, KUBEADM_ETCD_PKI)}/`);
  const hosts = [...substituted.matchAll(/\bhttps?:\/\/([^/\s:]+)(?::(\d+))?/g)];
  const stray = hosts.find(([url, host]) => host !== '127.0.0.1' || url === KUBEADM_ENDPOINT);
  if (stray !== undefined || /(^|\s)\/etc\//.test(substituted)) throw new Error(`README command would leave the test machine's sandbox: ${substituted}`);
  return substituted;
}
