// One member in full (Enter on a row): every Status field, its URLs, learner or voter, version,
// serving certificate, p99 latencies, DB size history and its own events. A view over the same
// state as the dashboard: lines in, text out, wrapped to the pane's width, never cut.
import { daysLeft } from '../findings-certificates.js';
import { LEARNER_READY_PERCENT, learnerProgress } from '../maintenance/learner-rules.js';
import { formatBytes, formatPercent } from '../format.js';
import type { MonitorState } from '../monitor-state.js';
import { sampleById, statusOf } from '../selectors.js';
import { blockSparkline, sharedRange } from './block-sparkline.js';
import { latencyViewOf, type LatencyFigure } from './latency-view.js';
import { cellWidth, clockUtc, toneOfLevel, UNKNOWN, wrapWords, type Line, type Tone } from './view-text.js';

export interface MemberDetailView {
  title: string;
  lines: Line[];
}

const LABEL_WIDTH = 13;

const field = (label: string, value: string, tone: Tone = 'normal'): Line => ({ text: `${label.padEnd(LABEL_WIDTH)}${value}`, tone });
const heading = (text: string): Line => ({ text, tone: 'accent', bold: true });
const big = (value: bigint | undefined) => (value === undefined ? UNKNOWN : value.toString());
const size = (value: number | undefined) => (value === undefined ? UNKNOWN : formatBytes(value));
const latency = (figure: LatencyFigure) => (figure.ms === undefined ? '?' : `${figure.ms < 10 ? figure.ms.toFixed(1) : Math.round(figure.ms)}ms ${figure.level}`);

export function memberDetailOf(state: MonitorState, memberId: string, width: number, nowMs: number): MemberDetailView {
  const row = state.rows.find((r) => r.id === memberId);
  if (!row) return { title: ' Member ', lines: [{ text: 'that member is no longer in the member list (Esc goes back)', tone: 'warning' }] };
  const sample = state.latest ? sampleById(state.latest, memberId) : undefined;
  const status = sample ? statusOf(sample) : undefined;
  // Dense on purpose: all of it fits 80x24, the events taking whatever rows are left.
  const lines: Line[] = [
    field('state', `${row.state.toUpperCase()}${row.stateReason ? ` ${row.stateReason}` : ''} · ${row.role === 'leader' ? 'LEADER' : row.role} · ${row.isLearner ? 'learner (not voting)' : 'voter'} · version ${row.version ?? UNKNOWN}`, row.state === 'up' ? 'ok' : 'critical'),
    ...learnerLines(state, row.id, row.isLearner),
    field('client URLs', sample?.member.clientUrls.join(', ') || row.endpoint || UNKNOWN),
    field('peer URLs', sample?.member.peerUrls.join(', ') || UNKNOWN),
    field('DB', `${size(row.dbSizeBytes)} · in use ${size(row.dbSizeInUseBytes)} · ${row.dbQuotaPercent === undefined ? UNKNOWN : formatPercent(row.dbQuotaPercent)} of ${formatBytes(row.quotaBytes)}${row.quotaKnown ? '' : '?'} quota · frag ${row.fragmentationPercent === undefined ? UNKNOWN : `${Math.round(row.fragmentationPercent)}%`}`),
    field('raft', `term ${big(row.raftTerm)} · index ${big(row.raftIndex)} · applied ${big(row.raftAppliedIndex)} · behind ${big(row.raftIndexDrift)} · lag ${big(row.applyLag)}`),
    field('revision', `${big(row.revision)} · leader ${status?.leaderId ?? UNKNOWN} · health ${row.healthLatencyMs === undefined ? UNKNOWN : `${row.healthLatencyMs}ms`}`),
    field('alarms', `${row.alarms.join(', ') || 'none'} · errors ${status?.errors.join(', ') || 'none'}`, row.alarms.length > 0 ? 'critical' : status?.errors.length ? 'warning' : 'normal'),
    ...certificateLines(state, memberId, nowMs),
    ...latencyLines(state, memberId),
    ...historyLines(state, memberId, width),
    ...eventLines(state, memberId, row.name),
  ];
  // A long value wraps under its label instead of being cut ("16 MB →…" loses the size after).
  const wrapped = lines.flatMap((line) => (cellWidth(line.text) <= width ? [line] : wrapWords(line.text, width, ' '.repeat(LABEL_WIDTH)).map((text) => ({ ...line, text }))));
  return { title: ` ${row.name} (${row.id}) `, lines: wrapped };
}

