// Which members `etcdtop defrag` acts on, and why: every member when no condition is given (as
// `etcdctl defrag --cluster`), else those meeting at least one condition, so that a cron line
// defragments only when it pays. Each decision carries its reason for --dry-run and the log.
import { formatBytes } from '../format.js';
import type { MemberRow } from '../member-rows.js';
import { propose, type MaintenanceContext } from './operations.js';
import { isServing, label } from './safety-rules.js';

export interface DefragConditions {
  /** The DB file is over this % of its quota (NOSPACE fires on the file size). */
  dbOverQuotaPercent?: number;
  /** More than this many bytes of the file are not in use (what a defragment gives back). */
  unusedOverBytes?: number;
  /** More than this % of the file is not in use. */
  unusedOverPercent?: number;
}

export interface DefragDecision {
  row: MemberRow;
  selected: boolean;
  /** Why it is selected or not, in the operator's words. */
  reason: string;
  /** Set for a selected member the safety rules refuse as things stand now. */
  refusal?: string;
}

export const hasCondition = (conditions: DefragConditions) =>
  conditions.dbOverQuotaPercent !== undefined || conditions.unusedOverBytes !== undefined || conditions.unusedOverPercent !== undefined;

/** The member named by `--member`: its hex id or its name. */
export function findMember(rows: readonly MemberRow[], idOrName: string): MemberRow | undefined {
  const wanted = idOrName.trim().toLowerCase();
  return rows.find((row) => row.id.toLowerCase() === wanted) ?? rows.find((row) => row.name === idOrName.trim());
}

/** One decision per member in plan order (followers first, the leader last), the unselected after. */
export function defragDecisions(context: MaintenanceContext, conditions: DefragConditions, only?: MemberRow): DefragDecision[] {
  const decisions = context.rows
    .filter((row) => !only || row.id === only.id)
    .map((row) => decide(row, conditions, context));
  const rank = (decision: DefragDecision) => (!decision.selected ? 2 : decision.row.id === context.leaderId ? 1 : 0);
  return [...decisions].sort((a, b) => rank(a) - rank(b));
}

function decide(row: MemberRow, conditions: DefragConditions, context: MaintenanceContext): DefragDecision {
  const met = hasCondition(conditions) ? conditionsMet(row, conditions) : { selected: true, reason: 'no condition given: every member' };
  if (!met.selected) return { row, ...met };
  const refusal = propose({ kind: 'defragment', memberId: row.id }, context).refusal;
  return { row, ...met, ...(refusal ? { refusal } : {}) };
}

function conditionsMet(row: MemberRow, conditions: DefragConditions): { selected: boolean; reason: string } {
  if (!isServing(row) || row.dbSizeBytes === undefined) return { selected: false, reason: `${row.state.toUpperCase()}: its DB size is unknown` };
  const reasons: { met: boolean; text: string }[] = [];
  const size = formatBytes(row.dbSizeBytes);
  if (conditions.dbOverQuotaPercent !== undefined) {
    const percent = row.dbQuotaPercent ?? 0;
    reasons.push({ met: row.quotaKnown && percent > conditions.dbOverQuotaPercent, text: `DB ${size} is ${percent.toFixed(1)}% of the ${formatBytes(row.quotaBytes)} quota${row.quotaKnown ? '' : ' (quota unknown)'} (limit ${conditions.dbOverQuotaPercent}%)` });
  }
  const unusedBytes = row.dbSizeInUseBytes === undefined ? undefined : row.dbSizeBytes - row.dbSizeInUseBytes;
  if (conditions.unusedOverBytes !== undefined) {
    reasons.push({ met: unusedBytes !== undefined && unusedBytes > conditions.unusedOverBytes, text: `${unusedBytes === undefined ? '?' : formatBytes(unusedBytes)} of ${size} not in use (limit ${formatBytes(conditions.unusedOverBytes)})` });
  }
  if (conditions.unusedOverPercent !== undefined) {
    const percent = row.fragmentationPercent;
    reasons.push({ met: percent !== undefined && percent > conditions.unusedOverPercent, text: `${percent === undefined ? '?' : percent.toFixed(1)}% of ${size} not in use (limit ${conditions.unusedOverPercent}%)` });
  }
  const met = reasons.filter((reason) => reason.met);
  return met.length > 0
    ? { selected: true, reason: met.map((reason) => reason.text).join('; ') }
    : { selected: false, reason: reasons.map((reason) => reason.text).join('; ') };
}

export const decisionLabel = (decision: DefragDecision) =>
  `${label(decision.row)} ${decision.row.role === 'leader' ? 'LEADER' : decision.row.role}`;
