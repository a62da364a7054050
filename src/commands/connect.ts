// Shared by every command: flags + environment → ConnectionConfig → gateway → one poll round.
// The etcd client is loaded here, lazily, so that bad input is reported before grpc loads.
import type { ConnectionArgs } from '../cli/connection-options.js';
import type { ConfigProblem, ConfigResult, ConnectionConfig } from '../config/connection-config.js';
import { tlsMaterialProblem } from '../config/validate-tls.js';
import { resolveConnection } from '../config/resolve-connection.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { collectSnapshot } from '../core/collect-snapshot.js';
import type { CallTimeouts, EtcdGateway, MemberMetrics, Outcome } from '../etcd/gateway.js';

export interface Connection {
  config: ConnectionConfig;
  gateway: EtcdGateway;
  /**
   * One poll round; remembers members seen so a later round survives the seeds going down.
   * `freshMetrics` scrapes /metrics even if the last scrape is recent (`check`'s second scrape).
   */
  collect(options?: { freshMetrics?: boolean }): Promise<ClusterSnapshot>;
}

export type ConnectResult = { ok: true; connection: Connection } | { ok: false; problem: ConfigProblem };

/** Where auto-detection looks for kubeadm/k3s/RKE2/Kubespray files; a folder other than / is for tests and chroots. */
export function detectionRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.ETCDTOP_DETECT_ROOT || undefined;
}

/** Flags + environment (+ detection) → a configuration whose TLS files are known to parse. */
export async function resolveConfig(args: ConnectionArgs): Promise<ConfigResult> {
  const root = detectionRoot();
  const resolved = await resolveConnection(args, process.env, root ? { root } : {});
  if (!resolved.ok) return resolved;
  const problem = tlsMaterialProblem(resolved.config.tls);
  return problem ? { ok: false, problem } : resolved;
}

export async function connect(args: ConnectionArgs): Promise<ConnectResult> {
  const resolved = await resolveConfig(args);
  if (!resolved.ok) return resolved;
  return { ok: true, connection: await openConnection(resolved.config) };
}

/** Loads the etcd client (lazily: grpc and protobuf take a few hundred ms) and binds a poll round to it. */
/** How often the monitor scrapes /metrics; status, health and alarms are asked every round. */
export const METRICS_EVERY_MS = 5_000;

export async function openConnection(config: ConnectionConfig, timeouts: Partial<CallTimeouts> = {}): Promise<Connection> {
  const { Etcd3Gateway, defaultTimeouts } = await import('../etcd/etcd3-gateway.js');
  const gateway = new Etcd3Gateway(config, { ...defaultTimeouts(config.commandTimeoutMs), ...timeouts });
  let knownEndpoints: string[] = [];
  let metricsScrapedAtMs = Number.NEGATIVE_INFINITY;
  let lastMetrics = new Map<string, Outcome<MemberMetrics>>();
  let lastUnmatched: ClusterSnapshot['unmatchedMetricsUrls'];
  const collect = async (options: { freshMetrics?: boolean } = {}) => {
    const nowMs = Date.now();
    // While a defragment runs somewhere, every round: its end frees the member, and the quorum
    // rules must not keep counting it as blocked for up to METRICS_EVERY_MS longer.
    const defragRunning = [...lastMetrics.values()].some((metrics) => metrics.ok && metrics.value.defragInflight);
    const scrape = options.freshMetrics === true || defragRunning || nowMs - metricsScrapedAtMs >= METRICS_EVERY_MS;
    const snapshot = await collectSnapshot(gateway, {
      seedEndpoints: config.endpoints,
      metricsUrls: config.metricsUrls,
      knownEndpoints,
      ...(scrape ? {} : { reuseMetrics: lastMetrics }),
      now: () => nowMs,
    });
    if (snapshot.discovery.ok) knownEndpoints = snapshot.members.flatMap((m) => (m.endpoint ? [m.endpoint] : []));
    if (scrape) {
      metricsScrapedAtMs = nowMs;
      lastMetrics = new Map(snapshot.members.flatMap((m) => (m.metrics ? [[m.member.id, m.metrics] as const] : [])));
      lastUnmatched = snapshot.unmatchedMetricsUrls;
    }
    // Rounds that reuse metrics also reuse what the last scrape could not match.
    return !scrape && lastUnmatched ? { ...snapshot, unmatchedMetricsUrls: lastUnmatched } : snapshot;
  };
  return { config, gateway, collect };
}
