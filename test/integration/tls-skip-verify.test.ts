// On the real mTLS test cluster: --insecure-skip-tls-verify (and its ETCDCTL_ variable) reaches
// the gRPC calls, not only the /metrics scrape, and status says verification is off; and a
// missing client certificate is named as such instead of OpenSSL's raw alert text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

interface StatusJson {
  insecureSkipTlsVerify: boolean;
  members: { reachable: boolean; error: { message: string } | null }[];
}

describe('TLS verification and client certificates on an mTLS cluster', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ tls: true });
  });
  afterAll(async () => {
    await tmux?.kill();
    await cluster?.stop();
  });

  const clientFlags = () => ['--cert', cluster.tls!.clientCert, '--key', cluster.tls!.clientKey];

  it.each([
    ['the flag, no --cacert', () => ['--insecure-skip-tls-verify', ...clientFlags()], {}],
    ['the flag, a CA that did not sign the server', () => ['--insecure-skip-tls-verify', '--cacert', cluster.tls!.otherCaCert, ...clientFlags()], {}],
    ['ETCDCTL_INSECURE_SKIP_TLS_VERIFY=true', () => clientFlags(), { ETCDCTL_INSECURE_SKIP_TLS_VERIFY: 'true' }],
  ])('%s: every member answers over gRPC, and status -o json says verification is off', async (_name, flags, env) => {
    const result = await runCli(['status', '-o', 'json', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, ...flags()], { env });
    expect(result.stderr).toBe('');
    expect(result.code, result.stdout).toBe(0);
    const json = JSON.parse(result.stdout) as StatusJson;
    expect(json.members.map((m) => m.error?.message ?? 'ok')).toEqual(['ok', 'ok', 'ok']);
    expect(json.insecureSkipTlsVerify).toBe(true);
  });

  it('the status table says no server certificate was verified; a verified run does not', async () => {
    const skipped = await runCli(['status', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, '--insecure-skip-tls-verify', ...clientFlags()]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/server certificates NOT verified \(--insecure-skip-tls-verify\)/);
    const verified = await runCli(['status', '-o', 'json', ...RELAXED_LATENCY, '--endpoints', cluster.endpoints[0]!, '--cacert', cluster.tls!.caCert, ...clientFlags()]);
    expect((JSON.parse(verified.stdout) as StatusJson).insecureSkipTlsVerify).toBe(false);
  });

  it('only --cacert: "the cluster requires a client certificate", not OpenSSL\'s alert text', async () => {
    const result = await runCli(['status', '--endpoints', cluster.endpoints[0]!, '--cacert', cluster.tls!.caCert]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/the cluster requires a client certificate: pass --cert and --key/);
    expect(result.stderr).not.toMatch(/openssl|tlsv13|alert/i);
  });

  it('the monitor connects with the flag alone (no --cacert) and its banner says TLS UNVERIFIED', async () => {
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, '--insecure-skip-tls-verify', ...clientFlags(), '--read-only'] });
    const screen = await tmux.waitForScreen((s) => s.includes('LEADER') && s.includes('TLS UNVERIFIED'));
    expect(screen).toMatch(/3\/3 answering/);
    await tmux.press('q');
    await expect.poll(() => tmux!.alive(), { timeout: 5000 }).toBe(false);
  });
});
