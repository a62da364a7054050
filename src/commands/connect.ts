// Shared by every command: flags + environment → ConnectionConfig → gateway → one poll round.
// The etcd client is loaded here, lazily, so that bad input is reported before grpc loads.
import type { ConnectionArgs } from '../cli/connection-options.js';
import type { ConfigProblem, ConfigResult, ConnectionConfig } from '../config/connection-config.js';
import { trustOnlyTheClusterCa } from '../config/process-trust.js';
import { tlsModule } from '../config/tls-modules.js';
import { tlsMaterialProblem } from '../config/validate-tls.js';
import { resolveConnection } from '../config/resolve-connection.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { collectSnapshot } from '../core/collect-snapshot.js';
import type { CallTimeouts, EtcdGateway, MemberMetrics, Outcome } from '../etcd/gateway.js';
import { defaultTimeouts } from '../etcd/call-timeouts.js';

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
  // Loading node:tls starts Node's parse of its own root certificates (and NODE_EXTRA_CA_CERTS) on
  // a thread, and the first secure context waits for it, even one given --cacert. Started here,
  // that parse runs while the files are checked and the gateway opens, not while the first
  // request waits: 2 ms of a status with client certificates, 5 ms with NODE_EXTRA_CA_CERTS set.
  if (resolved.config.tls) tlsModule();
  const problem = tlsMaterialProblem(resolved.config.tls);
  return problem ? { ok: false, problem } : resolved;
}

/**
 * How a connection reaches etcd: 'grpc' (etcd3, what the monitor and maintenance use), or
 * 'json-first' (etcd's gRPC-JSON gateway for the reads of a poll round, gRPC for the rest and
 * whenever the JSON gateway does not answer): a one-shot command then loads no gRPC at all.
 */
export type Transport = 'grpc' | 'json-first';

/** `status` and `check`: json-first, unless ETCDTOP_ONE_SHOT_TRANSPORT=grpc (troubleshooting, tests). */
export function oneShotTransport(env: NodeJS.ProcessEnv = process.env): Transport {
  return env.ETCDTOP_ONE_SHOT_TRANSPORT === 'grpc' ? 'grpc' : 'json-first';
}

/** `status` and `check`: a process that talks to the cluster's members and nothing else. */
export async function connect(args: ConnectionArgs, transport: Transport = 'grpc'): Promise<ConnectResult> {
  const resolved = await resolveConfig(args);
  if (!resolved.ok) return resolved;
  if (resolved.config.tls?.ca) trustOnlyTheClusterCa(resolved.config.tls.ca);
  return { ok: true, connection: await openConnection(resolved.config, {}, transport) };
}

/** Loads the etcd client (lazily: grpc and protobuf take a few hundred ms) and binds a poll round to it. */
/** How often the monitor scrapes /metrics; status, health and alarms are asked every round. */
export const METRICS_EVERY_MS = 5_000;

async function openGateway(config: ConnectionConfig, timeouts: Partial<CallTimeouts>, transport: Transport): Promise<EtcdGateway> {
  const callTimeouts = { ...defaultTimeouts(config.commandTimeoutMs), ...timeouts };
  const grpc = async () => new (await import('../etcd/etcd3-gateway.js')).Etcd3Gateway(config, callTimeouts);
  if (transport === 'grpc') return grpc();
  const { JsonFirstGateway } = await import('../etcd/json-first-gateway.js');
  return new JsonFirstGateway(config, callTimeouts, grpc);
}

export async function openConnection(config: ConnectionConfig, timeouts: Partial<CallTimeouts> = {}, transport: Transport = 'grpc'): Promise<Connection> {
  const gateway = await openGateway(config, timeouts, transport);
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
