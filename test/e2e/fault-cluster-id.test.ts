// Fault matrix, "cluster ID changed behind the same address": a real 3-member cluster whose third
// member's address is taken over by a one-member cluster of its own (new data dir, new token),
// with all three endpoints given, as in the incident that made `check` say "OK: 1 member". The
// monitor's banner, `status`, `check` (run several times: discovery must not depend on who answers
// first) must all say CRITICAL with both cluster ids; every maintenance key must be refused and
// run nothing; and once the real member is back, all of it clears.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEtcdJson, startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { appearBoundMs, recordFaultTiming, SCREEN_SLACK_MS, since } from '../helpers/fault-timings.js';
import { auditLines, dialogText, everyMemberUp, key, onDashboard, quit, select } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const INTERVAL_MS = 1000;
const DEADLINE_MS = 1500;
const CHECK_RUNS = 3;

interface StatusJson {
  clusterId: string;
  clusters: { clusterId: string; endpoints: string[]; members: { id: string; name: string }[] }[];
  verdict: { level: string; findings: { code: string; message: string }[] };
}

describe('fault: an endpoint answered by a different cluster (cluster ID changed behind the same address)', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let auditPath: string;
  let ourClusterId: string;
  // Latency findings are another helper's concern and a busy disk must not decide these tests:
  // thresholds far above this machine's worst, so only the fault can change the verdict.
  const args = () => ['--endpoints', cluster.endpoints.join(','), ...RELAXED_LATENCY];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-cluster-id-'));
    auditPath = join(dir, 'audit.log');
    cluster = await startCluster({ namePrefix: 'm-' });
    const status = await runCli(['status', '-o', 'json', ...args()]);
    ourClusterId = (JSON.parse(status.stdout) as StatusJson).clusterId;
    tmux = await startMonitor({ args: [...args(), '--audit-log', auditPath, '--log', join(dir, 'etcdtop.log')], columns: 160, rows: 45 });
    await tmux.waitForScreen(everyMemberUp(cluster.members.map((m) => m.name)), 30_000);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('is CRITICAL everywhere with both ids, refuses maintenance, and clears when the member is back', async () => {
    const taken = cluster.members[2]!;
    await cluster.takeOver(2);
    const inPlaceAt = Date.now();
    const impostor = await cluster.etcdctl(['endpoint', 'status', '-w', 'json'], { endpoints: [taken.clientUrl] });
    const foreignId = BigInt((parseEtcdJson(impostor.stdout) as { Status: { header: { cluster_id: string } } }[])[0]!.Status.header.cluster_id).toString(16);
    expect(foreignId).not.toBe(ourClusterId);

    const bound = appearBoundMs(INTERVAL_MS, DEADLINE_MS);
    const screen = await tmux.waitForScreen(/CRITICAL\s+endpoints answer for 2 different clusters/, bound + SCREEN_SLACK_MS);
    const appearedAfterMs = since(inPlaceAt);
    expect(screen).toContain(`cluster ${ourClusterId} (CLUSTER ID MISMATCH: also ${foreignId})`);

    for (let run = 0; run < CHECK_RUNS; run++) {
      const check = await runCli(['check', ...args()]);
      expect(check.code, check.stdout + check.stderr).toBe(2);
      expect(check.stdout).toMatch(/^CRITICAL: /);
      expect(check.stdout).toContain(`cluster ${ourClusterId} (shown) (3 members: m-0, m-1, m-2) answers at ${cluster.endpoints[0]}, ${cluster.endpoints[1]}`);
      expect(check.stdout).toContain(`cluster ${foreignId} (1 member: m-2) answers at ${taken.clientUrl}`);
    }
    const status = JSON.parse((await runCli(['status', '-o', 'json', ...args()])).stdout) as StatusJson;
    expect(status.clusterId).toBe(ourClusterId);
    expect(status.clusters.map((c) => [c.clusterId, c.endpoints])).toEqual([
      [ourClusterId, [cluster.endpoints[0], cluster.endpoints[1]]],
      [foreignId, [taken.clientUrl]],
    ]);
    expect(status.verdict.level).toBe('critical');
    expect(status.verdict.findings[0]?.code).toBe('cluster-id-mismatch');

    // Every key that changes something is refused, and nothing reaches any member.
    await select(tmux, cluster.members[0]!.name);
    for (const name of ['d', 'c', 'm', 's']) {
      await key(tmux, name);
      const dialog = dialogText(await tmux.waitForScreen(/REFUSED:/, 5000));
      expect(dialog, `key ${name}`).toContain('REFUSED: the endpoints answer for 2 different clusters');
      await key(tmux, 'y');
      await key(tmux, 'Escape');
      await tmux.waitForScreen(onDashboard);
    }
    expect(auditLines(auditPath)).toEqual([]);

    await cluster.restart(2);
    const restoredAt = Date.now();
    await tmux.waitForScreen((s) => everyMemberUp(cluster.members.map((m) => m.name))(s) && !s.includes('MISMATCH'), bound + SCREEN_SLACK_MS);
    recordFaultTiming({ fault: 'cluster ID changed behind the same address', shows: 'CRITICAL endpoints answer for 2 different clusters (both ids, endpoints)', appearedAfterMs, clearedAfterMs: since(restoredAt), boundMs: bound });
    const after = await runCli(['check', ...args()]);
    expect(after.stdout).not.toContain('different clusters');
    expect(after.code, after.stdout).toBe(0);
  });

  it('a one-member cluster replaced behind its address: CLUSTER ID CHANGED, maintenance refused, clears when it is back', async () => {
    // Its only endpoint agrees with itself, so only the session's memory of the cluster it
    // started on can tell that the cluster on screen is another one (a single control-plane
    // node's etcd restored from a snapshot, a load balancer now leading elsewhere).
    const single = await startCluster({ members: 1, namePrefix: 'single-' });
    const singleArgs = ['--endpoints', single.endpoints[0]!, ...RELAXED_LATENCY];
    const singleId = (JSON.parse((await runCli(['status', '-o', 'json', ...singleArgs])).stdout) as StatusJson).clusterId;
    const lone = await startMonitor({ args: [...singleArgs, '--audit-log', auditPath], columns: 160, rows: 45 });
    try {
      await lone.waitForScreen(everyMemberUp(['single-0']), 30_000);
      await single.takeOver(0);
      const screen = await lone.waitForScreen(/CLUSTER ID CHANGED: was /, 30_000);
      expect(screen).toContain(`(CLUSTER ID CHANGED: was ${singleId})`);
      expect(screen).toMatch(new RegExp(`CRITICAL\\s+the endpoints now answer for cluster \\w+, not ${singleId}`));
      expect(screen).toMatch(new RegExp(`cluster ID changed: ${singleId} → \\w+`));
      await key(lone, 'd');
      const dialog = dialogText(await lone.waitForScreen(/REFUSED:/, 5000));
      expect(dialog).toContain('REFUSED: the endpoints now answer for cluster');
      await key(lone, 'y');
      await key(lone, 'Escape');
      await lone.waitForScreen(onDashboard);
      expect(auditLines(auditPath)).toEqual([]);

      await single.restart(0);
      const back = await lone.waitForScreen((s) => everyMemberUp(['single-0'])(s) && !s.includes('CHANGED'), 30_000);
      expect(back).toContain(`cluster ID back to ${singleId}`);
    } finally {
      await quit(lone);
      await single.stop();
    }
  });

  it('an --endpoints entry of a separate one-member cluster: check is CRITICAL with both ids on every run', async () => {
    const other = await startCluster({ members: 1, namePrefix: 'other-' });
    try {
      const otherId = (JSON.parse((await runCli(['status', '-o', 'json', '--endpoints', other.endpoints[0]!, ...RELAXED_LATENCY])).stdout) as StatusJson).clusterId;
      const mixed = ['--endpoints', [cluster.endpoints[0], cluster.endpoints[1], other.endpoints[0]].join(','), ...RELAXED_LATENCY];
      for (let run = 0; run < CHECK_RUNS; run++) {
        const check = await runCli(['check', ...mixed]);
        expect(check.code, check.stdout).toBe(2);
        expect(check.stdout).toContain(`cluster ${ourClusterId} (shown) (3 members: m-0, m-1, m-2) answers at ${cluster.endpoints.join(', ')}`);
        expect(check.stdout).toContain(`cluster ${otherId} (1 member: other-0) answers at ${other.endpoints[0]}`);
      }
      const status = JSON.parse((await runCli(['status', '-o', 'json', ...mixed])).stdout) as StatusJson;
      expect(status.clusterId).toBe(ourClusterId);
      expect(status.clusters.map((c) => c.clusterId)).toEqual([ourClusterId, otherId]);
    } finally {
      await other.stop();
    }
  });
});
