// What the Latency pane shows: per member, the p99s that explain most etcd incidents (a slow
// disk under the WAL or the backend, a slow link to a peer) and failed or queued proposals, each
// judged against the runbooks' limits. Unknown is "?", never 0: a member whose scrape failed is
// not a member with a fast disk.
import type { HistogramBuckets, MemberId, MemberMetrics } from '../../etcd/gateway.js';
import { formatDurationMs } from '../format.js';
import { minObservationsOf, type LatencyMetricName } from '../latency-judgement.js';
import {
  LATENCY_WINDOW_MS,
  observationsOf,
  windowBaseline,
  windowedP99s,
  type MemberLatencyWindow,
} from '../latency-window.js';
import type { MemberState } from '../member-rows.js';
import type { MonitorState } from '../monitor-state.js';
import { metricsOf, sampleById } from '../selectors.js';
import type { Thresholds } from '../verdict-thresholds.js';

/**
 * etcd's hardware guide wants WAL fsync p99 under 10 ms; past 25 ms heartbeats start to queue
 * behind fsyncs and followers time out, so that is where the pane says BAD, well before the
 * verdict's critical level (1 s, where elections are already happening).
 */
export const WAL_FSYNC_BAD_MS = 25;

/** few: a p99 of fewer observations than the verdict judges (minObservationsOf), shown but not judged. */
export type LatencyLevel = 'ok' | 'warn' | 'bad' | 'few' | 'idle' | 'unknown';

export interface LatencyFigure {
  ms?: number;
  level: LatencyLevel;
}

export interface LatencyMemberView {
  id: MemberId;
  name: string;
  state: MemberState;
  /** True when this member's p99s cover the window, false when since its process started. */
  windowed: boolean;
  walFsync: LatencyFigure;
  backendCommit: LatencyFigure;
  /** The worst peer's p99: one slow link is what matters. */
  peerRoundTrip: LatencyFigure;
  proposalsFailedTotal?: number;
  /** Increase while this session watched (restarts included); undefined before a first scrape. */
  proposalsFailedThisSession?: number;
  proposalsPending?: number;
}

export interface LatencyLimits {
  walFsyncWarnMs: number;
  walFsyncBadMs: number;
  backendCommitWarnMs: number;
  peerRoundTripWarnMs: number;
}

export interface LatencyView {
  /** " Latency · p99 over last 1m ", set into the pane's top border. */
  title: string;
  /** "p99 over last 1m" or "p99 since start"; when members differ, the odd ones are marked. */
  basis: 'window' | 'since-start' | 'mixed';
  label: string;
  limits: LatencyLimits;
  members: LatencyMemberView[];
}

export function latencyViewOf(state: MonitorState): LatencyView {
  const limits = limitsOf(state.thresholds);
  const atMs = state.latest?.takenAtMs ?? 0;
  const members = state.rows.map((row): LatencyMemberView => {
    const sample = state.latest ? sampleById(state.latest, row.id) : undefined;
    const metrics = sample ? metricsOf(sample) : undefined;
    const window = state.latencyWindow.byMember.get(row.id);
    const base = { id: row.id, name: row.name, state: row.state };
    if (!metrics) return { ...base, windowed: false, walFsync: unknown, backendCommit: unknown, peerRoundTrip: unknown };
    return { ...base, ...figuresOf(metrics, window, atMs, limits), ...proposalsOf(metrics, window) };
  });
  const known = members.filter((m) => m.walFsync.level !== 'unknown' || m.backendCommit.level !== 'unknown');
  const windowedCount = known.filter((m) => m.windowed).length;
  const basis = windowedCount === 0 ? 'since-start' : windowedCount === known.length ? 'window' : 'mixed';
  const label = labelOf(basis);
  return { title: ` Latency · ${label} `, basis, label, limits, members };
}

const unknown: LatencyFigure = { level: 'unknown' };

function limitsOf(thresholds: Thresholds): LatencyLimits {
  const { walFsyncWarnMs, walFsyncCriticalMs, backendCommitWarnMs, peerRoundTripWarnMs } = thresholds;
  // Thresholds set on the command line still rule: BAD never below WARN, nor above critical.
  const walFsyncBadMs = Math.max(walFsyncWarnMs, Math.min(WAL_FSYNC_BAD_MS, walFsyncCriticalMs));
  return { walFsyncWarnMs, walFsyncBadMs, backendCommitWarnMs, peerRoundTripWarnMs };
}

