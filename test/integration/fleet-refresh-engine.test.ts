// The fleet refresh's memory against real engines (issue #15): with the optional recording rules
// loaded, Prometheus answers the latencies from the recorded series and the buckets are no longer
// read, with the same figures; a cluster that stops being scraped gets its "last seen" from the
// short window since it was last present, the same as the full lookback gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectFleet, createFleetMemory, type FleetMemory, type FleetQuery } from '../../src/core/fleet/collect-fleet.js';
import type { FleetCluster } from '../../src/core/fleet/fleet-round.js';
import { HISTOGRAM_SIGNALS, recordingRules, type HistogramSignal } from '../../src/core/fleet/histogram-signals.js';
import { HttpPrometheusClient, type PrometheusClient } from '../../src/prometheus/client.js';
import { waitFor } from '../helpers/etcd-cluster.js';
import { startEngine, type EngineKind, type MetricsEngine } from '../helpers/metrics-engine.js';
import { startSyntheticFleet, syntheticScrapeConfig, type SyntheticFleet } from '../helpers/synthetic-etcd-exporter.js';

const CLUSTERS = 5;
const query: FleetQuery = { clusterLabel: 'cluster', fallbackToJob: false, etcdSelector: 'job="etcd"' };

/** A client that notes every expression it sends. */
function recording(url: string): PrometheusClient & { asked: string[] } {
  const client = new HttpPrometheusClient({ baseUrl: url, headers: {}, timeoutMs: 30_000 });
  const asked: string[] = [];
  return {
    asked,
    query: (expr, at) => (asked.push(expr), client.query(expr, at)),
    queryRange: (...args) => client.queryRange(...args),
    labelValues: (...args) => client.labelValues(...args),
  };
}

async function refresh(client: PrometheusClient, memory: FleetMemory = createFleetMemory()): Promise<FleetCluster[]> {
  const result = await collectFleet(client, query, Date.now, memory);
  if (!result.ok) throw new Error(result.failure.message);
  return result.round.clusters;
}

type Latencies = { at: string } & Partial<Record<HistogramSignal, number>>;

const latencies = (clusters: FleetCluster[]): Latencies[] =>
  clusters.flatMap((c) => c.targets.map((t) => ({ at: `${c.name} ${t.instance}`, ...Object.fromEntries(HISTOGRAM_SIGNALS.map((h) => [h.signal, t.values[h.signal]])) })));

describe.each(['prometheus', 'victoria-metrics'] as EngineKind[])('fleet refresh memory on %s', (kind) => {
  let exporter: SyntheticFleet;
  let engine: MetricsEngine;

  beforeAll(async () => {
    exporter = await startSyntheticFleet(CLUSTERS);
    engine = await startEngine(kind, [], 'etcd', syntheticScrapeConfig(exporter, 1));
    // Enough samples of every member for rate() over the histograms, and more than one 10 s step
    // of the last-seen subquery: a cluster whose whole life and staleness marker fall between two
    // steps has no step that sees it.
    await waitFor(async () => (await engine.query('count(count_over_time(up[1m]) >= 15)'))[0]?.value[1] === String(exporter.members.length), 90_000, `${kind} to scrape every member 15 times`, 500);
  }, 90_000);

  afterAll(async () => {
    await engine?.stop();
    await exporter?.close();
  });

  it.runIf(kind === 'prometheus')('answers the latencies from the recording rules once loaded, with the figures the buckets give', async () => {
    const computed = latencies(await refresh(recording(engine.url)));
    expect(computed.filter((l) => l.walFsyncP99Seconds === undefined)).toEqual([]);
    await engine.setRules(recordingRules(query.etcdSelector));
    // Three evaluations: a refresh asks at a whole second, which may precede the first one.
    for (const { recorded } of HISTOGRAM_SIGNALS) {
      await waitFor(async () => (await engine.query(`count(count_over_time(${recorded}[1m]) >= 3)`))[0]?.value[1] === String(exporter.members.length), 60_000, `${recorded} to answer for every member`, 500);
    }
    const client = recording(engine.url);
    const memory = createFleetMemory();
    await refresh(client, memory);
    const names = exporter.members.map((m) => m.cluster).filter((n, i, all) => all.indexOf(n) === i).sort();
    for (const h of HISTOGRAM_SIGNALS) expect(memory.covered[h.signal], h.signal).toEqual(names);
    client.asked.length = 0;
    const fromRules = latencies(await refresh(client, memory));
    // The buckets are not read for clusters the rules cover.
    const bucketQueries = client.asked.filter((q) => q.includes('_bucket{'));
    expect(bucketQueries).toHaveLength(HISTOGRAM_SIGNALS.length);
    for (const q of bucketQueries) expect(q).toContain(`cluster!~"${names.join('|')}"`);
    expect(fromRules.map((l) => l.at)).toEqual(computed.map((l) => l.at));
    fromRules.forEach((l, i) => {
      // The rule evaluated a moment apart from the refresh before: the same figure within 2 %.
      for (const h of HISTOGRAM_SIGNALS) expect(Math.abs(l[h.signal]! / computed[i]![h.signal]! - 1), `${l.at} ${h.signal}`).toBeLessThan(0.02);
    });
  });

  it('finds when a cluster that stops being scraped was last seen from the window since it was present, as the full lookback does', async () => {
    const client = recording(engine.url);
    const memory = createFleetMemory();
    await refresh(client, memory);
    const gone = exporter.members[0]!.cluster;
    await engine.setScrapeConfig(syntheticScrapeConfig({ ...exporter, members: exporter.members.filter((m) => m.cluster !== gone) }, 1));
    try {
      const silent = await waitFor(async () => {
        client.asked.length = 0;
        const cluster = (await refresh(client, memory)).find((c) => c.name === gone);
        return cluster && cluster.targets.length === 0 ? cluster : undefined;
      }, 30_000, `${gone} without data`, 500);
      const asked = client.asked.filter((q) => q.includes('timestamp(up'));
      expect(asked).toHaveLength(1);
      expect(Number(/\[(\d+)s:10s\]/.exec(asked[0]!)?.[1])).toBeLessThan(6 * 3600);
      expect(silent.lastSeenMs).toBeGreaterThan(Date.now() - 120_000);
      const full = (await refresh(recording(engine.url))).find((c) => c.name === gone);
      expect(Math.abs(full!.lastSeenMs! - silent.lastSeenMs!)).toBeLessThanOrEqual(10_000);
      // Remembered: the next refresh does not ask again, and says the same.
      client.asked.length = 0;
      const again = (await refresh(client, memory)).find((c) => c.name === gone);
      expect(client.asked.filter((q) => q.includes('timestamp(up'))).toEqual([]);
      expect(again!.lastSeenMs).toBe(silent.lastSeenMs);
    } finally {
      await engine.setScrapeConfig(syntheticScrapeConfig(exporter, 1));
    }
  });
});
