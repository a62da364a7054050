// `etcdtop check --prometheus` and the `etcdtop fleet` screen (in tmux) against real Prometheus
// 2.42 and VictoriaMetrics 1.79, each scraping three real etcd clusters: healthy, one member
// killed, one near its quota. One lab for the whole file: engines and clusters are shared.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/etcd-cluster.js';
import { startFleetLab, type FleetLab } from '../helpers/fleet-lab.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

let lab: FleetLab;

/** Moves the selection (which follows a cluster's name, not its row) onto `name`: to the top, then down. */
async function selectCluster(tmux: TmuxSession, name: string): Promise<void> {
  await tmux.pressEach(['k', 'k', 'k']);
  const lines = (await tmux.waitForScreen(/\u203a /, 5_000)).split('\n').filter((l) => /^(\u203a | {2})(OK|WARNING|CRITICAL|UNKNOWN|NO DATA)\s/.test(l));
  const index = lines.findIndex((l) => new RegExp(`\\s${name}\\s`).test(l));
  expect(index, `${name} on the screen`).toBeGreaterThanOrEqual(0);
  await tmux.pressEach(Array.from({ length: index }, () => 'j'));
  await tmux.waitForScreen(new RegExp(`^\u203a \\S+(?: DATA)?\\s+${name}\\s`, 'm'), 5_000);
}

beforeAll(async () => {
  lab = await startFleetLab(['prometheus', 'victoria-metrics']);
}, 180_000);

afterAll(async () => {
  await lab?.stop();
});

interface CheckJson {
  level: string;
  exitCode: number;
  clusters: { name: string; verdict: { level: string; findings: { code: string; message: string }[] }; alarmsKnown: boolean; lastSeen: string | null }[];
}

describe.each(['prometheus', 'victoria-metrics'] as const)('check --prometheus against %s', (kind) => {
  const engine = () => lab.engines.find((e) => e.kind === kind)!;

  it('prints one line per cluster that is not OK and exits with the worst level', async () => {
    const result = await runCli(['check', '--prometheus', engine().url, ...RELAXED_LATENCY]);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines.find((l) => l.includes('degraded'))).toMatch(/^WARNING\s+degraded\s+.*voting members reachable.*one more failure loses quorum/);
    expect(lines.find((l) => l.includes('near-quota'))).toMatch(/^WARNING\s+near-quota\s+.*DB size .* of the 16 MiB quota/);
    expect(lines.some((l) => /^\S+\s+healthy\s/.test(l))).toBe(false);
    expect(lines.at(-1)).toBe('WARNING: 3 clusters: 2 warning, 1 ok');
    expect(result.code).toBe(1);
  });

  it('gives {clusters: [{name, verdict: {level, findings}}]} with -o json, and checks one cluster with --cluster', async () => {
    const all = await runCli(['check', '--prometheus', engine().url, '-o', 'json', ...RELAXED_LATENCY]);
    const json = JSON.parse(all.stdout) as CheckJson;
    const byName = Object.fromEntries(json.clusters.map((c) => [c.name, c]));
    expect(byName.healthy?.verdict).toEqual({ level: 'ok', findings: [] });
    expect(byName.degraded?.verdict.findings.map((f) => f.code)).toEqual(['quorum-at-risk', 'member-unreachable']);
    // The killed member's peers cannot reach it either: the scrape failure is a dead member.
    expect(byName.degraded?.verdict.findings[1]?.message).toMatch(/scrape fails \(up == 0\): its peers fail to reach a member too: etcd itself is down/);
    expect(byName['near-quota']?.verdict.findings.map((f) => f.code)).toEqual(['db-near-quota']);
    expect(byName.healthy?.alarmsKnown).toBe(false);
    expect(all.code).toBe(1);
    const one = await runCli(['check', '--prometheus', engine().url, '--cluster', 'healthy', '-o', 'json', ...RELAXED_LATENCY]);
    expect((JSON.parse(one.stdout) as CheckJson).clusters.map((c) => c.name)).toEqual(['healthy']);
    expect(one.code).toBe(0);
  });
});

