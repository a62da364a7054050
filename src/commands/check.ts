// `etcdtop check`: one verdict for cron and monitoring plugins, with the Nagios-style exit codes
// they rely on: 0 ok, 1 warning, 2 critical, 3 unknown (nothing reachable, bad configuration).
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { parseDuration } from '../config/duration.js';
import type { Verdict, VerdictLevel } from '../core/finding.js';
import { withOneRound } from './one-round.js';

/**
 * How far apart check's two scrapes are: latency is judged on what happened between them, not
 * since the member started (a spike 16 minutes ago kept check at WARNING). 2 s adds 2 s to every
 * check and, on a cluster doing ~50 writes/s or more, gives enough fsyncs to judge.
 */
export const CHECK_LATENCY_WINDOW = '2s';

export const EXIT_CODES: Readonly<Record<VerdictLevel, number>> = { ok: 0, warning: 1, critical: 2, unknown: 3 };

export function checkText(verdict: Verdict, memberCount: number): string {
  const headline = verdict.findings[0];
  const summary = headline
    ? `${verdict.findings.length} finding${verdict.findings.length > 1 ? 's' : ''}, first: ${headline.message}`
    : `${memberCount} member${memberCount === 1 ? '' : 's'}, no findings`;
  // Nothing answered: the reason is the whole verdict, and its remedy the only advice.
  if (verdict.level === 'unknown' && headline) return `UNKNOWN: ${headline.message}\n  fix: ${headline.remedy}\n`;
  const lines = [`${verdict.level.toUpperCase()}: ${summary}`];
  for (const finding of verdict.findings) {
    lines.push(`${finding.level.toUpperCase().padEnd(8)} ${finding.message} \u2014 fix: ${finding.remedy}`);
  }
  for (const note of verdict.notes ?? []) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export async function checkCommand(args: ConnectionArgs & { output: 'text' | 'json'; latencyWindow?: string } & Record<string, unknown>): Promise<number> {
  const latencyWindowMs = parseDuration(args.latencyWindow ?? CHECK_LATENCY_WINDOW);
  if (latencyWindowMs === undefined || latencyWindowMs > 60_000) {
    reportProblem({ message: `invalid --latency-window '${String(args.latencyWindow)}'`, hint: 'use a duration up to 1m, e.g. 2s, 10s; 0 judges latency since each member started' });
    return EXIT_UNKNOWN;
  }
  return withOneRound(args, (report) => {
    let verdict = report.verdict;
    if (report.unreachable && report.verdict.level === 'unknown') {
      const { message, hint } = report.unreachable;
      verdict = { level: 'unknown', findings: [{ level: 'critical', code: 'cluster-unreachable', message, remedy: hint }] };
    }
    if (args.output === 'json') {
      const json = { level: verdict.level, exitCode: EXIT_CODES[verdict.level], takenAt: new Date(report.snapshot.takenAtMs).toISOString(), findings: verdict.findings, notes: verdict.notes ?? [] };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(checkText(verdict, report.rows.length));
    }
    return EXIT_CODES[verdict.level];
  }, { latencyWindowMs });
}
