import { describe, expect, it } from 'vitest';
import { distributionOf, renewalHints } from '../../src/config/cert-renewal.js';
import { certificateFindings, DAY_MS, expiryText, type CertificateReport } from '../../src/core/findings-certificates.js';
import { defaultThresholds } from '../../src/core/verdict-thresholds.js';
import type { CertificateInfo } from '../../src/etcd/certificates.js';

const NOW_MS = Date.UTC(2026, 11, 5, 12, 0, 0);
const cert = (daysLeft: number): CertificateInfo => ({ subject: 'CN=etcd', sans: ['IP:127.0.0.1'], issuer: 'CN=ca', notBeforeMs: NOW_MS - 300 * DAY_MS, notAfterMs: NOW_MS + daysLeft * DAY_MS });
const HINTS = { server: 'renew the server cert', client: 'renew the client cert' };

function report(memberDays: (number | undefined)[], clientDays?: number): CertificateReport {
  return {
    readAtMs: NOW_MS,
    members: memberDays.map((days, i) => ({ memberId: `m${i}`, name: `etcd-${i}`, endpoint: `https://127.0.0.1:${2379 + i}`, ...(days === undefined ? {} : { certificate: cert(days) }) })),
    ...(clientDays === undefined ? {} : { client: { file: '/pki/client.crt', certificate: cert(clientDays) } }),
  };
}

describe('certificateFindings', () => {
  it.each([
    { days: 365, level: undefined },
    { days: 30, level: undefined },
    { days: 29.9, level: 'warning' },
    { days: 7, level: 'warning' },
    { days: 6.9, level: 'critical' },
    { days: 0.5, level: 'critical' },
    { days: -3, level: 'critical' },
  ])('a serving certificate with $days days left: $level', ({ days, level }) => {
    const findings = certificateFindings(report([days]), defaultThresholds, HINTS);
    expect(findings.map((f) => f.level)).toEqual(level ? [level] : []);
    if (level) expect(findings[0]).toMatchObject({ code: 'certificate-expiry', memberId: 'm0', remedy: 'renew the server cert' });
  });

  it('says when, in days and as a date; an expired one says how long ago', () => {
    const [soon, gone] = certificateFindings(report([3, -2]), defaultThresholds, HINTS);
    expect(soon?.message).toBe('etcd-0 (m0): serving certificate expires in 3 days (2026-12-08T12:00:00Z)');
    expect(gone?.message).toBe('etcd-1 (m1): serving certificate expired 2 days ago (2026-12-03T12:00:00Z)');
  });

  it('judges etcdtop\u2019s own client certificate, with the client remedy; plain http members have none', () => {
    const findings = certificateFindings(report([undefined], 10), defaultThresholds, HINTS);
    expect(findings).toEqual([{ level: 'warning', code: 'certificate-expiry', message: 'etcdtop\u2019s client certificate /pki/client.crt expires in 10 days (2026-12-15T12:00:00Z)'.replace('\u2019', "'"), remedy: 'renew the client cert' }]);
  });

  it('follows the threshold flags', () => {
    const limits = { ...defaultThresholds, certWarnDays: 10, certCriticalDays: 1 };
    expect(certificateFindings(report([20, 5, 0.5]), limits, HINTS).map((f) => `${f.memberId}:${f.level}`)).toEqual(['m1:warning', 'm2:critical']);
  });

  it.each([
    [cert(412), '412d'],
    [cert(0.2), '0d'],
    [cert(-1), 'EXPIRED'],
    [undefined, ''],
  ])('expiryText %#', (certificate, text) => {
    expect(expiryText(certificate, NOW_MS)).toBe(text);
  });
});

describe('renewal hints by distribution', () => {
  it.each([
    [{ source: 'kubeadm (/etc/kubernetes/pki/etcd)', tls: { certFile: '/etc/kubernetes/pki/etcd/healthcheck-client.crt', insecureSkipVerify: false } }, 'kubeadm', /kubeadm certs renew etcd-server/],
    [{ source: 'flags', tls: { certFile: '/var/lib/rancher/k3s/server/tls/etcd/client.crt', insecureSkipVerify: false } }, 'k3s', /k3s certificate rotate --service etcd/],
    [{ source: 'flags', tls: { certFile: '/var/lib/rancher/rke2/server/tls/etcd/client.crt', insecureSkipVerify: false } }, 'rke2', /rke2 certificate rotate --service etcd/],
    [{ source: 'Kubespray (/etc/etcd.env)', tls: { insecureSkipVerify: false } }, 'kubespray', /Kubespray/],
    [{ source: 'flags', tls: { certFile: '/home/me/client.crt', insecureSkipVerify: false } }, undefined, /issue a new serving certificate/],
  ])('%j', (config, distribution, remedy) => {
    expect(distributionOf(config)).toBe(distribution);
    expect(renewalHints(config).server).toMatch(remedy);
  });
});