function learnerLines(state: MonitorState, memberId: string, isLearner: boolean): Line[] {
  if (!isLearner) return [];
  const progress = learnerProgress(state.rows, memberId, state.leader.id);
  if (!progress) return [field('learner', 'progress unknown: its raft index or the leader\u2019s is not known', 'muted')];
  const ready = progress.percent >= LEARNER_READY_PERCENT;
  return [field('learner', `raft index ${progress.learnerIndex} of the leader's ${progress.leaderIndex} (${progress.percent.toFixed(1)}%): ${ready ? 'caught up, P promotes it' : `not caught up (promotion from ${LEARNER_READY_PERCENT}%)`}`, ready ? 'ok' : 'warning')];
}

function certificateLines(state: MonitorState, memberId: string, nowMs: number): Line[] {
  const member = state.certificates?.members.find((m) => m.memberId === memberId);
  if (!member) return [];
  if (!member.certificate) return [field('certificate', member.failure ? `not read: ${member.failure.message}` : 'none (plain http)', 'muted')];
  const cert = member.certificate;
  const left = daysLeft(cert, nowMs);
  const tone: Tone = cert.notAfterMs <= nowMs || left < state.thresholds.certCriticalDays ? 'critical' : left < state.thresholds.certWarnDays ? 'warning' : 'normal';
  return [
    field('certificate', `${cert.notAfterMs <= nowMs ? 'EXPIRED' : `${left} days left`} · notAfter ${new Date(cert.notAfterMs).toISOString().slice(0, 10)} · ${cert.subject} · issuer ${cert.issuer}`, tone),
    field('SANs', cert.sans.join(', ') || 'none'),
  ];
}

function latencyLines(state: MonitorState, memberId: string): Line[] {
  const member = latencyViewOf(state).members.find((m) => m.id === memberId);
  if (!member) return [];
  return [field(member.windowed ? 'p99 (1 min)' : 'p99 (start)', `WAL fsync ${latency(member.walFsync)} · commit ${latency(member.backendCommit)} · peer RTT ${latency(member.peerRoundTrip)}`)];
}

function historyLines(state: MonitorState, memberId: string, width: number): Line[] {
  const points = Math.max(8, width - LABEL_WIDTH);
  const sizes = state.history.seriesOf(memberId, 'dbSizeBytes', points);
  const known = sizes.filter((value) => Number.isFinite(value));
  const range = sharedRange([known]);
  if (!range || known.length === 0) return [field('DB history', 'no data yet', 'muted')];
  return [
    field('DB history', `last ${sizes.length} rounds · ${formatBytes(range.min)} to ${formatBytes(range.max)}`),
    { text: `${' '.repeat(LABEL_WIDTH)}${blockSparkline(sizes, range.max, sizes.length, range.min)}`, tone: 'accent' },
  ];
}

function eventLines(state: MonitorState, memberId: string, name: string): Line[] {
  // Events carry a member id when they are about one; older kinds only name it in the text.
  const own = state.events.filter((event) => event.memberId === memberId || (event.memberId === undefined && event.message.includes(`${name} (`))).slice(0, 20);
  return [
    heading('Its events (UTC)'),
    ...(own.length === 0 ? [{ text: 'none seen this session', tone: 'muted' as const }] : own.map((event) => ({ text: `${clockUtc(event.atMs)} ${event.message}`, tone: toneOfLevel(event.level) }))),
  ];
}
