// `etcdtop check`: one verdict for cron and monitoring plugins, with the Nagios-style exit codes
// they rely on: 0 ok, 1 warning, 2 critical, 3 unknown (nothing reachable, bad configuration).
import type { ConnectionArgs } from '../cli/connection-options.js';
import type { Verdict, VerdictLevel } from '../core/finding.js';
import { withOneRound } from './one-round.js';

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
  return `${lines.join('\n')}\n`;
}

export function checkCommand(args: ConnectionArgs & { output: 'text' | 'json' } & Record<string, unknown>): Promise<number> {
  return withOneRound(args, (report) => {
    let verdict = report.verdict;
    if (report.unreachable && report.verdict.level === 'unknown') {
      const { message, hint } = report.unreachable;
      verdict = { level: 'unknown', findings: [{ level: 'critical', code: 'cluster-unreachable', message, remedy: hint }] };
    }
    if (args.output === 'json') {
      const json = { level: verdict.level, exitCode: EXIT_CODES[verdict.level], takenAt: new Date(report.snapshot.takenAtMs).toISOString(), findings: verdict.findings };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(checkText(verdict, report.rows.length));
    }
    return EXIT_CODES[verdict.level];
  });
}
