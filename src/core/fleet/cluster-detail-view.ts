// The lines of one cluster's detail view: its scrape targets, its findings, its last hour, and
// what Prometheus cannot say. Pure text; the pane paints it.
import type { Finding } from '../finding.js';
import { formatBytes, formatDurationMs, formatPercent } from '../format.js';
import { blockSparkline } from '../views/block-sparkline.js';
import type { ClusterHistory, HistorySeries } from './cluster-history.js';
import { isScraped, type FleetCluster, type FleetTarget } from './fleet-round.js';
import type { FleetRow } from './fleet-rows.js';
import { scrapeFailureMessage } from './fleet-snapshot.js';

export interface DetailLine {
  text: string;
  tone?: 'ok' | 'warning' | 'critical' | 'muted';
}

const NA = 'n/a';

function targetLine(cluster: FleetCluster, t: FleetTarget): DetailLine {
  const v = t.values;
  if (!isScraped(t)) return { text: `${t.instance.padEnd(22)} SCRAPE FAILING  ${scrapeFailureMessage(cluster)}`, tone: 'critical' };
  const role = v.isLeader === 1 ? 'LEADER' : v.isLearner === 1 ? 'learner' : v.hasLeader === 0 ? 'NO LEADER' : 'follower';
  const quota = v.dbSizeBytes !== undefined && v.quotaBytes ? formatPercent((v.dbSizeBytes / v.quotaBytes) * 100, 0) : NA;
  const ms = (s: number | undefined) => (s === undefined ? NA : formatDurationMs(s * 1000));
  const cells = [
    t.instance.padEnd(22), (t.serverId ?? NA).padEnd(16), role.padEnd(9), (t.version ?? NA).padEnd(7),
    (v.dbSizeBytes === undefined ? NA : formatBytes(v.dbSizeBytes)).padStart(7), quota.padStart(5),
    ms(v.walFsyncP99Seconds).padStart(6), ms(v.backendCommitP99Seconds).padStart(6), ms(v.peerRoundTripP99Seconds).padStart(6),
  ];
  return { text: cells.join(' '), ...(v.hasLeader === 0 ? { tone: 'critical' as const } : {}) };
}

function findingLine(finding: Finding): DetailLine {
  return { text: `${finding.level.toUpperCase().padEnd(8)} ${finding.message} \u2014 fix: ${finding.remedy}`, tone: finding.level };
}

function historyLine(series: HistorySeries, width: number): DetailLine {
  const values = series.values.map((v) => (v === null ? Number.NaN : v));
  const finite = values.filter(Number.isFinite);
  const max = finite.length ? Math.max(...finite) : 0;
  const last = [...series.values].reverse().find((v) => v !== null);
  const shown = last === undefined || last === null ? NA : series.unit === 'bytes' ? formatBytes(last) : series.unit === 'seconds' ? formatDurationMs(last * 1000) : String(Math.round(last));
  return { text: `${series.title.padEnd(22)} ${blockSparkline(values, max, Math.min(width, values.length))} ${shown}` };
}

export function clusterDetailLines(cluster: FleetCluster, row: FleetRow, history: ClusterHistory | undefined, width: number): DetailLine[] {
  const lines: DetailLine[] = [
    { text: `Scrape targets (what Prometheus scrapes; not the raft member list) \u00b7 ${row.targetsUp}/${row.targetsExpected} answering` },
    { text: `${'TARGET'.padEnd(22)} ${'MEMBER ID'.padEnd(16)} ${'ROLE'.padEnd(9)} VERSION      DB QUOTA  FSYNC COMMIT    RTT`, tone: 'muted' },
    ...cluster.targets.map((t) => targetLine(cluster, t)),
    { text: row.alarmsKnown ? `alarms: ${row.alarms.length ? row.alarms.join(', ') : 'none'}` : 'alarms: unknown (etcd before 3.6 exports no alarm metric)', tone: row.alarms.length ? 'critical' : 'muted' },
    { text: '' },
    { text: row.verdict.findings.length ? 'Findings' : 'Findings: none' },
    ...row.verdict.findings.map(findingLine),
    { text: '' },
    { text: 'Last hour (one cell a minute; blank: no sample)' },
  ];
  if (!history) lines.push({ text: 'asking the backend\u2026', tone: 'muted' });
  else if (!history.ok) lines.push({ text: `history unavailable: ${history.failure.message}`, tone: 'warning' });
  else lines.push(...history.series.map((s) => historyLine(s, width - 32)));
  return lines;
}

