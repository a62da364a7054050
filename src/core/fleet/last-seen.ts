// "No data since": when a silent cluster's last sample was. The question is a subquery over the
// lookback at 10 s steps (fleet-signals.ts), which costs the backend seconds for a 6 h window, so a
// refresh asks it as little as it can without changing the answer:
// - a cluster that stays silent cannot get a later sample: its answer is remembered;
// - a cluster that had data at the previous refresh (at time P) had a sample at most one lookback
//   (the engine's staleness window, or the longest range a signal uses) before P, and a subquery
//   window starting at P sees it through that same lookback: the window since P is enough.
import type { FleetCluster } from './fleet-round.js';

/** The longest range a signal uses (deriv and increase over 1 h): a target can come from it. */
const LONGEST_SIGNAL_WINDOW_SECONDS = 3600;
/** One subquery step and a little clock slack. */
const MARGIN_SECONDS = 60;

export interface LastSeenMemory {
  /** Clusters with data at the last refresh that had any, and when (unix seconds). */
  presentAtSeconds: Map<string, number>;
  /** Silent clusters' last sample (ms); null when the lookback holds none. */
  lastSeenMs: Map<string, number | null>;
}

export function createLastSeenMemory(): LastSeenMemory {
  return { presentAtSeconds: new Map(), lastSeenMs: new Map() };
}

export interface LastSeenAsk {
  lookbackSeconds: number;
  clusters: string[];
}

/** The subqueries this refresh needs: none for remembered clusters, a short one for the newly silent. */
export function lastSeenAsks(silent: string[], memory: LastSeenMemory, nowSeconds: number, fullLookbackSeconds: number): LastSeenAsk[] {
  const recent: string[] = [];
  const unknown: string[] = [];
  let recentLookback = 0;
  for (const name of silent) {
    if (memory.lastSeenMs.has(name)) continue;
    const presentAt = memory.presentAtSeconds.get(name);
    if (presentAt === undefined) {
      unknown.push(name);
      continue;
    }
    recent.push(name);
    recentLookback = Math.max(recentLookback, Math.ceil(nowSeconds - presentAt) + LONGEST_SIGNAL_WINDOW_SECONDS + MARGIN_SECONDS);
  }
  const asks: LastSeenAsk[] = [];
  if (recent.length > 0 && recentLookback < fullLookbackSeconds) asks.push({ lookbackSeconds: recentLookback, clusters: recent });
  else unknown.push(...recent);
  if (unknown.length > 0) asks.push({ lookbackSeconds: fullLookbackSeconds, clusters: unknown });
  return asks;
}

/** Fills in the remembered answers and notes which clusters have data now. */
export function applyLastSeenMemory(clusters: FleetCluster[], silent: Set<string>, memory: LastSeenMemory, nowSeconds: number): void {
  for (const cluster of clusters) {
    if (!silent.has(cluster.name)) {
      memory.presentAtSeconds.set(cluster.name, nowSeconds);
      memory.lastSeenMs.delete(cluster.name);
      continue;
    }
    const remembered = memory.lastSeenMs.get(cluster.name);
    if (remembered !== undefined && remembered !== null) cluster.lastSeenMs = remembered;
  }
}

/** Records an answered ask: a cluster without a sample in the full lookback has none to find later either. */
export function rememberLastSeen(memory: LastSeenMemory, ask: LastSeenAsk, clusters: FleetCluster[], fullLookbackSeconds: number): void {
  for (const name of ask.clusters) {
    const found = clusters.find((c) => c.name === name)?.lastSeenMs;
    if (found !== undefined) memory.lastSeenMs.set(name, found);
    else if (ask.lookbackSeconds >= fullLookbackSeconds) memory.lastSeenMs.set(name, null);
    // A short window that found nothing (the engine's lookback is longer than assumed): the next refresh asks the full one.
    else memory.presentAtSeconds.delete(name);
  }
}
