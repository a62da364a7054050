// The health verdict shared by `check`, the monitor's banner and the panes: one round (plus what
// the caller knows from history) in, findings out, most severe first. Pure: the clock is the
// snapshot's takenAtMs.
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { findingCodes, type Finding, type Verdict, type VerdictContext, type VerdictLevel } from './finding.js';
import { clusterIdentityFindings, discoveryFindings, leaderFindings, quorumFindings, quorumSize, unreachableFindings } from './findings-cluster.js';
import { alarmFindings, defragmentingFindings, presenceFindings } from './findings-member.js';
import { metricsFindings } from './findings-metrics.js';
import { latencyFindings, leaderChangeFindings, proposalFindings } from './findings-performance.js';
import { storageFindings } from './findings-storage.js';
import { versionFindings } from './findings-versions.js';
import { memberRows } from './member-rows.js';
import { alarmsOf, isReachable, isVoter, memberIdOf } from './selectors.js';
import { defaultThresholds, type Thresholds } from './verdict-thresholds.js';
import { compareText } from './text-order.js';

export type { Finding, FindingCode, FindingLevel, Verdict, VerdictContext, VerdictLevel } from './finding.js';
export { findingCodes } from './finding.js';
export { defaultThresholds, thresholdDocs, thresholdProblems, type ThresholdDoc, type Thresholds } from './verdict-thresholds.js';

export function verdictOf(
  snapshot: ClusterSnapshot,
  thresholds: Partial<Thresholds> = {},
  context: VerdictContext = {},
): Verdict {
  const limits: Thresholds = { ...defaultThresholds, ...thresholds };
  // Nothing answered: we cannot tell a dead cluster from a cut cable, so say why and no more.
  if (!snapshot.members.some(isReachable)) {
    // ...unless an endpoint answered for another cluster: that alone is CRITICAL.
    const identity = clusterIdentityFindings(snapshot);
    return { level: identity.length > 0 ? 'critical' : 'unknown', findings: sortFindings(snapshot, [...identity, ...unreachableFindings(snapshot)]) };
  }
  const rows = memberRows(snapshot);
  const alarms = alarmsOf(snapshot);
  const findings = [
    ...clusterIdentityFindings(snapshot),
    ...discoveryFindings(snapshot),
    ...quorumFindings(snapshot),
    ...leaderFindings(snapshot),
    ...presenceFindings(snapshot, rows, quorumSize(snapshot.members.filter(isVoter).length), alarms.length > 0),
    ...alarmFindings(snapshot, alarms),
    ...storageFindings(snapshot, rows, limits),
    ...latencyFindings(snapshot, limits, context),
    ...leaderChangeFindings(snapshot, limits, context),
    ...proposalFindings(context),
    ...metricsFindings(snapshot),
    ...versionFindings(snapshot),
    ...defragmentingFindings(snapshot, rows),
  ];
  const sorted = sortFindings(snapshot, findings);
  return { level: levelOf(sorted), findings: sorted };
}

/** The verdict with findings judged outside one round (certificates) merged in and re-ranked. */
export function withFindings(verdict: Verdict, snapshot: ClusterSnapshot, extra: Finding[]): Verdict {
  if (verdict.level === 'unknown' || extra.length === 0) return verdict;
  const sorted = sortFindings(snapshot, [...verdict.findings, ...extra]);
  return { level: levelOf(sorted), findings: sorted };
}

function levelOf(findings: Finding[]): VerdictLevel {
  if (findings.some((finding) => finding.level === 'critical')) return 'critical';
  return findings.length > 0 ? 'warning' : 'ok';
}

/**
 * Critical before warning; then by code in `findingCodes` order (what to act on first); then
 * cluster-wide before per-member, members in snapshot order, and members absent from the list
 * (alarms of removed members) last. Deterministic, so the headline does not flicker.
 */
export function sortFindings(snapshot: ClusterSnapshot, findings: Finding[]): Finding[] {
  const order = new Map(snapshot.members.map((sample, i) => [memberIdOf(sample), i]));
  const memberRank = (finding: Finding): number =>
    finding.memberId === undefined ? -1 : (order.get(finding.memberId) ?? snapshot.members.length);
  const codeRank = (finding: Finding): number => findingCodes.indexOf(finding.code);
  return [...findings].sort(
    (a, b) =>
      severity(b) - severity(a) ||
      codeRank(a) - codeRank(b) ||
      memberRank(a) - memberRank(b) ||
      compareText(a.message, b.message),
  );
}

function severity(finding: Finding): number {
  return finding.level === 'critical' ? 1 : 0;
}