it('turns a cluster that stops being scraped into "no data since HH:MM", never OK', async () => {
  const remaining = lab.scraped.filter((c) => c.name !== 'healthy');
  for (const engine of lab.engines) await engine.setClusters(remaining);
  try {
    for (const engine of lab.engines) {
      const result = await waitFor(async () => {
        const r = await runCli(['check', '--prometheus', engine.url, '--cluster', 'healthy', ...RELAXED_LATENCY]);
        return r.code === 3 ? r : undefined;
      }, 30_000, `${engine.kind}: healthy reported as no data`, 1000);
      // "since HH:MM" needs the engine's last-seen answer; Prometheus 2.42 in this lab sometimes
      // has none in the first seconds after the target goes (not reproduced alone): the cluster
      // is UNKNOWN "no data" either way, never OK.
      expect(result.stdout, engine.kind).toMatch(/^UNKNOWN\s+healthy\s+no data (since \d\d:\d\d UTC|in the lookback window)/m);
    }
  } finally {
    // Scraped again whatever happened: the screen tests below expect the healthy cluster.
    for (const engine of lab.engines) await engine.setClusters(lab.scraped);
  }
});

it('says what is wrong with a bad --prometheus in one line', async () => {
  const result = await runCli(['check', '--prometheus', 'prometheus:9090']);
  expect(result.stderr).toMatch(/^etcdtop: --prometheus "prometheus:9090" is not an http\(s\) URL\n  hint: /);
  expect(result.code).toBe(3);
});

describe.each(['prometheus', 'victoria-metrics'] as const)('the fleet screen on %s', (kind) => {
  it('shows one row per cluster worst first, a cluster\'s members and history on Enter, the live monitor on m', async () => {
    const engine = lab.engines.find((e) => e.kind === kind)!;
    const clustersFile = join(lab.clusters.healthy.dir, `fleet-clusters-${kind}.json`);
    writeFileSync(clustersFile, JSON.stringify({ clusters: { healthy: { endpoints: lab.clusters.healthy.endpoints.join(',') } } }));
    const tmux = await startMonitor({ args: ['fleet', '--prometheus', engine.url, '--refresh', '2s', '--clusters', clustersFile, '--no-color', ...RELAXED_LATENCY], columns: 160, rows: 40 });
    try {
      const list = await tmux.waitForScreen(/OK\s+healthy/, 30_000);
      const lines = list.split('\n');
      const at = (name: string) => lines.findIndex((l) => new RegExp(`\\s${name}\\s`).test(l));
      expect(lines[at('degraded')]).toMatch(/WARNING\s+degraded\s+yes\s+2\/3\s/);
      expect(lines[at('near-quota')]).toMatch(/WARNING\s+near-quota\s+yes\s+1\/1\s.*\s8\d%\s/);
      expect(at('healthy')).toBeGreaterThan(at('degraded'));
      expect(list).toMatch(/UP counts scrape targets, not raft members/);
      await selectCluster(tmux, 'degraded');
      await tmux.press('Enter');
      const detail = await tmux.waitForScreen(/targets up/, 20_000);
      expect(detail).toMatch(/SCRAPE FAILING\s+Prometheus' scrape fails \(up == 0\)/);
      expect(detail).toMatch(/alarms: unknown \(etcd before 3\.6/);
      await tmux.press('m');
      await tmux.waitForScreen(/no entry for "degraded"/, 5_000);
      await tmux.press('Escape');
      await tmux.waitForScreen(/OK\s+healthy/, 5_000);
      await selectCluster(tmux, 'healthy');
      await tmux.press('m');
      await tmux.waitForScreen(/3\/3 answering/, 30_000);
      await tmux.press('q');
      await tmux.waitForScreen(/OK\s+healthy/, 15_000);
      // A cluster that stops being scraped turns into NO DATA within two refreshes.
      await engine.setClusters(lab.scraped.filter((c) => c.name !== 'near-quota'));
      await tmux.waitForScreen(/NO DATA\s+near-quota\s+n\/a\s+n\/a.*\d\d:\d\d/, 15_000);
      await engine.setClusters(lab.scraped);
      await tmux.press('q');
      await waitFor(async () => !(await tmux.alive()), 5_000, 'fleet to quit');
    } finally {
      await tmux.kill();
    }
  });
});
