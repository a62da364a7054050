// The members table's columns: header, alignment, and how a MemberRow becomes a cell. The
// order of `memberColumns` is the order on screen; `keep` is the order columns survive in as the
// terminal narrows (1 is kept longest). What tells an operator whether to act (who leads, who is
// down, how full the DB is, who falls behind) stays; the endpoint, long and rarely read during
// an incident, goes first.
import type { CertificateInfo } from '../../etcd/certificates.js';
import { DAY_MS, expiryText } from '../findings-certificates.js';
import type { MemberRow } from '../member-rows.js';
import type { Thresholds } from '../verdict-thresholds.js';
import { formatAge, formatBytes, formatDurationMs, formatPercent } from '../format.js';
import { isStale, UNKNOWN, type Tone } from './view-text.js';

export interface Cell {
  text: string;
  tone: Tone;
  bold?: boolean;
}

export interface CellContext {
  nowMs: number;
  intervalMs: number;
  /** When the member last answered a status call; undefined when it never did. */
  lastAnsweredMs: number | undefined;
  thresholds: Thresholds;
  /** The member's serving certificate, once read; the CERT column shows only when some member has one. */
  certificate?: CertificateInfo;
}

export type ColumnKey =
  | 'name' | 'id' | 'endpoint' | 'role' | 'state' | 'version' | 'dbSize' | 'dbInUse'
  | 'quota' | 'term' | 'index' | 'applied' | 'latency' | 'age' | 'cert';

export interface ColumnDef {
  key: ColumnKey;
  header: string;
  align: 'left' | 'right';
  keep: number;
  /** Widest the column gets, whatever its content. */
  maxWidth: number;
  cell(row: MemberRow, ctx: CellContext): Cell;
}

/** The SLOW cut-off: see slowHealthMs. */
export const SLOW_HEALTH_CAP_MS = 500;

/**
 * A health check (a linearizable read) slower than this marks an answering member SLOW: 500 ms
 * is half of etcd's default election timeout and two orders above a healthy member's few ms;
 * with a short poll interval, half the interval is used instead, since past it the member is
 * close to missing the round's deadline and turning DOWN.
 */
export function slowHealthMs(intervalMs: number): number {
  return Math.min(SLOW_HEALTH_CAP_MS, intervalMs / 2);
}

const plain = (text: string, tone: Tone = 'normal'): Cell => ({ text, tone });
const big = (value: bigint | undefined): Cell => plain(value === undefined ? UNKNOWN : value.toString());
const bytes = (value: number | undefined): Cell => plain(value === undefined ? UNKNOWN : formatBytes(value));

function roleCell(row: MemberRow): Cell {
  switch (row.role) {
    case 'leader':
      return { text: 'LEADER', tone: 'accent', bold: true };
    case 'follower':
      return plain('follower');
    case 'learner':
      return plain('learner', 'muted');
    default:
      return plain(UNKNOWN, 'muted');
  }
}

function stateCell(row: MemberRow, ctx: CellContext): Cell {
  // The short reason: the full one changes wording from round to round; `i` shows it.
  const reason = row.shortReason ?? row.stateReason;
  const suffix = reason ? ` ${reason}` : '';
  // A defragment blocks the member: its slow or missing answers are that, not a failure.
  if (row.defragmenting && row.state !== 'unstarted') return { text: `DEFRAG${row.state === 'down' ? suffix : ''}`, tone: 'warning', bold: true };
  switch (row.state) {
    case 'down':
      return { text: `DOWN${suffix}`, tone: 'critical', bold: true };
    case 'unhealthy':
      return { text: `UNHEALTHY${suffix}`, tone: 'critical', bold: true };
    case 'unstarted':
      return plain('UNSTARTED', 'warning');
    case 'denied':
      return { text: row.stateReason ?? 'permission denied', tone: 'warning', bold: true };
    default:
      if (row.healthLatencyMs !== undefined && row.healthLatencyMs > slowHealthMs(ctx.intervalMs)) {
        return { text: 'SLOW', tone: 'warning', bold: true };
      }
      return plain('UP', 'ok');
  }
}