function labelOf(basis: LatencyView['basis']): string {
  const window = `p99 over last ${formatDurationMs(LATENCY_WINDOW_MS)}`;
  if (basis === 'window') return window;
  return basis === 'since-start' ? 'p99 since start' : `${window} (* since start)`;
}

type Figures = Pick<LatencyMemberView, 'windowed' | 'walFsync' | 'backendCommit' | 'peerRoundTrip'>;

function figuresOf(metrics: MemberMetrics, window: MemberLatencyWindow | undefined, atMs: number, limits: LatencyLimits): Figures {
  const p99s = windowedP99s(metrics, window, atMs);
  const windowed = p99s.windowMs !== undefined;
  const baseline = windowed ? windowBaseline(window, atMs)?.histograms : undefined;
  const current = metrics.latencyHistograms;
  // With a window, a histogram that saw nothing in it is idle (no writes), not unknown.
  const idle = (later?: HistogramBuckets, earlier?: HistogramBuckets): boolean => windowed && observationsOf(later, earlier) === 0;
  const peers = Object.entries(current?.peerRoundTripByPeer ?? {});
  const peersIdle = peers.length > 0 && peers.every(([peer, buckets]) => idle(buckets, baseline?.peerRoundTripByPeer?.[peer]));
  const peerObservations = peers.map(([peer, buckets]) => observationsOf(buckets, baseline?.peerRoundTripByPeer?.[peer]) ?? 0);
  return {
    windowed,
    walFsync: fewOr(figure(p99s.walFsyncP99Seconds, idle(current?.walFsync, baseline?.walFsync), limits.walFsyncWarnMs, limits.walFsyncBadMs),
      'WAL fsync', observationsOf(current?.walFsync, baseline?.walFsync)),
    backendCommit: fewOr(figure(p99s.backendCommitP99Seconds, idle(current?.backendCommit, baseline?.backendCommit), limits.backendCommitWarnMs),
      'backend commit', observationsOf(current?.backendCommit, baseline?.backendCommit)),
    peerRoundTrip: fewOr(figure(p99s.peerRoundTripP99Seconds, peersIdle, limits.peerRoundTripWarnMs),
      'peer round-trip', peerObservations.length > 0 ? Math.max(...peerObservations) : undefined),
  };
}

/**
 * The verdict judges no p99 of fewer observations than minObservationsOf (a fresh member's p99
 * is the worst one or two of its start-up fsyncs): the pane still shows the figure, marked
 * "few", rather than a WARN that the banner and `check` do not raise.
 */
export function fewOr(value: LatencyFigure, what: LatencyMetricName, observations: number | undefined): LatencyFigure {
  if (value.ms === undefined || observations === undefined || observations >= minObservationsOf(what)) return value;
  return { ms: value.ms, level: 'few' };
}

/** A p99 judged "strictly more than" its limits, as the verdict does. */
export function figure(seconds: number | undefined, idle: boolean, warnMs: number, badMs = Infinity): LatencyFigure {
  if (seconds === undefined || !Number.isFinite(seconds)) return { level: idle ? 'idle' : 'unknown' };
  const ms = seconds * 1000;
  const level: LatencyLevel = ms > badMs ? 'bad' : ms > warnMs ? 'warn' : 'ok';
  return { ms, level };
}

function proposalsOf(metrics: MemberMetrics, window: MemberLatencyWindow | undefined): Partial<LatencyMemberView> {
  return {
    ...(metrics.proposalsFailedTotal === undefined ? {} : { proposalsFailedTotal: metrics.proposalsFailedTotal }),
    ...(window?.lastProposalsFailedTotal === undefined ? {} : { proposalsFailedThisSession: window.proposalsFailedThisSession }),
    ...(metrics.proposalsPending === undefined ? {} : { proposalsPending: metrics.proposalsPending }),
  };
}

/** The word beside a figure: colour is never the only signal. */
export function levelWord(level: LatencyLevel): string {
  switch (level) {
    case 'ok':
      return 'ok';
    case 'warn':
      return 'WARN';
    case 'bad':
      return 'BAD';
    case 'few':
      return 'few';
    default:
      return '';
  }
}

/** "3.8ms", "340ms", "1.5s"; "idle" for no observations in the window; "?" when unknown. */
export function formatFigure(value: LatencyFigure): string {
  if (value.ms !== undefined) return formatDurationMs(value.ms);
  return value.level === 'idle' ? 'idle' : '?';
}
