// `etcdtop status` and `check` against a FAKE etcd 3.6 (grpc-js servers in this test process
// answering Status with fields 11–13 as etcd 3.6 encodes them; no 3.6 is packaged here), run as
// the npm build (bin/etcdtop.js) and as the single-file bundle: both must read what 3.6 adds.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeEtcd36, type FakeCluster36, type FakeMember36 } from '../helpers/fake-etcd36.js';
import { cleanEnv, runCli, type CliResult } from '../helpers/run-cli.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GIB = 1024n ** 3n;

// Half an upgrade from 3.5 (etcd-2 still answers like 3.5), and a downgrade to 3.5 started.
const downgrading: FakeMember36[] = [
  { name: 'etcd-0', id: 0x8e9e05c52164694dn, version: '3.6.4', storageVersion: '3.6.0', dbSizeQuota: 8n * GIB, downgrade: { enabled: true, targetVersion: '3.5' } },
  { name: 'etcd-1', id: 0x91bc3c398fb3c146n, version: '3.6.4', storageVersion: '3.6.0', dbSizeQuota: 8n * GIB, downgrade: { enabled: true, targetVersion: '3.5' } },
  { name: 'etcd-2', id: 0xfd422379fda50e48n, version: '3.5.30', as35: true },
];
// 3.6.0–3.6.5 without --quota-backend-bytes send dbSizeQuota 0: the metric has the quota.
const noQuotaFlag: FakeMember36[] = [
  { name: 'etcd-0', id: 0x4c95f7dc5897214an, version: '3.6.2', storageVersion: '3.6.0', dbSizeQuota: 0n, metricQuotaBytes: 4 * 1024 ** 3 },
  { name: 'etcd-1', id: 0x66fb782b14ae096an, version: '3.6.2', storageVersion: '3.6.0', dbSizeQuota: 0n, metricQuotaBytes: 4 * 1024 ** 3 },
];

type Runner = (args: string[]) => Promise<CliResult | { stdout: string; stderr: string; code: number | null }>;

interface MemberJson {
  name: string;
  version: string;
  storageVersion: string | null;
  downgrade: { enabled: boolean; targetVersion: string } | null;
}

describe('status and check against a FAKE etcd 3.6 server (fields 11–13 encoded as 3.6 does)', () => {
  let work: string;
  let bundle: string;
  let upgrade: FakeCluster36;
  let unknownQuota: FakeCluster36;
  const runners: Record<string, Runner> = {
    'npm build': (args) => runCli(args),
    bundle: (args) => run(process.execPath, [bundle, ...args], { env: cleanEnv() }).then(
      (ok) => ({ ...ok, code: 0 }),
      (error: { stdout: string; stderr: string; code: number }) => error,
    ),
  };
  const flags = (cluster: FakeCluster36) => ['--endpoints', cluster.endpoints[0]!, '--metrics-urls', cluster.metricsUrls.join(',')];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'etcdtop-fake36-'));
    bundle = join(work, 'etcdtop.mjs');
    await run(process.execPath, [join(ROOT, 'scripts/bundle.mjs'), '--outfile', bundle], { cwd: ROOT });
    upgrade = await startFakeEtcd36(downgrading);
    unknownQuota = await startFakeEtcd36(noQuotaFlag);
  });
  afterAll(async () => {
    await upgrade?.stop();
    await unknownQuota?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it.each(['npm build', 'bundle'])('%s: status -o json has each member\'s storage version and downgrade, and the quota 3.6 reports', async (name) => {
    const result = await runners[name]!(['status', '-o', 'json', ...flags(upgrade)]);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { quotaBytes: number; quotaKnown: boolean; members: MemberJson[] };
    expect(report.members.map((m) => [m.name, m.version, m.storageVersion, m.downgrade])).toEqual([
      ['etcd-0', '3.6.4', '3.6.0', { enabled: true, targetVersion: '3.5' }],
      ['etcd-1', '3.6.4', '3.6.0', { enabled: true, targetVersion: '3.5' }],
      ['etcd-2', '3.5.30', null, null],
    ]);
    expect(report).toMatchObject({ quotaBytes: 8 * 1024 ** 3, quotaKnown: true });
  });

  it.each(['npm build', 'bundle'])('%s: the status table has a STORAGE VERSION column and says a downgrade is in progress', async (name) => {
    const result = await runners[name]!(['status', ...flags(upgrade)]);
    const lines = result.stdout.split('\n');
    expect(lines.find((line) => line.includes('ENDPOINT'))).toMatch(/\| +VERSION \| STORAGE VERSION \| +DB SIZE \|/);
    expect(lines.find((line) => line.includes('etcd-0'))).toMatch(/\| +3\.6\.4 \| +3\.6\.0 \|/);
    expect(lines.find((line) => line.includes('etcd-2'))).toMatch(/\| +3\.5\.30 \| +\|/);
    expect(result.stdout).toMatch(/^downgrade: to 3\.5 in progress$/m);
    expect(result.stdout).toMatch(/^quota: 8\.0 GiB$/m);
  });

  it('check names the downgrade and which members run which version, exit 1', async () => {
    const result = await runCli(['check', ...flags(upgrade)]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/a downgrade to 3\.5 is in progress \(reported by etcd-0 \(8e9e05c52164694d\), etcd-1 \(91bc3c398fb3c146\)\); storage version 3\.6\.0 on etcd-0/);
    expect(result.stdout).toContain('members run different etcd versions (an upgrade or downgrade half done): 3.5.30 on etcd-2 (fd422379fda50e48); 3.6.4 on etcd-0 (8e9e05c52164694d), etcd-1 (91bc3c398fb3c146)');
    expect(result.stdout).toContain('etcdctl downgrade cancel');
  });

  it.each(['npm build', 'bundle'])('%s: a dbSizeQuota of 0 (3.6.0–3.6.5, no quota flag) falls back to etcd_server_quota_backend_bytes', async (name) => {
    const result = await runners[name]!(['status', '-o', 'json', ...flags(unknownQuota)]);
    const report = JSON.parse(result.stdout) as { quotaBytes: number; quotaKnown: boolean; members: MemberJson[] };
    expect(report).toMatchObject({ quotaBytes: 4 * 1024 ** 3, quotaKnown: true });
    expect(report.members.map((m) => m.storageVersion)).toEqual(['3.6.0', '3.6.0']);
  });
});
