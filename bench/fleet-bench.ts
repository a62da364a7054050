// The fleet phase of `npm run bench`: a synthetic exporter serves etcd metrics for 500 clusters of
// 3 to 5 members on 127.0.0.1, a Prometheus started here scrapes them, and a child process runs
// fleet refreshes over the first 10, 100 and 500 clusters: queries per refresh, refresh time, CPU
// per refresh and RSS. Targets at 500 clusters: refresh ≤ 1 s, RSS ≤ 150 MiB.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '../test/helpers/etcd-cluster.js';
import { startEngine, type MetricsEngine } from '../test/helpers/metrics-engine.js';
import { startSyntheticFleet, syntheticScrapeConfig, type SyntheticFleet } from '../test/helpers/synthetic-etcd-exporter.js';
import type { RefreshFigures } from './fleet-refresh-child.js';

export const FLEET_SIZES = [10, 100, 500] as const;
// Prometheus' own default is 1 m and kube-prometheus-stack scrapes every 30 s: 15 s is on the busy side.
const SCRAPE_INTERVAL_SEC = 15;
const REFRESHES = 5;
const TARGET_REFRESH_MS = 1000;
const TARGET_RSS_BYTES = 150 * 1024 * 1024;

export interface FleetBenchRow extends RefreshFigures {
  size: number;
  medianRefreshMs: number;
}

export type FleetBenchResult = { ok: true; rows: FleetBenchRow[]; targets: number } | { ok: false; problem: string };

const SELECTORS: Record<(typeof FLEET_SIZES)[number], string> = {
  10: 'job="etcd",tier10="yes"',
  100: 'job="etcd",tier100="yes"',
  500: 'job="etcd"',
};

function runChild(root: string, url: string, selector: string): Promise<RefreshFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, '.bench', 'bench', 'fleet-refresh-child.js'), url, selector, String(REFRESHES)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as RefreshFigures) : reject(new Error(`refresh child failed: ${err.trim()}`))));
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchFleet(root: string, log: (line: string) => void): Promise<FleetBenchResult> {
  let exporter: SyntheticFleet | undefined;
  let engine: MetricsEngine | undefined;
  try {
    exporter = await startSyntheticFleet(500);
    log(`fleet: synthetic exporter with 500 clusters (${exporter.members.length} members) at ${exporter.url}; starting Prometheus (scrape every ${SCRAPE_INTERVAL_SEC}s)`);
    engine = await startEngine('prometheus', [], 'etcd', syntheticScrapeConfig(exporter, SCRAPE_INTERVAL_SEC));
    const targets = exporter.members.length;
    await waitFor(async () => (await engine!.query('count(count_over_time(up[2m]) >= 3)'))[0]?.value[1] === String(targets), 240_000, 'Prometheus to scrape every synthetic member 3 times', 2000);
    const rows: FleetBenchRow[] = [];
    for (const size of FLEET_SIZES) {
      const figures = await runChild(root, engine.url, SELECTORS[size]);
      rows.push({ size, ...figures, medianRefreshMs: median(figures.refreshMs) });
      log(`fleet: ${size} clusters: ${figures.queriesPerRefresh} queries, refresh ${median(figures.refreshMs).toFixed(0)} ms, RSS ${(figures.rssMaxBytes / 1048576).toFixed(0)} MiB`);
    }
    return { ok: true, rows, targets };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  } finally {
    await engine?.stop();
    await exporter?.close();
  }
}

export function renderFleetReport(result: FleetBenchResult): string {
  if (!result.ok) return `fleet (Prometheus, synthetic clusters): not measured: ${result.problem}\n`;
  const lines = [
    `fleet refresh against Prometheus 2.42 scraping ${result.targets} synthetic members (median of ${REFRESHES} refreshes after one warm-up)`,
    '| clusters | queries per refresh | refresh (median) | CPU per refresh | RSS max | target |',
    '|---:|---:|---:|---:|---:|---|',
    ...result.rows.map((row) => {
      const target = row.size === 500
        ? `${row.medianRefreshMs <= TARGET_REFRESH_MS ? 'ok' : 'MISS'} ≤ 1 s, ${row.rssMaxBytes <= TARGET_RSS_BYTES ? 'ok' : 'MISS'} ≤ 150 MiB`
        : '';
      return `| ${row.clusters} | ${row.queriesPerRefresh} | ${row.medianRefreshMs.toFixed(0)} ms | ${row.cpuMsPerRefresh.toFixed(0)} ms | ${(row.rssMaxBytes / 1048576).toFixed(0)} MiB | ${target} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
