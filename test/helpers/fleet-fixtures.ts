// A fake Prometheus for the fleet core: answers each signal's query from per-cluster, per-target
// figures, the way a real backend groups them by the cluster and instance labels.
import type { Outcome } from '../../src/etcd/gateway.js';
import type { Answer, InstantSample, PrometheusClient, RangeSeries } from '../../src/prometheus/client.js';
import { signalQueries, type MemberSignal } from '../../src/core/fleet/fleet-signals.js';
import { HISTOGRAM_SIGNALS, RECORDED_MARK } from '../../src/core/fleet/histogram-signals.js';

export interface FakeTarget {
  instance: string;
  up?: number;
  id?: string;
  version?: string;
  values?: Partial<Record<MemberSignal, number>>;
}

export interface FakeFleet {
  [cluster: string]: FakeTarget[];
}

export interface FakeOptions {
  label?: string;
  warnings?: string[];
  known?: string[];
  lastSeen?: Record<string, number>;
  failing?: MemberSignal[];
  /** Clusters whose latency recording rules exist: their latencies come marked as recorded. */
  recorded?: string[];
}

const ok = <T>(data: T, warnings: string[] = []): Outcome<Answer<T>> => ({ ok: true, value: { data, warnings }, latencyMs: 1 });

export class FakePrometheus implements PrometheusClient {
  readonly queries: string[] = [];
  constructor(private fleet: FakeFleet, private readonly options: FakeOptions = {}) {}

  setFleet(fleet: FakeFleet): void {
    this.fleet = fleet;
  }

  async labelValues(label: string): Promise<Outcome<Answer<string[]>>> {
    this.queries.push(`label:${label}`);
    const known = [...new Set([...Object.keys(this.fleet), ...(this.options.known ?? [])])];
    return ok(label === (this.options.label ?? 'cluster') ? known : []);
  }

  async query(expr: string): Promise<Outcome<Answer<InstantSample[]>>> {
    this.queries.push(expr);
    const label = this.options.label ?? 'cluster';
    if (expr.startsWith('max by') && expr.includes('timestamp(up')) {
      return ok(Object.entries(this.options.lastSeen ?? {}).map(([name, seconds]) => ({ labels: { [label]: name }, value: seconds })));
    }
    const signal = signalQueries({ clusterLabel: label, etcdSelector: 'job=~".*etcd.*"' }).find((q) => sameMetric(q.expr, expr))?.signal;
    if (signal && this.options.failing?.includes(signal)) return { ok: false, failure: { kind: 'timeout', message: 'no answer within 10000 ms' }, latencyMs: 1 };
    const samples: InstantSample[] = [];
    const [only, excluded] = [matched(expr, `${label}=~`), matched(expr, `${label}!~`)];
    const histogram = HISTOGRAM_SIGNALS.some((h) => h.signal === signal);
    for (const [cluster, targets] of Object.entries(this.fleet)) {
      const recorded = histogram && (this.options.recorded ?? []).includes(cluster);
      if ((only && !only.includes(cluster)) || (excluded?.includes(cluster) && !recorded)) continue;
      for (const t of targets) {
        const labels = { [label]: cluster, instance: t.instance, job: 'kube-etcd', ...(recorded ? { [RECORDED_MARK]: 'rule' } : {}) };
        if (signal === 'up') samples.push({ labels, value: t.up ?? 1 });
        else if ((t.up ?? 1) !== 1) continue;
        else if (signal === 'serverId' && t.id) samples.push({ labels: { ...labels, server_id: t.id }, value: 1 });
        else if (signal === 'version' && t.version) samples.push({ labels: { ...labels, server_version: t.version }, value: 1 });
        else if (signal && t.values?.[signal] !== undefined) samples.push({ labels, value: t.values[signal]! });
      }
    }
    return ok(samples, this.options.warnings ?? []);
  }

  async queryRange(): Promise<Outcome<Answer<RangeSeries[]>>> {
    return ok([]);
  }
}

/** The values of a cluster regex matcher in a query (names without regex characters), if any. */
function matched(expr: string, matcher: string): string[] | undefined {
  const at = expr.indexOf(`${matcher}"`);
  return at < 0 ? undefined : expr.slice(at + matcher.length + 1).split('"')[0]!.split('|');
}

/** The metric part of a query, with the cluster filters dropped, identifies its signal. */
function sameMetric(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/,[a-z]+[=!]~"[^"]*"/g, '');
  return strip(a) === strip(b);
}

/** A healthy 3-target cluster: one leader, small DB, fast disks. */
export function healthyTargets(prefix: string): FakeTarget[] {
  return [0, 1, 2].map((i) => ({
    instance: `${prefix}-${i}:2379`,
    id: `${prefix}${i}`.padEnd(16, '0').slice(0, 16),
    version: '3.5.30',
    values: {
      hasLeader: 1, isLeader: i === 0 ? 1 : 0, isLearner: 0, dbSizeBytes: 50e6, dbInUseBytes: 40e6, quotaBytes: 2 ** 31,
      dbGrowthBytesPerSecond: 0, leaderChanges15m: 0, leaderChanges1h: 0, walFsyncP99Seconds: 0.004, backendCommitP99Seconds: 0.008,
      peerRoundTripP99Seconds: 0.002, proposalsFailed15m: 0, proposalsPending: 0, raftCommittedIndex: 1000, raftAppliedIndex: 1000,
    },
  }));
}