function quotaCell(row: MemberRow, ctx: CellContext): Cell {
  const percent = row.dbQuotaPercent;
  if (percent === undefined) return plain(UNKNOWN, 'muted');
  const tone: Tone =
    percent > ctx.thresholds.dbCriticalPercent ? 'critical' : percent > ctx.thresholds.dbWarnPercent ? 'warning' : 'normal';
  // An assumed quota (no metrics) is marked: the real one may be smaller.
  return plain(`${formatPercent(percent)}${row.quotaKnown ? '' : '?'}`, tone);
}

function latencyCell(row: MemberRow, ctx: CellContext): Cell {
  if (row.healthLatencyMs === undefined) return plain(UNKNOWN, 'muted');
  const slow = row.healthLatencyMs > slowHealthMs(ctx.intervalMs);
  return plain(formatDurationMs(row.healthLatencyMs), slow ? 'warning' : 'normal');
}

function ageCell(_row: MemberRow, ctx: CellContext): Cell {
  if (ctx.lastAnsweredMs === undefined) return plain(UNKNOWN, 'muted');
  const ageMs = Math.max(0, ctx.nowMs - ctx.lastAnsweredMs);
  const age = formatAge(ageMs);
  return isStale(ageMs, ctx.intervalMs) ? { text: `STALE ${age}`, tone: 'warning', bold: true } : plain(age, 'muted');
}

function certCell(_row: MemberRow, ctx: CellContext): Cell {
  if (!ctx.certificate) return plain('');
  const leftMs = ctx.certificate.notAfterMs - ctx.nowMs;
  const text = expiryText(ctx.certificate, ctx.nowMs);
  if (leftMs < ctx.thresholds.certCriticalDays * DAY_MS) return { text, tone: 'critical', bold: true };
  return plain(text, leftMs < ctx.thresholds.certWarnDays * DAY_MS ? 'warning' : 'muted');
}

export const memberColumns: readonly ColumnDef[] = [
  // A seed endpoint polled before any member list arrived has no name yet: its URL stands in.
  { key: 'name', header: 'NAME', align: 'left', keep: 1, maxWidth: 24, cell: (row) => plain(row.name || row.endpoint || UNKNOWN) },
  { key: 'id', header: 'ID', align: 'left', keep: 13, maxWidth: 16, cell: (row) => plain(row.id || UNKNOWN, 'muted') },
  { key: 'endpoint', header: 'ENDPOINT', align: 'left', keep: 14, maxWidth: 32, cell: (row) => plain(row.endpoint ?? UNKNOWN, 'muted') },
  { key: 'role', header: 'ROLE', align: 'left', keep: 2, maxWidth: 8, cell: roleCell },
  { key: 'state', header: 'STATE', align: 'left', keep: 3, maxWidth: 48, cell: stateCell },
  { key: 'version', header: 'VERSION', align: 'left', keep: 11, maxWidth: 10, cell: (row) => plain(row.version ?? UNKNOWN) },
  { key: 'dbSize', header: 'DB SIZE', align: 'right', keep: 8, maxWidth: 9, cell: (row) => bytes(row.dbSizeBytes) },
  { key: 'dbInUse', header: 'IN USE', align: 'right', keep: 12, maxWidth: 9, cell: (row) => bytes(row.dbSizeInUseBytes) },
  { key: 'quota', header: 'QUOTA%', align: 'right', keep: 4, maxWidth: 8, cell: quotaCell },
  { key: 'term', header: 'TERM', align: 'right', keep: 9, maxWidth: 10, cell: (row) => big(row.raftTerm) },
  { key: 'index', header: 'RAFT IDX', align: 'right', keep: 5, maxWidth: 20, cell: (row) => big(row.raftIndex) },
  { key: 'applied', header: 'APPLIED', align: 'right', keep: 10, maxWidth: 20, cell: (row) => big(row.raftAppliedIndex) },
  { key: 'latency', header: 'HEALTH', align: 'right', keep: 7, maxWidth: 8, cell: latencyCell },
  { key: 'age', header: 'AGE', align: 'right', keep: 6, maxWidth: 12, cell: ageCell },
  // Days left on the member's serving certificate ("EXPIRED" in words, not only in red).
  { key: 'cert', header: 'CERT', align: 'right', keep: 15, maxWidth: 7, cell: certCell },
];
