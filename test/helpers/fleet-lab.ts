// The fleet the fleet tests share: three real etcd clusters on 127.0.0.1 (healthy, one member
// killed, one near its quota) scraped by both engines with a `cluster` label.
import { startCluster, waitFor, type TestCluster } from './etcd-cluster.js';
import { startEngine, type EngineKind, type MetricsEngine, type ScrapedCluster } from './metrics-engine.js';

export const QUOTA_BYTES = 16 * 1024 * 1024;
// Small steps: the DB file grows in jumps, and one big value can leap past 95 %.
const VALUE = Buffer.alloc(200_000, 'y');

export interface FleetLab {
  clusters: { healthy: TestCluster; degraded: TestCluster; nearQuota: TestCluster };
  scraped: ScrapedCluster[];
  engines: MetricsEngine[];
  stop(): Promise<void>;
}

const hostPort = (url: string) => new URL(url).host;

async function metric(cluster: TestCluster, name: string): Promise<number> {
  const text = await (await fetch(`${cluster.metricsUrls[0]}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0);
}

/**
 * Puts 200 kB values until the DB passes 82 % of the quota (warning, not yet critical at 95 %).
 * The size is read only after a backend commit that followed the put: on a loaded machine the
 * commit lags the put, and reading before it let several more puts through (the DB reached 92 %).
 */
async function fillTo82Percent(cluster: TestCluster): Promise<void> {
  for (let i = 0; (await metric(cluster, 'etcd_mvcc_db_total_size_in_bytes')) <= QUOTA_BYTES * 0.82; i += 1) {
    if (i > 200) throw new Error('the DB did not grow past 82 % of its quota');
    const commits = await metric(cluster, 'etcd_disk_backend_commit_duration_seconds_count');
    const r = await cluster.etcdctl(['put', `fill/${i}`], { input: VALUE });
    if (r.code !== 0) throw new Error(`put failed: ${r.stderr}`);
    await waitFor(async () => (await metric(cluster, 'etcd_disk_backend_commit_duration_seconds_count')) > commits, 10_000, 'a backend commit after the put', 20);
  }
}

export async function startFleetLab(kinds: EngineKind[]): Promise<FleetLab> {
  const started: TestCluster[] = [];
  const engines: MetricsEngine[] = [];
  const stop = async () => {
    await Promise.all(engines.map((e) => e.stop()));
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    const healthy = await startCluster({ namePrefix: 'healthy-' });
    started.push(healthy);
    const degraded = await startCluster({ namePrefix: 'degraded-' });
    started.push(degraded);
    const nearQuota = await startCluster({ members: 1, namePrefix: 'full-', quotaBackendBytes: QUOTA_BYTES });
    started.push(nearQuota);
    await degraded.kill(2);
    await fillTo82Percent(nearQuota);
    const scraped: ScrapedCluster[] = [
      { name: 'healthy', targets: healthy.metricsUrls.map(hostPort) },
      { name: 'degraded', targets: degraded.metricsUrls.map(hostPort) },
      { name: 'near-quota', targets: nearQuota.metricsUrls.map(hostPort) },
    ];
    for (const kind of kinds) engines.push(await startEngine(kind, scraped));
    // Every target scraped at least twice, so rates over the mixin's windows have two samples.
    for (const engine of engines) {
      await waitFor(async () => (await engine.query('count(count_over_time(up[1m]) >= 3)'))[0]?.value[1] === '7', 60_000, `${engine.kind} to scrape all 7 targets`, 500);
    }
    return { clusters: { healthy, degraded, nearQuota }, scraped, engines, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
