// yargs says "Unknown argument: endpoint" and stops there. An operator typing from memory under
// pressure needs the nearest real flag or command ("did you mean --endpoints?"), and a negative
// value ("--interval -1s", which yargs reads as the flags -1 and -s) needs its own sentence.
import { labCommandOptions } from '../lab/lab-options.js';
import { connectionOptions } from './connection-options.js';
import { monitorOptions } from './monitor-options.js';
import type { Problem } from './report-problem.js';
import { thresholdOptions } from './threshold-options.js';

export const COMMANDS = ['status', 'check', 'replay', 'lab', 'completion'] as const;

const FLAGS = [
  ...Object.keys(connectionOptions),
  ...Object.keys(thresholdOptions),
  ...Object.keys(monitorOptions),
  ...Object.keys(labCommandOptions),
  'output', 'speed', 'help', 'version', 'no-color',
];

const GENERIC_HINT = "run 'etcdtop --help' (or 'etcdtop <command> --help') for the options";

/** Edit distance counting a swap of two neighbours as one edit (so "stauts" is 1 from "status"). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest candidate within a third of the word's length (at least 1, at most 3 edits). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const allowed = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance <= allowed && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** A flag given a negative-looking value ("--interval -1s"): yargs splits it into flags. */
function negativeValue(argv: readonly string[]): Problem | undefined {
  const i = argv.findIndex((token, k) => k > 0 && /^-\.?\d/.test(token) && /^--[a-z][\w-]*$/i.test(argv[k - 1] ?? ''));
  if (i < 0) return undefined;
  const flag = argv[i - 1]!;
  return { message: `${flag} ${argv[i]}: negative values are not accepted`, hint: `give ${flag} a value of 0 or more, e.g. ${flag} ${argv[i]!.slice(1)}` };
}

function typedAsFlag(name: string, argv: readonly string[]): boolean {
  return argv.some((token) => token === `--${name}` || token.startsWith(`--${name}=`) || token === `-${name}`);
}

function closestFlag(name: string): string | undefined {
  const flag = closest(name, FLAGS);
  return flag ? `--${flag}` : undefined;
}

/** yargs' failure message → one Problem, with a "did you mean" when a flag or command is close. */
export function explainParseFailure(message: string, argv: readonly string[]): Problem {
  const negative = negativeValue(argv);
  if (negative && /Unknown argument|Not enough arguments|Missing argument/i.test(message)) return negative;
  const unknown = /^Unknown arguments?: (.*)$/i.exec(message);
  if (!unknown) return { message, hint: GENERIC_HINT };
  const names = unknown[1]!.split(',').map((name) => name.trim()).filter(Boolean);
  const lines = names.map((name) => {
    const asFlag = typedAsFlag(name, argv);
    const suggestion = asFlag ? closestFlag(name) : closest(name, COMMANDS);
    const typed = asFlag ? `unknown option --${name}` : `unknown command or argument '${name}'`;
    return suggestion ? `${typed}: did you mean ${suggestion}?` : typed;
  });
  if (!lines.some((line) => line.includes('did you mean'))) return { message, hint: GENERIC_HINT };
  return { message: lines.join('; '), hint: GENERIC_HINT };
}
