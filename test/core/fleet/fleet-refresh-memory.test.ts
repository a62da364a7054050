// What a fleet refresh remembers for the next one (issue #15: 500 clusters in under a second):
// the latency queries in etcd-mixin's form with an optional recording rule, and "last seen"
// asked once per silent cluster. The answers must be the same as without the memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectFleet, createFleetMemory, type FleetMemory, type FleetQuery } from '../../../src/core/fleet/collect-fleet.js';
import { lastSeenQuery, signalQueries } from '../../../src/core/fleet/fleet-signals.js';
import { HISTOGRAM_SIGNALS, histogramQuery, recordingRules } from '../../../src/core/fleet/histogram-signals.js';
import { createLastSeenMemory, lastSeenAsks } from '../../../src/core/fleet/last-seen.js';
import { FakePrometheus, healthyTargets, type FakeFleet, type FakeOptions } from '../../helpers/fleet-fixtures.js';

const NOW_MS = Date.UTC(2026, 11, 5, 18, 0, 0);
const SIX_HOURS = 6 * 3600;
const query: FleetQuery = { clusterLabel: 'cluster', fallbackToJob: false, etcdSelector: 'job=~".*etcd.*"' };

async function refresh(client: FakePrometheus, memory: FleetMemory, atMs = NOW_MS) {
  const before = client.queries.length;
  const result = await collectFleet(client, query, () => atMs, memory);
  if (!result.ok) throw new Error(result.failure.message);
  return { round: result.round, asked: client.queries.slice(before) };
}

const lastSeenAsked = (asked: string[]) => asked.filter((q) => q.includes('timestamp(up'));

describe('fleet queries', () => {
  it('asks each latency as etcd-mixin\u2019s alert does: p99 of rate over 5 m per series, the worst peer per member', () => {
    const peer = HISTOGRAM_SIGNALS.find((h) => h.signal === 'peerRoundTripP99Seconds')!;
    const expr = histogramQuery(peer, { clusterLabel: 'cluster', etcdSelector: 'job=~".*etcd.*"' });
    expect(expr).toContain('max by (cluster, instance) (histogram_quantile(0.99, rate(etcd_network_peer_round_trip_time_seconds_bucket{job=~".*etcd.*"}[5m])))');
    expect(expr).not.toMatch(/sum by/);
    // The recorded series first; the buckets only where the rule gave nothing.
    expect(expr).toMatch(/^label_replace\(max by \(cluster, instance\) \(instance:etcd_network_peer_round_trip_time_seconds:worst_peer_p99_rate5m\{job=~"\.\*etcd\.\*"\}\), "etcdtop_source", "rule", "", ""\) or on \(cluster, instance\) /);
  });

  it('leaves the clusters a rule answered out of the bucket query, and only there', () => {
    const queries = signalQueries({ clusterLabel: 'cluster', etcdSelector: 'job="etcd"' }, { walFsyncP99Seconds: ['a', 'b.c'] });
    const wal = queries.find((q) => q.signal === 'walFsyncP99Seconds')!.expr;
    expect(wal).toContain('rate(etcd_disk_wal_fsync_duration_seconds_bucket{job="etcd",cluster!~"a|b\\\\.c"}[5m])');
    expect(wal).toContain('instance:etcd_disk_wal_fsync_duration_seconds:p99_rate5m{job="etcd"}');
    expect(queries.filter((q) => q.expr.includes('!~'))).toHaveLength(1);
  });

  it('offers recording rules whose expressions are the ones the fleet would compute', () => {
    const rules = recordingRules('job=~".*etcd.*"');
    for (const h of HISTOGRAM_SIGNALS) expect(rules).toContain(`record: ${h.recorded}`);
    expect(rules).toContain('max without (To) (histogram_quantile(0.99, rate(etcd_network_peer_round_trip_time_seconds_bucket{job=~\\".*etcd.*\\"}[5m])))');
  });
});

