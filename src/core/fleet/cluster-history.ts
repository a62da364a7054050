// The history of one cluster, asked only when the operator opens it: a few range queries over the
// last hour for that cluster alone. A step with no sample stays a gap (null), never a zero.
import type { Failure } from '../../etcd/gateway.js';
import type { PrometheusClient } from '../../prometheus/client.js';
import { selectorOf, type FleetSelector } from './fleet-signals.js';

export const HISTORY_WINDOW_SECONDS = 3600;
export const HISTORY_STEP_SECONDS = 60;

export type HistoryUnit = 'count' | 'bytes' | 'seconds';

export interface HistorySeries {
  title: string;
  unit: HistoryUnit;
  /** One value per step, oldest first; null where the backend had no sample. */
  values: (number | null)[];
}

export type ClusterHistory = { ok: true; series: HistorySeries[]; warnings: string[] } | { ok: false; failure: Failure };

export function historyQueries(selector: FleetSelector): { title: string; unit: HistoryUnit; expr: string }[] {
  const sel = selectorOf(selector);
  return [
    { title: 'targets up', unit: 'count', expr: `sum(up{${sel}})` },
    { title: 'DB size (largest)', unit: 'bytes', expr: `max(etcd_mvcc_db_total_size_in_bytes{${sel}})` },
    { title: 'WAL fsync p99', unit: 'seconds', expr: `max(histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket{${sel}}[5m]))))` },
    { title: 'leader changes /5m', unit: 'count', expr: `max(increase(etcd_server_leader_changes_seen_total{${sel}}[5m]))` },
    { title: 'failed proposals /5m', unit: 'count', expr: `sum(increase(etcd_server_proposals_failed_total{${sel}}[5m]))` },
  ];
}

export async function collectHistory(client: PrometheusClient, selector: FleetSelector, nowSeconds: number): Promise<ClusterHistory> {
  const end = Math.floor(nowSeconds / HISTORY_STEP_SECONDS) * HISTORY_STEP_SECONDS;
  const start = end - HISTORY_WINDOW_SECONDS;
  const steps = HISTORY_WINDOW_SECONDS / HISTORY_STEP_SECONDS + 1;
  const warnings: string[] = [];
  const series: HistorySeries[] = [];
  for (const { title, unit, expr } of historyQueries(selector)) {
    const answer = await client.queryRange(expr, start, end, HISTORY_STEP_SECONDS);
    if (!answer.ok) return { ok: false, failure: answer.failure };
    warnings.push(...answer.value.warnings);
    const values: (number | null)[] = Array.from({ length: steps }, () => null);
    for (const s of answer.value.data) {
      for (const [t, v] of s.points) {
        const i = Math.round((t - start) / HISTORY_STEP_SECONDS);
        if (i >= 0 && i < steps) values[i] = Math.max(values[i] ?? Number.NEGATIVE_INFINITY, v);
      }
    }
    series.push({ title, unit, values });
  }
  return { ok: true, series, warnings };
}
