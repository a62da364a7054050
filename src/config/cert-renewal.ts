// The renewal command of the distribution etcdtop found the certificates of, for the remedy of
// a certificate-expiry finding. Decided from where the files are (detected or given), since
// each distribution keeps them in its own place (local-distributions.ts).
import type { RenewalHints } from '../core/findings-certificates.js';
import type { ConnectionConfig } from './connection-config.js';
import type { Distribution } from './local-distributions.js';

const HINTS: Record<Distribution | 'generic', RenewalHints> = {
  kubeadm: {
    server: 'on that node: kubeadm certs renew etcd-server (and etcd-peer), then restart the etcd static pod (move /etc/kubernetes/manifests/etcd.yaml out and back)',
    client: 'kubeadm certs renew etcd-healthcheck-client (or renew the certificate passed with --cert)',
  },
  k3s: {
    server: 'on that node: systemctl stop k3s && k3s certificate rotate --service etcd && systemctl start k3s (a restart alone renews certificates expiring within 90 days)',
    client: 'on that node: systemctl stop k3s && k3s certificate rotate --service etcd && systemctl start k3s',
  },
  rke2: {
    server: 'on that node: systemctl stop rke2-server && rke2 certificate rotate --service etcd && systemctl start rke2-server',
    client: 'on that node: systemctl stop rke2-server && rke2 certificate rotate --service etcd && systemctl start rke2-server',
  },
  kubespray: {
    server: 'issue a new member certificate from the etcd CA (/etc/ssl/etcd/ssl) with the same SANs, or re-run Kubespray\u2019s etcd role, then restart that member',
    client: 'issue a new admin certificate from the etcd CA (/etc/ssl/etcd/ssl) and pass it with --cert/--key',
  },
  generic: {
    server: 'issue a new serving certificate from the cluster\u2019s CA with the same SANs, then restart that member (etcd reads --cert-file at start)',
    client: 'issue a new client certificate from the cluster\u2019s CA and pass it with --cert/--key',
  },
};

const MARKERS: [string, Distribution][] = [
  ['/etc/kubernetes/pki', 'kubeadm'],
  ['/var/lib/rancher/k3s', 'k3s'],
  ['/var/lib/rancher/rke2', 'rke2'],
  ['/etc/ssl/etcd', 'kubespray'],
];

export function distributionOf(config: Pick<ConnectionConfig, 'source' | 'tls'>): Distribution | undefined {
  const where = `${config.tls?.certFile ?? ''} ${config.tls?.caFile ?? ''} ${config.source}`.toLowerCase();
  if (/\bkubespray\b/.test(where)) return 'kubespray';
  return MARKERS.find(([marker]) => where.includes(marker))?.[1];
}

export function renewalHints(config: Pick<ConnectionConfig, 'source' | 'tls'>): RenewalHints {
  return HINTS[distributionOf(config) ?? 'generic'];
}
