// Shared by `status` and `check`: one round → rows, quota, verdict; and, when no member answered
// at all, the one problem to print instead of a table of blanks.
import type { ConfigProblem } from '../config/connection-config.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { memberRows } from '../core/member-rows.js';
import { quotaBytesOf } from '../core/selectors.js';
import type { Thresholds } from '../core/verdict-thresholds.js';
import { formatDurationMs } from '../core/format.js';
import { judgeLatency, thinLatencyNote } from '../core/latency-judgement.js';
import { initialLatencyWindow, type LatencyWindow } from '../core/latency-window.js';
import { verdictOf } from '../core/verdict.js';
import type { StatusReportInput } from './status-report.js';

export interface RoundReport extends StatusReportInput {
  /** Set when no member answered: the most telling failure, as an operator-facing problem. */
  unreachable?: ConfigProblem;
}

/**
 * `window` holds an earlier scrape when the caller took one (`check`): latency is then judged
 * over the time between the two; otherwise since each member started.
 */
export function analyseRound(snapshot: ClusterSnapshot, thresholds: Thresholds, window: LatencyWindow = initialLatencyWindow()): RoundReport {
  const quota = quotaBytesOf(snapshot);
  const rows = memberRows(snapshot, quota);
  // Any older scrape is a window here: the caller chose the interval.
  const judged = judgeLatency(snapshot, window, 1);
  const judgedVerdict = verdictOf(judged.snapshot, thresholds, judged.windowMs !== undefined ? { latencyWindowMs: judged.windowMs } : {});
  const note = thinLatencyNote(judged.thin, judged.windowMs, formatDurationMs);
  const verdict = note ? { ...judgedVerdict, notes: [note] } : judgedVerdict;
  const report: RoundReport = { snapshot, rows, quota, verdict };
  // A member that refuses this user its Status (no root role) still answered: its row says why.
  const anyAnswered = snapshot.members.some((s) => s.status?.ok || s.status?.failure.kind === 'permission');
  // An answer from another cluster is an answer: the mismatch must be shown, not "cannot reach".
  const otherClusterAnswered = (snapshot.clusters?.length ?? 0) > 1;
  if (!anyAnswered && !otherClusterAnswered) report.unreachable = unreachableProblem(snapshot);
  return report;
}

function unreachableProblem(snapshot: ClusterSnapshot): ConfigProblem {
  const failure = !snapshot.discovery.ok
    ? snapshot.discovery.failure
    : snapshot.members.map((s) => (s.status && !s.status.ok ? s.status.failure : undefined)).find(Boolean);
  return {
    message: `cannot reach etcd: ${failure?.message ?? 'no member answered'}`,
    hint: failure?.hint ?? 'check --endpoints and the TLS flags',
  };
}
