// An HTTP server on 127.0.0.1 serving synthetic etcd /metrics for many clusters of 3 to 5 members,
// one path per member (/CLUSTER/MEMBER), so one Prometheus can scrape a 500-cluster fleet from one
// port. The figures vary by cluster (a few leaderless, a few near quota, a few slow) so the fleet
// has something to sort; each answer is the text etcd 3.5 exports for these metrics.
import { createServer, type Server } from 'node:http';
import { DISK_BOUNDS, PEER_BOUNDS } from './etcd-buckets.js';

export interface SyntheticMember {
  cluster: string;
  member: number;
  path: string;
  /** The instance label the scrape config gives it. */
  instance: string;
}

export interface SyntheticFleet {
  url: string;
  members: SyntheticMember[];
  close(): Promise<void>;
}

export function membersOf(cluster: number): number {
  return 3 + (cluster % 3);
}

function histogram(name: string, bounds: number[], typical: number, count: number, extra = ''): string {
  const lines = bounds.map((le) => {
    const share = le === Infinity ? 1 : Math.min(1, Math.max(0, le >= typical ? 0.99 + 0.01 * Math.min(1, le / (typical * 4)) : (le / typical) * 0.5));
    return `${name}_bucket{${extra}le="${le === Infinity ? '+Inf' : le}"} ${Math.round(count * share)}`;
  });
  return `${lines.join('\n')}\n${name}_sum{${extra.replace(/,$/, '')}} ${count * typical}\n${name}_count{${extra.replace(/,$/, '')}} ${count}\n`;
}

/** The /metrics text of one member at scrape number `tick`. */
export function memberMetrics(cluster: number, member: number, tick: number): string {
  const size = membersOf(cluster);
  const id = (cluster * 16 + member + 1).toString(16).padStart(16, '0');
  const leaderless = cluster % 97 === 5;
  const quota = 2 ** 31;
  const db = cluster % 50 === 7 ? quota * 0.88 : 40e6 + (cluster % 10) * 1e6 + tick * 1000;
  const fsync = cluster % 41 === 3 ? 0.05 : 0.002;
  const count = 1000 + tick * 100;
  const peers = Array.from({ length: size }, (_, m) => m).filter((m) => m !== member);
  return [
    `etcd_server_has_leader ${leaderless ? 0 : 1}`,
    `etcd_server_is_leader ${!leaderless && member === 0 ? 1 : 0}`,
    'etcd_server_is_learner 0',
    `etcd_server_id{server_id="${id}"} 1`,
    'etcd_server_version{server_version="3.5.30"} 1',
    `etcd_mvcc_db_total_size_in_bytes ${db}`,
    `etcd_mvcc_db_total_size_in_use_in_bytes ${db * 0.8}`,
    `etcd_server_quota_backend_bytes ${quota}`,
    `etcd_server_leader_changes_seen_total ${1 + (cluster % 13 === 1 ? Math.floor(tick / 2) : 0)}`,
    `etcd_server_proposals_failed_total ${cluster % 29 === 2 ? tick : 0}`,
    'etcd_server_proposals_pending 0',
    `etcd_server_proposals_committed_total ${10_000 + tick * 50}`,
    `etcd_server_proposals_applied_total ${10_000 + tick * 50}`,
    ...peers.map((m) => `etcd_network_peer_sent_failures_total{To="${(cluster * 16 + m + 1).toString(16).padStart(16, '0')}"} 0`),
    histogram('etcd_disk_wal_fsync_duration_seconds', DISK_BOUNDS, fsync, count),
    histogram('etcd_disk_backend_commit_duration_seconds', DISK_BOUNDS, 0.004, count),
    ...peers.map((m) => histogram('etcd_network_peer_round_trip_time_seconds', PEER_BOUNDS, 0.001, count, `To="${(cluster * 16 + m + 1).toString(16).padStart(16, '0')}",`)),
  ].join('\n') + '\n';
}

export async function startSyntheticFleet(clusters: number, port = 0): Promise<SyntheticFleet> {
  const ticks = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const match = /^\/c(\d+)\/m(\d+)$/.exec(req.url ?? '');
    if (!match) {
      res.writeHead(404).end();
      return;
    }
    const tick = (ticks.get(req.url!) ?? 0) + 1;
    ticks.set(req.url!, tick);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(memberMetrics(Number(match[1]), Number(match[2]), tick));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => resolve());
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  const members = Array.from({ length: clusters }, (_, c) => Array.from({ length: membersOf(c) }, (_, m) => ({
    cluster: `fleet-${String(c).padStart(3, '0')}`, member: m, path: `/c${c}/m${m}`, instance: `c${c}-m${m}.etcd:2379`,
  }))).flat();
  return {
    url: `http://127.0.0.1:${boundPort}`,
    members,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A Prometheus scrape config for the synthetic fleet: one target per member, tiers for subsets. */
export function syntheticScrapeConfig(fleet: SyntheticFleet, scrapeIntervalSec: number): string {
  const host = new URL(fleet.url).host;
  const statics = fleet.members.map((m) => {
    const index = Number(m.cluster.slice(6));
    const tiers = `${index < 10 ? ', tier10: "yes"' : ''}${index < 100 ? ', tier100: "yes"' : ''}`;
    return `      - targets: ["${host}"]\n        labels: {cluster: "${m.cluster}", instance: "${m.instance}", __metrics_path__: "${m.path}"${tiers}}`;
  });
  return ['global:', `  scrape_interval: ${scrapeIntervalSec}s`, `  scrape_timeout: ${Math.max(1, scrapeIntervalSec - 1)}s`,
    'scrape_configs:', '  - job_name: etcd', '    static_configs:', ...statics].join('\n') + '\n';
}
