// The fleet phase of `npm run bench`: a synthetic exporter serves etcd metrics for 500 clusters of
// 3 to 5 members on 127.0.0.1, a Prometheus started here scrapes them, and a child process runs
// fleet refreshes over the first 10, 100 and 500 clusters: queries per refresh, refresh time, CPU
// per refresh and RSS, and what each refresh costs Prometheus (its CPU beyond its idle scraping).
// Then the same 500 clusters once more with the optional recording rules loaded (README, "What the
// fleet costs the backend"). Targets at 500 clusters: refresh ≤ 1 s, RSS ≤ 150 MiB.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTOGRAM_SIGNALS, recordingRules } from '../src/core/fleet/histogram-signals.js';
import { treeCpuSeconds } from './proc-stats.js';
import { waitFor } from '../test/helpers/etcd-cluster.js';
import { startEngine, type MetricsEngine } from '../test/helpers/metrics-engine.js';
import { startSyntheticFleet, syntheticScrapeConfig, type SyntheticFleet } from '../test/helpers/synthetic-etcd-exporter.js';
import type { RefreshFigures } from './fleet-refresh-child.js';

export const FLEET_SIZES = [10, 100, 500] as const;
// Prometheus' own default is 1 m and kube-prometheus-stack scrapes every 30 s: 15 s is on the busy side.
const SCRAPE_INTERVAL_SEC = 15;
const REFRESHES = 5;
// Two scrape (and rule evaluation) intervals: the idle rate must include as many of each as a run does.
const IDLE_SAMPLE_MS = 2 * SCRAPE_INTERVAL_SEC * 1000;
const TARGET_REFRESH_MS = 1000;
const TARGET_RSS_BYTES = 150 * 1024 * 1024;

export interface FleetBenchRow extends RefreshFigures {
  size: number;
  /** The latency recording rules were loaded. */
  rules: boolean;
  medianRefreshMs: number;
  /** Prometheus' CPU per refresh beyond what it spends scraping and evaluating rules meanwhile. */
  backendCpuMsPerRefresh: number;
  /** Prometheus' CPU between refreshes (scraping, and the rules when loaded), % of one core. */
  backendIdleCpuPct: number;
  /** The 1-minute load average when the row was measured (2 CPUs here). */
  load: number;
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

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** Runs the refreshes and charges the engine's CPU meanwhile, minus its idle rate, to them. */
async function measureRow(root: string, engine: MetricsEngine, size: (typeof FLEET_SIZES)[number], rules: boolean): Promise<FleetBenchRow> {
  const pid = engine.pid ?? 0;
  const idleStart = treeCpuSeconds(pid);
  const idleStartMs = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
  const idleRate = (treeCpuSeconds(pid) - idleStart) / (performance.now() - idleStartMs);
  const cpuStart = treeCpuSeconds(pid);
  const startedMs = performance.now();
  const figures = await runChild(root, engine.url, SELECTORS[size]);
  const busy = treeCpuSeconds(pid) - cpuStart - idleRate * (performance.now() - startedMs);
  // The warm-up refresh ran too: the engine's CPU is shared over every refresh made.
  const backendCpuMsPerRefresh = Math.max(0, (busy * 1000) / (figures.refreshMs.length + 1));
  return { size, rules, ...figures, medianRefreshMs: median(figures.refreshMs), backendCpuMsPerRefresh, backendIdleCpuPct: idleRate * 1000 * 100, load: loadAverage() };
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
    // rate() over 5 m reads every sample of its window: until the window is full a refresh costs
    // less than it will for the rest of the engine's life.
    const fullWindow = Math.floor(300 / SCRAPE_INTERVAL_SEC) - 1;
    await waitFor(async () => (await engine!.query(`count(count_over_time(up[5m]) >= ${fullWindow})`))[0]?.value[1] === String(targets), 600_000, 'Prometheus to hold 5 minutes of every synthetic member', 5000);
    const rows: FleetBenchRow[] = [];
    const report = (row: FleetBenchRow) => {
      rows.push(row);
      log(`fleet: ${row.size} clusters${row.rules ? ' with the recording rules' : ''}: ${row.queriesPerRefresh} queries, refresh ${row.medianRefreshMs.toFixed(0)} ms, Prometheus CPU ${row.backendCpuMsPerRefresh.toFixed(0)} ms per refresh, RSS ${(row.rssMaxBytes / 1048576).toFixed(0)} MiB, Prometheus between refreshes ${row.backendIdleCpuPct.toFixed(1)} % of a core, load ${row.load}`);
    };
    for (const size of FLEET_SIZES) report(await measureRow(root, engine, size, false));
    await engine.setRules(recordingRules('job="etcd"'));
    // Two evaluations: a refresh asks at a whole second, which may precede the first one.
    for (const { recorded } of HISTOGRAM_SIGNALS) {
      await waitFor(async () => (await engine!.query(`count(count_over_time(${recorded}[1m]) >= 2)`))[0]?.value[1] === String(targets), 120_000, `${recorded} to answer for every member`, 2000);
    }
    report(await measureRow(root, engine, 500, true));
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
    `fleet refresh against Prometheus 2.42 scraping ${result.targets} synthetic members every ${SCRAPE_INTERVAL_SEC} s, 5 m windows full (median of ${REFRESHES} refreshes after one warm-up, as \`etcdtop fleet\` runs them: one memory for the session)`,
    '| clusters | recording rules | queries per refresh | refresh (median) | etcdtop CPU per refresh | Prometheus CPU per refresh | Prometheus between refreshes | RSS max | load (1 min) | target |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...result.rows.map((row) => {
      const target = row.size === 500
        ? `${row.medianRefreshMs <= TARGET_REFRESH_MS ? 'ok' : 'MISS'} ≤ 1 s, ${row.rssMaxBytes <= TARGET_RSS_BYTES ? 'ok' : 'MISS'} ≤ 150 MiB`
        : '';
      return `| ${row.clusters} | ${row.rules ? 'yes' : 'no'} | ${row.queriesPerRefresh} | ${row.medianRefreshMs.toFixed(0)} ms | ${row.cpuMsPerRefresh.toFixed(0)} ms | ${row.backendCpuMsPerRefresh.toFixed(0)} ms | ${row.backendIdleCpuPct.toFixed(1)} % of a core | ${(row.rssMaxBytes / 1048576).toFixed(0)} MiB | ${row.load} | ${target} |`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
