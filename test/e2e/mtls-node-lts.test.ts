// An mTLS cluster addressed by IP (https://127.0.0.1:PORT, as on every kubeadm node) under the Node
// that ETCDTOP_TEST_NODE names (.ci/run runs this file under Node 22, 24 and 26; alone, under
// vitest's own Node). Node ≥ 25 refuses an IP address as the TLS server name: status, check and
// the monitor must still connect, and the certificate must still be checked, CA and IP SAN.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { everyMemberUp } from '../helpers/monitor-screen.js';
import { CLI_NODE, RELAXED_LATENCY, runCli, runCliRecordingAtExit } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';
import { startTlsImpostor, type TlsImpostor } from '../helpers/tls-impostor.js';
import { expectTerminalGivenBack } from '../helpers/terminal-state.js';

const nodeVersion = execFileSync(CLI_NODE, ['--version'], { encoding: 'utf8' }).trim();
const hasDefaultCaApi = execFileSync(CLI_NODE, ['-p', "typeof require('node:tls').getCACertificates"], { encoding: 'utf8' }).trim() === 'function';

/** The fingerprints of the process's default CA certificates when `etcdtop ARGS` exits (tls.getCACertificates). */
async function defaultCasAtExit(args: string[]): Promise<{ code: number | null; stderr: string; fingerprints: string[] }> {
  const { code, stderr, recorded } = await runCliRecordingAtExit<string[]>(args, "process.getBuiltinModule('node:tls').getCACertificates('default')");
  return { code, stderr, fingerprints: recorded.map((pem) => new X509Certificate(pem).fingerprint256) };
}

describe(`mTLS to an IP address under Node ${nodeVersion}`, () => {
  let cluster: TestCluster;
  let impostor: TlsImpostor;
  let tlsFlags: string[];
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ tls: true });
    const t = cluster.tls!;
    tlsFlags = ['--cacert', t.caCert, '--cert', t.clientCert, '--key', t.clientKey];
    impostor = await startTlsImpostor(t);
  });
  afterAll(async () => {
    await tmux?.kill();
    await impostor?.close();
    await cluster?.stop();
  });

  it('runs under the Node it was given', async () => {
    const result = await runCli(['--version']);
    expect(result.stdout).toContain(`(Node.js ${nodeVersion}`);
  });

  it('status -o json: every member reachable, metrics scraped over the same TLS, nothing on stderr', async () => {
    const result = await runCli(['status', '-o', 'json', '--endpoints', cluster.endpoints[0]!, ...tlsFlags]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { quotaKnown: boolean; members: { name: string; reachable: boolean }[] };
    expect(report.members.map((m) => m.name).sort()).toEqual(cluster.members.map((m) => m.name).sort());
    expect(report.members.every((m) => m.reachable)).toBe(true);
    expect(report.quotaKnown).toBe(true);
  });

  it('check says OK with exit 0', async () => {
    const result = await runCli(['check', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints.join(','), ...tlsFlags]);
    expect(result.stdout).toMatch(/^OK: 3 members/);
    expect(result.code).toBe(0);
  });

  it('a CA that did not sign the members is refused', async () => {
    const t = cluster.tls!;
    const result = await runCli(['status', '--endpoints', cluster.endpoints[0]!, '--cacert', t.otherCaCert, '--cert', t.clientCert, '--key', t.clientKey]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^etcdtop: cannot reach etcd: TLS handshake failed: .*(self-signed|unable to verify|certificate)/i);
    expect(result.stderr).not.toMatch(/Node\.js|--use-system-ca/);
  });

  // src/config/process-trust.ts: the first secure context then skips building Node's default
  // store (its roots, and NODE_EXTRA_CA_CERTS when set) only to compare it with its own.
  it.skipIf(!hasDefaultCaApi)('status --cacert makes the given CA the process\'s default trust; without it the default is left alone', async () => {
    const t = cluster.tls!;
    const { code, stderr, fingerprints } = await defaultCasAtExit(['status', '--endpoints', cluster.endpoints[0]!, ...tlsFlags]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(fingerprints).toEqual([new X509Certificate(readFileSync(t.caCert)).fingerprint256]);
    // Without --cacert (a member checked against the system's roots) the default is left alone.
    const unverified = await defaultCasAtExit(['status', '--endpoints', cluster.endpoints[0]!, '--cert', t.clientCert, '--key', t.clientKey]);
    expect(unverified.code).toBe(3);
    expect(unverified.fingerprints.length).toBeGreaterThan(100);
  });

  it('a certificate from the right CA without the IP dialled is refused', async () => {
    const result = await runCli(['status', '--endpoints', impostor.endpoint, ...tlsFlags]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^etcdtop: cannot reach etcd: TLS handshake failed: .*IP: 127\.0\.0\.1 is not in the cert's list/);
  });

  it('the monitor shows every member, then gives the terminal back on q', async () => {
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, ...tlsFlags], echoExitStatus: true });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 30_000);
    await tmux.press('q');
    await expectTerminalGivenBack(tmux);
  });
});
