// One flag per verdict threshold, generated from the thresholds' own docs so a new threshold
// cannot ship without its flag and help line. Values are read as text and checked here: yargs'
// number type turns "abc" into NaN and "10ms" into NaN, which silently switched a check off.
import type { Options } from 'yargs';
import { defaultThresholds, thresholdDocs, type Thresholds } from '../core/verdict-thresholds.js';
import type { Problem } from './report-problem.js';
import { UsageProblem } from './usage-problem.js';

export const THRESHOLD_GROUP = 'Health thresholds (shared by check, status and the monitor):';

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const flagOf = (key: keyof Thresholds) => `--${kebab(key)}`;
const thresholdKeys = Object.keys(thresholdDocs) as (keyof Thresholds)[];

/** A warning threshold must not exceed its critical one: [warning, critical]. */
const ORDERED_PAIRS: readonly (readonly [keyof Thresholds, keyof Thresholds])[] = [
  ['dbWarnPercent', 'dbCriticalPercent'],
  ['walFsyncWarnMs', 'walFsyncCriticalMs'],
];

function maxOf(key: keyof Thresholds): number {
  return thresholdDocs[key].unit === 'percent' ? 100 : Number.POSITIVE_INFINITY;
}

/** The accepted range, as --help shows it: "0-100, at most --db-critical-percent". */
export function rangeText(key: keyof Thresholds): string {
  const max = maxOf(key);
  const range = Number.isFinite(max) ? `0-${max}` : '\u2265 0';
  const critical = ORDERED_PAIRS.find(([warn]) => warn === key)?.[1];
  const warn = ORDERED_PAIRS.find(([, crit]) => crit === key)?.[0];
  const order = critical ? `, at most ${flagOf(critical)}` : warn ? `, at least ${flagOf(warn)}` : '';
  return `${range}${order}`;
}

export const thresholdOptions: Record<string, Options> = Object.fromEntries(
  thresholdKeys.map((key) => [
    kebab(key),
    {
      // No yargs type: it would turn "abc" and "10ms" into NaN before we could name them.
      default: defaultThresholds[key],
      describe: `${thresholdDocs[key].description} (${thresholdDocs[key].unit}, ${rangeText(key)})`,
      // Given twice, the last one wins (as with etcdctl's flags), rather than an array.
      coerce: (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value),
    },
  ]),
);

const PLAIN_NUMBER = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

/** The thresholds the flags ask for, or the first thing wrong with them as one Problem. */
export function parseThresholdArgs(args: Record<string, unknown>): { ok: true; thresholds: Thresholds } | { ok: false; problem: Problem } {
  const thresholds = { ...defaultThresholds };
  for (const key of thresholdKeys) {
    const raw = args[key];
    if (raw === undefined) continue;
    // A flag with nothing after it arrives as `true`.
    const text = raw === true ? '' : String(raw);
    const value = PLAIN_NUMBER.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value) || value > maxOf(key)) {
      const unit = thresholdDocs[key].unit;
      return { ok: false, problem: { message: `invalid ${flagOf(key)} '${text}': expected a plain number of ${unit}, ${rangeText(key)}`, hint: `e.g. ${flagOf(key)} ${defaultThresholds[key]} (the default); no unit suffix` } };
    }
    thresholds[key] = value;
  }
  for (const [warn, critical] of ORDERED_PAIRS) {
    if (thresholds[warn] > thresholds[critical]) {
      return { ok: false, problem: { message: `${flagOf(warn)} ${thresholds[warn]} is above ${flagOf(critical)} ${thresholds[critical]}: a warning must come before its critical`, hint: `lower ${flagOf(warn)} or raise ${flagOf(critical)}` } };
    }
  }
  return { ok: true, thresholds };
}

/** For yargs' .check(): throws the Problem so the fail handler prints it with its own hint. */
export function checkThresholdArgs(args: Record<string, unknown>): true {
  const parsed = parseThresholdArgs(args);
  if (!parsed.ok) throw new UsageProblem(parsed.problem);
  return true;
}

/** Reads the threshold flags back out of parsed yargs arguments (already checked by checkThresholdArgs). */
export function thresholdsFromArgs(args: Record<string, unknown>): Thresholds {
  const parsed = parseThresholdArgs(args);
  if (!parsed.ok) throw new UsageProblem(parsed.problem);
  return parsed.thresholds;
}
