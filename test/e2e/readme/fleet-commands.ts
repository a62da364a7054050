// README fleet commands, run against real engines scraping the README's test cluster (the
// kubeadm node's mTLS cluster, /metrics over plain http) with job kube-etcd and cluster prod-eu-1:
// Prometheus 2.42 stands in for kube-prometheus-stack's http://prometheus-operated.monitoring.svc:9090,
// and VictoriaMetrics under /prometheus for Mimir's https://mimir.example.com/prometheus (the
// X-Scope-OrgID header goes along; a single-tenant engine ignores it). Started on first use,
// stopped by stopFleetEngines().
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { waitFor } from '../../helpers/etcd-cluster.js';
import { startEngine, type MetricsEngine } from '../../helpers/metrics-engine.js';
import { openInTerminal, quitWithQ } from './full-screen.js';
import { RELAXED_LATENCY } from '../../helpers/run-cli.js';
import type { ReadmeWorld, Runner } from './world.js';

const KUBE_PROMETHEUS = 'http://prometheus-operated.monitoring.svc:9090';
const MIMIR = 'https://mimir.example.com/prometheus';
const CLUSTER = 'prod-eu-1';

let engines: Promise<{ prometheus: MetricsEngine; mimirLike: MetricsEngine }> | undefined;

async function startEngines(world: ReadmeWorld) {
  const node = await world.node();
  const scraped = [{ name: CLUSTER, targets: node.cluster.metricsUrls.map((u) => new URL(u).host) }];
  const prometheus = await startEngine('prometheus', scraped, 'kube-etcd');
  const mimirLike = await startEngine('victoria-metrics', scraped, 'kube-etcd', undefined, '/prometheus');
  for (const engine of [prometheus, mimirLike]) {
    await waitFor(async () => (await engine.query('count(count_over_time(up{job="kube-etcd"}[1m]) >= 3)'))[0]?.value[1] === '3', 60_000, `${engine.kind} to scrape the cluster`, 500);
  }
  return { prometheus, mimirLike };
}

async function withEngines(world: ReadmeWorld, command: string): Promise<string> {
  const { prometheus, mimirLike } = await (engines ??= startEngines(world));
  return command.replaceAll(KUBE_PROMETHEUS, prometheus.url).replaceAll(MIMIR, mimirLike.url);
}

export async function stopFleetEngines(): Promise<void> {
  const started = await engines?.catch(() => undefined);
  await started?.prometheus.stop();
  await started?.mimirLike.stop();
}

// A fresh test cluster on a CI disk has WAL fsync p99s over etcd's 10 ms guidance.
const RELAXED = ` ${RELAXED_LATENCY.join(' ')}`;

/** `fleet`: the cluster's row is on screen, OK with 3/3 targets up; q ends it. */
export const fleetShowsCluster: Runner = async (world, command) => {
  const line = await withEngines(world, command);
  const node = await world.node();
  writeFileSync(join(world.work, 'clusters.json'), JSON.stringify({ clusters: { [CLUSTER]: { endpoints: node.cluster.endpoints.join(','), cacert: node.cluster.tls!.caCert, cert: node.cluster.tls!.clientCert, key: node.cluster.tls!.clientKey } } }));
  const session = await openInTerminal(world, line + RELAXED, { cwd: world.work });
  await session.waitForScreen(new RegExp(`OK\\s+${CLUSTER}\\s+yes\\s+3/3\\s`), 30_000);
  await quitWithQ(session);
};

/** `check --prometheus -o json`: the cluster, OK, exit 0. */
export const fleetCheckJson: Runner = async (world, command) => {
  const line = await withEngines(world, command);
  const result = await world.sandbox.run(line + RELAXED, { cwd: world.work, env: world.sandbox.env() });
  expect(result.code, result.stderr).toBe(0);
  const json = JSON.parse(result.stdout) as { clusters: { name: string; verdict: { level: string } }[] };
  expect(json.clusters).toEqual([expect.objectContaining({ name: CLUSTER, verdict: { level: 'ok', findings: [] } })]);
};

/** The cron line under /bin/sh: no mail while OK; a mail naming the cluster once a member is killed. */
export const fleetCronMails: Runner = async (world, command) => {
  const node = await world.node();
  const line = (await withEngines(world, command)).replace(/ 2>&1\)/, `${RELAXED} 2>&1)`);
  const cron = () => world.sandbox.run(line, { cwd: world.work, shell: '/bin/sh', env: world.sandbox.env() });
  const before = world.sandbox.mails().length;
  expect((await cron()).code).toBe(0);
  expect(world.sandbox.mails(), 'no mail while every cluster is OK').toHaveLength(before);
  await node.cluster.kill(2);
  try {
    // Until the backend has scraped the failure (one scrape interval), check still says OK.
    const direct = line.replace(/^out=\$\(/, '').replace(/ 2>&1\).*$/, '');
    await waitFor(async () => (await world.sandbox.run(direct, { cwd: world.work, env: world.sandbox.env() })).code === 1 || undefined, 20_000, 'check to see the killed member', 500);
    expect((await cron()).code).toBe(0);
    const mails = world.sandbox.mails();
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)!.args).toEqual(['-s', 'etcd fleet', 'ops@example.com']);
    expect(mails.at(-1)!.body).toMatch(new RegExp(`^WARNING\\s+${CLUSTER}\\s+.*one more failure loses quorum`, 'm'));
  } finally {
    await node.cluster.restart(2);
  }
};