describe('fleet refresh memory', () => {
  const fleet: FakeFleet = { a: healthyTargets('a'), b: healthyTargets('b') };

  it('reads the buckets only for clusters without the rule once a refresh has seen which have it, with the same figures', async () => {
    const client = new FakePrometheus(fleet, { recorded: ['a'] });
    const memory = createFleetMemory();
    const first = await refresh(client, memory);
    const second = await refresh(client, memory);
    const plain = await refresh(new FakePrometheus(fleet), createFleetMemory());
    expect(memory.covered).toEqual({ walFsyncP99Seconds: ['a'], backendCommitP99Seconds: ['a'], peerRoundTripP99Seconds: ['a'] });
    expect(first.asked.filter((q) => q.includes('!~'))).toEqual([]);
    expect(second.asked.filter((q) => q.includes('cluster!~"a"'))).toHaveLength(3);
    expect(second.round.queryCount).toBe(first.round.queryCount);
    expect(second.round.clusters).toEqual(plain.round.clusters);
  });

  it('computes from the buckets at once for a cluster whose rule stopped answering', async () => {
    const options: FakeOptions = { recorded: ['a'] };
    const client = new FakePrometheus(fleet, options);
    const memory = createFleetMemory();
    await refresh(client, memory);
    options.recorded = [];
    const { round, asked } = await refresh(client, memory);
    expect(asked.filter((q) => q.includes('cluster=~"a"'))).toHaveLength(3);
    expect(round.clusters.find((c) => c.name === 'a')!.targets.every((t) => t.values.peerRoundTripP99Seconds === 0.002)).toBe(true);
    expect(memory.covered.walFsyncP99Seconds).toEqual([]);
  });

  it('asks when a silent cluster was last seen once, over the lookback, and remembers it', async () => {
    const client = new FakePrometheus({ a: healthyTargets('a') }, { known: ['gone'], lastSeen: { gone: NOW_MS / 1000 - 600 } });
    const memory = createFleetMemory();
    const first = await refresh(client, memory);
    const second = await refresh(client, memory, NOW_MS + 30_000);
    expect(lastSeenAsked(first.asked)).toEqual([lastSeenQuery({ clusterLabel: 'cluster', etcdSelector: query.etcdSelector, clusters: ['gone'] }, SIX_HOURS)]);
    expect(lastSeenAsked(second.asked)).toEqual([]);
    for (const { round } of [first, second]) expect(round.clusters.find((c) => c.name === 'gone')!.lastSeenMs).toBe(NOW_MS - 600_000);
    expect(second.round.queryCount).toBe(first.round.queryCount - 1);
  });

  it('asks a cluster that just went silent over the window since it last had data, not the whole lookback', async () => {
    const client = new FakePrometheus({ a: healthyTargets('a'), b: healthyTargets('b') }, { known: ['b'], lastSeen: { b: NOW_MS / 1000 + 20 } });
    const memory = createFleetMemory();
    await refresh(client, memory);
    client.setFleet({ a: healthyTargets('a') });
    const { round, asked } = await refresh(client, memory, NOW_MS + 30_000);
    expect(lastSeenAsked(asked)).toHaveLength(1);
    expect(lastSeenAsked(asked)[0]).toContain('[3690s:10s]');
    expect(round.clusters.find((c) => c.name === 'b')!.lastSeenMs).toBe(NOW_MS + 20_000);
  });

  it('forgets the answer when the cluster has data again', async () => {
    const memory = createLastSeenMemory();
    memory.lastSeenMs.set('b', 1);
    memory.presentAtSeconds.set('c', 1000);
    const asks = lastSeenAsks(['b', 'c', 'd'], memory, 1030, SIX_HOURS);
    expect(asks).toEqual([{ lookbackSeconds: 30 + 3600 + 60, clusters: ['c'] }, { lookbackSeconds: SIX_HOURS, clusters: ['d'] }]);
    const client = new FakePrometheus({ a: healthyTargets('a') }, { known: ['gone'], lastSeen: { gone: NOW_MS / 1000 - 600 } });
    const fleetMemory = createFleetMemory();
    await refresh(client, fleetMemory);
    client.setFleet({ a: healthyTargets('a'), gone: healthyTargets('gone') });
    await refresh(client, fleetMemory);
    expect(fleetMemory.lastSeen.lastSeenMs.has('gone')).toBe(false);
    expect(fleetMemory.lastSeen.presentAtSeconds.get('gone')).toBe(NOW_MS / 1000);
  });
});

describe('the README\u2019s recording rules', () => {
  it('are the rules the fleet looks for, with the default selector', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const block = /### What the fleet costs the backend[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(recordingRules('job=~".*etcd.*"'));
  });
});
