// `etcdtop defrag`: the `d` key and the recovery's defragment steps without a screen, for cron.
// Followers one at a time with a health check between, the leader last, each step re-judged by
// the same safety rules (src/core/maintenance) just before it runs; stops at the first refusal
// or failure, never retries, and writes every defragment to the same audit log.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { MAINTENANCE_EXIT, type DefragArgs } from '../cli/maintenance-options.js';
import { maintenanceLockPath, underMaintenanceLock } from '../cli/maintenance-lock.js';
import { EXIT_UNKNOWN, reportProblem, type Problem } from '../cli/report-problem.js';
import { parseDuration } from '../config/duration.js';
import { decisionLabel, defragDecisions, findMember, hasCondition, type DefragConditions, type DefragDecision } from '../core/maintenance/defrag-selection.js';
import { defragmentSteps, runRecovery, type RecoveryOutcome, type RecoveryStep } from '../core/maintenance/recovery.js';
import { parseSize } from '../lab/sizes.js';
import { withHeadlessSession, type HeadlessSession } from './headless-session.js';

type Parsed = { ok: true; conditions: DefragConditions; defragMs: number } | { ok: false; problem: Problem };

export function parseDefragArgs(args: DefragArgs): Parsed {
  const defragMs = parseDuration(args.defragTimeout ?? '120s');
  if (defragMs === undefined || defragMs < 1000) return { ok: false, problem: { message: `invalid --defrag-timeout '${String(args.defragTimeout)}'`, hint: 'use a duration of at least 1s, e.g. 60s, 5m (a large DB can take minutes)' } };
  const conditions: DefragConditions = {};
  for (const [flag, value, key] of [['--if-db-over-percent', args.ifDbOverPercent, 'dbOverQuotaPercent'], ['--if-unused-over-percent', args.ifUnusedOverPercent, 'unusedOverPercent']] as const) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value >= 100) return { ok: false, problem: { message: `invalid ${flag} '${String(value)}'`, hint: 'give a percentage from 0 to 99, e.g. 80' } };
    conditions[key] = value;
  }
  if (args.ifUnusedOver !== undefined) {
    const bytes = parseSize(String(args.ifUnusedOver));
    if (bytes === undefined) return { ok: false, problem: { message: `invalid --if-unused-over '${String(args.ifUnusedOver)}'`, hint: 'give a size such as 500MB or 1GiB (MB is 10^6 bytes, MiB 2^20)' } };
    conditions.unusedOverBytes = bytes;
  }
  return { ok: true, conditions, defragMs };
}

export function defragCommand(args: ConnectionArgs & DefragArgs): Promise<number> {
  const parsed = parseDefragArgs(args);
  if (!parsed.ok) {
    reportProblem(parsed.problem);
    return Promise.resolve(EXIT_UNKNOWN);
  }
  return withHeadlessSession(args, { defragMs: parsed.defragMs }, (session) => defragWith(session, args, parsed.conditions));
}

async function defragWith({ context, clusterId, deps }: HeadlessSession, args: DefragArgs, conditions: DefragConditions): Promise<number> {
  const only = args.member === undefined ? undefined : findMember(context.rows, args.member);
  if (args.member !== undefined && !only) {
    reportProblem({ message: `no member '${args.member}' in the cluster`, hint: `give an id or a name: ${context.rows.map((row) => `${row.id} (${row.name})`).join(', ')}` });
    return EXIT_UNKNOWN;
  }
  const decisions = defragDecisions(context, conditions, only);
  const selected = decisions.filter((decision) => decision.selected);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(planHeadline(selected.length, conditions, args.dryRun));
  for (const decision of decisions) out(planLine(decision, args.dryRun));
  const refused = selected.filter((decision) => decision.refusal);
  if (args.dryRun) return refused.length > 0 ? MAINTENANCE_EXIT.refused : MAINTENANCE_EXIT.done;
  const scope = new Set(selected.map((decision) => decision.row.id));
  const printed = new Set<string>();
  const report = (steps: RecoveryStep[]) => {
    for (const step of steps) {
      if (step.status === 'pending' || step.status === 'running' || printed.has(step.id)) continue;
      printed.add(step.id);
      out(`${step.status.toUpperCase().padEnd(7)} ${step.message ?? step.title}`);
    }
  };
  // Refused by the lock, it reads as any refusal: REFUSED and the reason, exit 1.
  const outcome: RecoveryOutcome = await underMaintenanceLock(maintenanceLockPath(clusterId), { user: deps.user, operation: 'etcdtop defrag' },
    () => runRecovery(defragmentSteps(context, scope), deps, { skipNext: false, abort: false }, report, scope));
  if (!outcome.ok) {
    out(`${outcome.refused ? 'REFUSED' : 'FAILED'}: ${outcome.message}${outcome.nextStep ? `\n  next: ${outcome.nextStep}` : ''}`);
    return outcome.refused ? MAINTENANCE_EXIT.refused : MAINTENANCE_EXIT.failed;
  }
  // A selected member that was not serving had no step: it was not defragmented.
  const notServing = selected.filter((decision) => !defragmentSteps(context, new Set([decision.row.id])).length);
  for (const decision of notServing) out(`REFUSED ${decision.row.name} (${decision.row.id}): ${decision.refusal ?? 'it does not answer'}`);
  out(`${notServing.length > 0 ? 'INCOMPLETE' : 'OK'}: ${outcome.message}`);
  return notServing.length > 0 ? MAINTENANCE_EXIT.refused : MAINTENANCE_EXIT.done;
}

function planHeadline(count: number, conditions: DefragConditions, dryRun: boolean): string {
  const prefix = dryRun ? 'DRY RUN, nothing is changed: would defragment' : 'defragmenting';
  const why = hasCondition(conditions) ? 'that meet a condition' : '(no condition given: every member)';
  return `${prefix} ${count} member${count === 1 ? '' : 's'} ${why}, followers one at a time, the leader last`;
}

function planLine(decision: DefragDecision, dryRun: boolean): string {
  const verb = !decision.selected ? 'skip' : decision.refusal ? 'refuse' : dryRun ? 'would' : 'plan';
  const tail = decision.refusal ? `${decision.reason}; refused: ${decision.refusal}` : decision.reason;
  return `  ${verb.padEnd(6)} ${decisionLabel(decision)}: ${tail}`;
}
