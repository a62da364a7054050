// One fleet refresh against a Prometheus-compatible backend: discover the clusters with the
// label-values API, run every signal's instant query once for the whole fleet, fold the answers.
// The number of queries does not depend on the number of clusters.
import type { Failure } from '../../etcd/gateway.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { foldAnswers, hasNoData, type FleetRound, type SignalAnswers, type SignalFailure } from './fleet-round.js';
import { lastSeenQuery, signalQueries, type FleetSelector } from './fleet-signals.js';

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

export async function collectFleet(client: PrometheusClient, query: FleetQuery, now: () => number = Date.now): Promise<{ ok: true; round: FleetRound } | { ok: false; failure: Failure }> {
  const startedMs = now();
  const nowSeconds = Math.floor(startedMs / 1000);
  const discovery = await discoverClusters(client, query, nowSeconds);
  if (!discovery.ok) return discovery;
  const selector: FleetSelector = { clusterLabel: discovery.clusterLabel, etcdSelector: query.etcdSelector, ...(query.only ? { clusters: query.only } : {}) };
  const warnings = new Set(discovery.warnings);
  const failures: SignalFailure[] = [];
  const answers: SignalAnswers = {};
  const queries = signalQueries(selector);
  await Promise.all(queries.map(async ({ signal, expr }) => {
    const answer = await client.query(expr, nowSeconds);
    if (!answer.ok) failures.push({ signal, failure: answer.failure });
    else {
      answers[signal] = answer.value.data;
      answer.value.warnings.forEach((w) => warnings.add(w));
    }
  }));
  // Every signal failed: the backend is gone, not every cluster.
  if (failures.length === queries.length && failures[0]) return { ok: false, failure: failures[0].failure };
  const clusters = foldAnswers(discovery.names, discovery.clusterLabel, answers).filter((c) => !query.only || query.only.includes(c.name));
  let queryCount = discovery.queries + queries.length;
  const silent = clusters.filter(hasNoData);
  if (silent.length > 0) {
    queryCount += 1;
    const expr = lastSeenQuery({ ...selector, clusters: silent.map((c) => c.name) }, LOOKBACK_SECONDS);
    const answer = await client.query(expr, nowSeconds);
    if (!answer.ok) failures.push({ signal: 'last-seen', failure: answer.failure });
    else {
      for (const sample of answer.value.data) {
        const cluster = silent.find((c) => c.name === sample.labels[discovery.clusterLabel]);
        if (cluster) cluster.lastSeenMs = sample.value * 1000;
      }
    }
  }
  const takenAtMs = startedMs;
  return { ok: true, round: { takenAtMs, durationMs: now() - startedMs, clusterLabel: discovery.clusterLabel, clusters, warnings: [...warnings], failures, queryCount } };
}
