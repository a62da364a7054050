// `etcdtop check --prometheus URL`: check every cluster a Prometheus-compatible backend knows, with
// check's findings and thresholds. One line per cluster that is not OK, the exit code of the
// worst cluster (critical before unknown before warning), `-o json` for machines.
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { prometheusConfig, type PrometheusArgs } from '../cli/prometheus-options.js';
import { reportProblem } from '../cli/report-problem.js';
import { collectFleet } from '../core/fleet/collect-fleet.js';
import { fleetRows, type FleetRow } from '../core/fleet/fleet-rows.js';
import type { VerdictLevel } from '../core/finding.js';
import { HttpPrometheusClient } from '../prometheus/client.js';
import { EXIT_CODES } from './check.js';

export interface FleetCheckArgs extends PrometheusArgs, Record<string, unknown> {
  output: 'text' | 'json';
  cluster?: string;
}

const WORST_FIRST: VerdictLevel[] = ['critical', 'unknown', 'warning', 'ok'];

export function worstLevel(rows: FleetRow[]): VerdictLevel {
  return WORST_FIRST.find((level) => rows.some((row) => row.verdict.level === level)) ?? 'ok';
}

export function fleetCheckText(rows: FleetRow[]): string {
  const width = Math.max(8, ...rows.map((row) => row.name.length));
  const lines = rows.filter((row) => row.verdict.level !== 'ok').map((row) => {
    const [first] = row.verdict.findings;
    const more = row.verdict.findings.length > 1 ? ` (+${row.verdict.findings.length - 1} more)` : '';
    return `${row.verdict.level.toUpperCase().padEnd(8)} ${row.name.padEnd(width)} ${first?.message ?? ''}${more}`;
  });
  const counts = WORST_FIRST.map((level) => [level, rows.filter((row) => row.verdict.level === level).length] as const).filter(([, n]) => n > 0);
  const summary = `${worstLevel(rows).toUpperCase()}: ${rows.length} cluster${rows.length === 1 ? '' : 's'}${counts.length ? ': ' : ''}${counts.map(([level, n]) => `${n} ${level}`).join(', ')}`;
  return `${[...lines, summary].join('\n')}\n`;
}

export function fleetCheckJson(rows: FleetRow[], takenAtMs: number, clusterLabel: string, warnings: string[]): string {
  const level = worstLevel(rows);
  const clusters = rows.map((row) => ({
    name: row.name,
    verdict: { level: row.verdict.level, findings: row.verdict.findings },
    alarmsKnown: row.alarmsKnown,
    lastSeen: row.lastSeenMs === undefined ? null : new Date(row.lastSeenMs).toISOString(),
  }));
  return `${JSON.stringify({ level, exitCode: EXIT_CODES[level], takenAt: new Date(takenAtMs).toISOString(), clusterLabel, warnings, clusters }, null, 2)}\n`;
}

export async function fleetCheckCommand(args: FleetCheckArgs): Promise<number> {
  const config = await prometheusConfig(args);
  if (!config.ok) {
    reportProblem(config.problem);
    return EXIT_CODES.unknown;
  }
  const client = new HttpPrometheusClient(config.settings);
  const query = args.cluster ? { ...config.query, only: [args.cluster] } : config.query;
  const result = await collectFleet(client, query);
  if (!result.ok) {
    reportProblem({ message: result.failure.message, ...(result.failure.hint ? { hint: result.failure.hint } : {}) });
    return EXIT_CODES.unknown;
  }
  const { round } = result;
  if (round.clusters.length === 0) {
    const which = args.cluster ? `no cluster named ${JSON.stringify(args.cluster)}` : 'no etcd series';
    reportProblem({ message: `${which} in ${config.settings.baseUrl} (label ${round.clusterLabel}, selector {${query.etcdSelector}})`, hint: 'check --cluster, --cluster-label and --etcd-selector against the backend\u2019s series' });
    return EXIT_CODES.unknown;
  }
  const rows = fleetRows(round, thresholdsFromArgs(args));
  for (const warning of round.warnings) process.stderr.write(`etcdtop: the backend warns: ${warning}\n`);
  for (const { signal, failure } of round.failures) process.stderr.write(`etcdtop: query for ${signal} failed (n/a this time): ${failure.message}\n`);
  process.stdout.write(args.output === 'json' ? fleetCheckJson(rows, round.takenAtMs, round.clusterLabel, round.warnings) : fleetCheckText(rows));
  return EXIT_CODES[worstLevel(rows)];
}
