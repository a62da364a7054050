// `etcdtop check --prometheus` against real Prometheus 2.42 and VictoriaMetrics 1.79, each
// scraping three real etcd clusters: healthy, one member killed, one near its quota.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/etcd-cluster.js';
import { startFleetLab, type FleetLab } from '../helpers/fleet-lab.js';
import { RELAXED_LATENCY, runCli } from '../helpers/run-cli.js';

let lab: FleetLab;

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
    expect(lines.find((l) => l.includes('near-quota'))).toMatch(/^WARNING\s+near-quota\s+.*DB size .* of the 17 MB quota/);
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
  for (const engine of lab.engines) {
    const result = await waitFor(async () => {
      const r = await runCli(['check', '--prometheus', engine.url, '--cluster', 'healthy', ...RELAXED_LATENCY]);
      return r.code === 3 ? r : undefined;
    }, 30_000, `${engine.kind}: healthy reported as no data`, 1000);
    expect(result.stdout).toMatch(/^UNKNOWN\s+healthy\s+no data since \d\d:\d\d UTC/m);
  }
  for (const engine of lab.engines) await engine.setClusters(lab.scraped);
});

it('says what is wrong with a bad --prometheus in one line', async () => {
  const result = await runCli(['check', '--prometheus', 'prometheus:9090']);
  expect(result.stderr).toMatch(/^etcdtop: --prometheus "prometheus:9090" is not an http\(s\) URL\n  hint: /);
  expect(result.code).toBe(3);
});
