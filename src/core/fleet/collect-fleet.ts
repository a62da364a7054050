// One fleet refresh against a Prometheus-compatible backend: discover the clusters with the
// label-values API, run every signal's instant query once for the whole fleet, fold the answers.
// The number of queries does not depend on the number of clusters. What the backend pays for a
// refresh is measured in bench/README.md ("Fleet refresh"); the memory kept between refreshes
// (below) is what keeps the expensive parts out of the steady state.
import type { Failure } from '../../etcd/gateway.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { foldAnswers, hasNoData, type FleetCluster, type FleetRound, type SignalAnswers, type SignalFailure } from './fleet-round.js';
import { lastSeenQuery, signalQueries, type FleetSelector } from './fleet-signals.js';
import { HISTOGRAM_SIGNALS, histogramQuery, RECORDED_MARK, type HistogramSignal } from './histogram-signals.js';
import { applyLastSeenMemory, createLastSeenMemory, lastSeenAsks, rememberLastSeen, type LastSeenMemory } from './last-seen.js';

/** How far back discovery and "no data since" look. */
export const LOOKBACK_SECONDS = 6 * 3600;

export interface FleetQuery {
  /** The label asked for; `cluster` by default. */
  clusterLabel: string;
  /** Fall back to `job` when no series has the cluster label (only when the label was not given). */
  fallbackToJob: boolean;
  etcdSelector: string;
  /** Only these clusters (check --cluster). */
  only?: string[];
}

export type Discovery = { ok: true; clusterLabel: string; names: string[]; warnings: string[]; queries: number } | { ok: false; failure: Failure };

export async function discoverClusters(client: PrometheusClient, query: FleetQuery, nowSeconds: number): Promise<Discovery> {
  const labels = query.fallbackToJob && query.clusterLabel !== 'job' ? [query.clusterLabel, 'job'] : [query.clusterLabel];
  const warnings: string[] = [];
  let queries = 0;
  for (const label of labels) {
    queries += 1;
    const answer = await client.labelValues(label, [`{${query.etcdSelector}}`], nowSeconds - LOOKBACK_SECONDS);
    if (!answer.ok) return { ok: false, failure: answer.failure };
    warnings.push(...answer.value.warnings);
    if (answer.value.data.length > 0) {
      const names = query.only ? answer.value.data.filter((n) => query.only!.includes(n)) : answer.value.data;
      return { ok: true, clusterLabel: label, names: [...names].sort(), warnings, queries };
    }
  }
  return { ok: true, clusterLabel: query.clusterLabel, names: [], warnings, queries };
}

/**
 * What one refresh leaves for the next (fleet mode keeps one; check runs once without): the
 * clusters a latency recording rule answered, the "last seen" answers, the cluster label found.
 */
export interface FleetMemory {
  clusterLabel?: string;
  covered: Partial<Record<HistogramSignal, string[]>>;
  lastSeen: LastSeenMemory;
}

export function createFleetMemory(): FleetMemory {
  return { covered: {}, lastSeen: createLastSeenMemory() };
}

interface SignalRun {
  answers: SignalAnswers;
  failures: SignalFailure[];
  warnings: string[];
  queries: number;
}

/** Runs the signal queries, all at once: the backend's own query limit queues what it cannot run. */
async function runSignals(client: PrometheusClient, selector: FleetSelector, memory: FleetMemory, nowSeconds: number): Promise<SignalRun> {
  const run: SignalRun = { answers: {}, failures: [], warnings: [], queries: 0 };
  const queries = signalQueries(selector, memory.covered);
  run.queries = queries.length;
  await Promise.all(queries.map(async ({ signal, expr }) => {
    const answer = await client.query(expr, nowSeconds);
    if (!answer.ok) run.failures.push({ signal, failure: answer.failure });
    else {
      run.answers[signal] = answer.value.data;
      run.warnings.push(...answer.value.warnings);
    }
  }));
  return run;
}

