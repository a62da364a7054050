// Certificate expiry read from real TLS handshakes: a 3-member mTLS cluster whose members serve
// clients with certificates the suite makes to expire in 20 days, in 3 days, and 2 days ago
// (peers keep a long-lived one, so the cluster itself is healthy). The expired member cannot be
// talked to with verification, yet its certificate is still read and shown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { makeFakeKubeadmNode } from '../helpers/fake-kubeadm-node.js';
import { memberRow, quit } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const DAY_MS = 86_400_000;
const validFor = (days: number) => ({ notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + days * DAY_MS) });
const EXPIRED = { notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter: new Date(Date.now() - 2 * DAY_MS) };

interface CertJson { subject: string; sans: string[]; issuer: string; notAfter: string; daysLeft: number; expired: boolean }
interface StatusJson {
  members: { id: string; name: string; reachable: boolean; error: { kind: string } | null; certificate: CertJson | null }[];
  clientCertificate: (CertJson & { file: string }) | null;
  verdict: { level: string; findings: { level: string; code: string; message: string; remedy: string; memberId: string | null }[] };
}

let cluster: TestCluster;
const flags = () => ['--endpoints', cluster.endpoints[0]!, '--cacert', cluster.tls!.caCert, '--cert', cluster.tls!.clientCert, '--key', cluster.tls!.clientKey, ...RELAXED_LATENCY];

beforeAll(async () => {
  cluster = await startCluster({ tls: true, servingCerts: [validFor(20), validFor(3), EXPIRED] });
});
let tmux: TmuxSession | undefined;
afterAll(async () => {
  await tmux?.kill();
  await cluster?.stop();
});

describe('certificate expiry', () => {
  it('status -o json: every member\u2019s serving certificate and the client certificate, the expired one too', async () => {
    const result = await runCli(['status', '-o', 'json', ...flags()]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as StatusJson;
    const byName = (name: string) => json.members.find((m) => m.name === name)!;
    expect(byName('etcd-0').certificate).toMatchObject({ subject: 'CN=serving-0', issuer: 'CN=etcdtop-test-ca', daysLeft: 19, expired: false });
    expect(byName('etcd-0').certificate?.sans).toEqual(['IP:127.0.0.1', 'DNS:localhost']);
    expect(byName('etcd-1').certificate).toMatchObject({ subject: 'CN=serving-1', daysLeft: 2, expired: false });
    expect(byName('etcd-2').certificate).toMatchObject({ subject: 'CN=serving-2', daysLeft: -3, expired: true });
    expect(Date.parse(byName('etcd-2').certificate!.notAfter)).toBe(Math.floor(EXPIRED.notAfter.getTime() / 1000) * 1000);
    // etcdtop itself cannot talk to the expired member: verification rejects it.
    expect(byName('etcd-2')).toMatchObject({ reachable: false, error: { kind: 'tls' } });
    expect(json.clientCertificate).toMatchObject({ file: cluster.tls!.clientCert, subject: 'CN=root', expired: false });
    expect(json.clientCertificate!.daysLeft).toBeGreaterThan(390);
    expect(json.verdict.level).toBe('critical');
  });

  it('status: the CERT EXPIRES column and the client certificate line', async () => {
    const result = await runCli(['status', ...flags()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('CERT EXPIRES');
    expect(result.stdout).toMatch(/\| etcd-0 \|.*\|\s+19d \|/);
    expect(result.stdout).toMatch(/\| etcd-1 \|.*\|\s+2d \|/);
    expect(result.stdout).toMatch(/\| etcd-2 \|.*\|\s+EXPIRED \|/);
    expect(result.stdout).toMatch(new RegExp(`^client certificate: ${cluster.tls!.clientCert.replace(/[.]/g, '\\.')}, expires 399d$`, 'm'));
  });

  it('check: CRITICAL for expired and under 7 days, WARNING under 30, each with a renewal remedy', async () => {
    const result = await runCli(['check', ...flags()]);
    expect(result.code).toBe(2);
    const lines = result.stdout.split('\n');
    const line = (name: string) => lines.find((l) => /^(CRITICAL|WARNING) /.test(l) && l.includes(`${name} (`) && l.includes('serving certificate'));
    expect(line('etcd-2')).toMatch(/^CRITICAL etcd-2 \(\w+\): serving certificate expired 2 days ago \(20\d\d-\d\d-\d\dT/);
    expect(line('etcd-1')).toMatch(/^CRITICAL etcd-1 \(\w+\): serving certificate expires in 2 days/);
    expect(line('etcd-0')).toMatch(/^WARNING  etcd-0 \(\w+\): serving certificate expires in 19 days/);
    // Flags name test paths, not a distribution's: the generic remedy.
    expect(line('etcd-0')).toContain('fix: issue a new serving certificate from the cluster\u2019s CA with the same SANs, then restart that member');
  });

  it('thresholds are flags: --cert-warn-days 10 --cert-critical-days 1', async () => {
    const result = await runCli(['check', '-o', 'json', ...flags(), '--cert-warn-days', '10', '--cert-critical-days', '1']);
    const json = JSON.parse(result.stdout) as { findings: { level: string; code: string; memberId?: string }[] };
    const certs = json.findings.filter((f) => f.code === 'certificate-expiry').map((f) => `${f.level}:${f.memberId}`);
    expect(certs.sort()).toEqual([`critical:${cluster.members[2]!.id}`, `warning:${cluster.members[1]!.id}`].sort());
  });

  it('on a kubeadm node the remedy is kubeadm\u2019s renewal command', async () => {
    const root = mkdtempSync(join(tmpdir(), 'etcdtop-kubeadm-'));
    try {
      makeFakeKubeadmNode(root, cluster);
      const result = await runCli(['check', ...RELAXED_LATENCY], { env: { ETCDTOP_DETECT_ROOT: root } });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toMatch(/etcd-1 \(\w+\): serving certificate expires in 2 days .* fix: on that node: kubeadm certs renew etcd-server/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the monitor: a CERT column, and the expired certificate in the banner', async () => {
    tmux = await startMonitor({ args: [...flags()], columns: 160, rows: 40 });
    const screen = await tmux.waitForScreen((text) => /EXPIRED/.test(memberRow(text, 'etcd-2')) && /CRITICAL/.test(text), 30_000);
    expect(screen).toMatch(/CERT/);
    expect(memberRow(screen, 'etcd-0')).toMatch(/ 19d/);
    expect(memberRow(screen, 'etcd-1')).toMatch(/ 2d/);
    // The banner's headline is a certificate finding (both critical ones rank alike: member order).
    expect(screen.split('\n').find((line) => line.includes('CRITICAL'))).toMatch(/CRITICAL\s+etcd-[12] \(\w+\): serving certificate (expired 2 days ago|expires in 2 days)/);
    await quit(tmux);
  });
});