export async function collectFleet(client: PrometheusClient, query: FleetQuery, now: () => number = Date.now, memory: FleetMemory = createFleetMemory()): Promise<{ ok: true; round: FleetRound } | { ok: false; failure: Failure }> {
  const startedMs = now();
  const nowSeconds = Math.floor(startedMs / 1000);
  const selectorFor = (clusterLabel: string): FleetSelector => ({ clusterLabel, etcdSelector: query.etcdSelector, ...(query.only ? { clusters: query.only } : {}) });
  // When the cluster label is known (given, or found by an earlier refresh) the queries run beside
  // discovery, not after it; a label that turns out different (a fallback to job) runs them again.
  const assumedLabel = memory.clusterLabel ?? (query.fallbackToJob && query.clusterLabel !== 'job' ? undefined : query.clusterLabel);
  const early = assumedLabel === undefined ? undefined : runSignals(client, selectorFor(assumedLabel), memory, nowSeconds);
  const discovery = await discoverClusters(client, query, nowSeconds);
  if (!discovery.ok) {
    await early;
    return discovery;
  }
  const label = discovery.clusterLabel;
  if (label !== memory.clusterLabel) memory.covered = {};
  memory.clusterLabel = label;
  const selector = selectorFor(label);
  let run: SignalRun;
  if (early && assumedLabel === label) run = await early;
  else {
    await early;
    run = await runSignals(client, selector, memory, nowSeconds);
  }
  const warnings = new Set([...discovery.warnings, ...run.warnings]);
  const { answers, failures } = run;
  // Every signal failed: the backend is gone, not every cluster.
  if (failures.length === run.queries && failures[0]) return { ok: false, failure: failures[0].failure };
  let queryCount = discovery.queries + run.queries;
  queryCount += await recoverUncovered(client, selector, memory, answers, nowSeconds, failures);
  const clusters = foldAnswers(discovery.names, label, answers).filter((c) => !query.only || query.only.includes(c.name));
  queryCount += await fillLastSeen(client, selector, memory.lastSeen, clusters, nowSeconds, failures);
  return { ok: true, round: { takenAtMs: startedMs, durationMs: now() - startedMs, clusterLabel: label, clusters, warnings: [...warnings], failures, queryCount } };
}

/**
 * A latency query left out the clusters its recording rule answered last refresh; those the rule
 * did not answer this time (rule removed, evaluation late) are computed from the buckets now.
 */
async function recoverUncovered(client: PrometheusClient, selector: FleetSelector, memory: FleetMemory, answers: SignalAnswers, nowSeconds: number, failures: SignalFailure[]): Promise<number> {
  let queries = 0;
  for (const definition of HISTOGRAM_SIGNALS) {
    const samples = answers[definition.signal];
    if (!samples) continue;
    const answered = new Set(samples.filter((s) => s.labels[RECORDED_MARK] !== undefined).map((s) => s.labels[selector.clusterLabel] ?? ''));
    const missing = (memory.covered[definition.signal] ?? []).filter((name) => !answered.has(name));
    memory.covered[definition.signal] = [...answered].sort();
    if (missing.length === 0) continue;
    queries += 1;
    const answer = await client.query(histogramQuery(definition, { ...selector, clusters: missing }), nowSeconds);
    if (answer.ok) samples.push(...answer.value.data);
    else failures.push({ signal: definition.signal, failure: answer.failure });
  }
  return queries;
}

/** Sets "last seen" on clusters without data now, asking the backend only what it has not answered. */
async function fillLastSeen(client: PrometheusClient, selector: FleetSelector, memory: LastSeenMemory, clusters: FleetCluster[], nowSeconds: number, failures: SignalFailure[]): Promise<number> {
  const silent = new Set(clusters.filter(hasNoData).map((c) => c.name));
  applyLastSeenMemory(clusters, silent, memory, nowSeconds);
  const asks = lastSeenAsks([...silent], memory, nowSeconds, LOOKBACK_SECONDS);
  await Promise.all(asks.map(async (ask) => {
    const answer = await client.query(lastSeenQuery({ ...selector, clusters: ask.clusters }, ask.lookbackSeconds), nowSeconds);
    if (!answer.ok) {
      failures.push({ signal: 'last-seen', failure: answer.failure });
      return;
    }
    for (const sample of answer.value.data) {
      const cluster = clusters.find((c) => c.name === sample.labels[selector.clusterLabel]);
      if (cluster && silent.has(cluster.name)) cluster.lastSeenMs = sample.value * 1000;
    }
    rememberLastSeen(memory, ask, clusters, LOOKBACK_SECONDS);
  }));
  return asks.length;
}
