// `status` and `check` without yargs: loading and setting up yargs (its parser, every command's
// options, the help machinery) was a quarter of a healthy `status`'s CPU. This reads only command
// lines it understands completely: known flags, each once, with plain values, giving the same
// arguments yargs gives the command. Anything else (help, version, a positional, a repeated or
// unknown flag, an odd value, `check --prometheus`) returns undefined and goes to yargs, which
// answers or words the error exactly as before. So the fast path can make no new error message.
import { thresholdDocs } from '../core/verdict-thresholds.js';
import { connectionOptions } from './connection-options.js';

export type OneShotCommand = 'status' | 'check';

export interface OneShotArgv {
  command: OneShotCommand;
  /** As yargs would hand them to the command: each flag under its kebab and camelCase names. */
  args: Record<string, unknown>;
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_match, c: string) => c.toUpperCase());

const OUTPUT_CHOICES: Readonly<Record<OneShotCommand, readonly string[]>> = { status: ['table', 'json'], check: ['text', 'json'] };
const OUTPUT_FLAGS = new Set(['--output', '--write-out', '-o', '-w']);
const BOOLEAN_FLAGS = new Set(Object.entries(connectionOptions).flatMap(([flag, option]) => (option.type === 'boolean' ? [flag] : [])));
const STRING_FLAGS = new Set(Object.entries(connectionOptions).flatMap(([flag, option]) => (option.type === 'string' ? [flag] : [])));
// yargs reads a threshold as a number when it looks like one, and the threshold check takes its
// text: only plain decimals are read here, where both agree ("1e3" or "0x10" go to yargs).
const THRESHOLD_FLAGS = new Set(Object.keys(thresholdDocs).map(kebab));
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
// Values yargs could read as something else (a flag, a negative number) are its to read.
const PLAIN_VALUE = /^[^-]/;

/** `status`/`check` followed only by flags it knows; undefined: let yargs read the command line. */
export function oneShotArgv(argv: readonly string[]): OneShotArgv | undefined {
  const command = argv[0];
  if (command !== 'status' && command !== 'check') return undefined;
  const given = new Map<string, string | true>();
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = equals > 0 ? token.slice(0, equals) : token;
    const name = OUTPUT_FLAGS.has(flag) ? 'output' : flag.startsWith('--') ? flag.slice(2) : undefined;
    if (name === undefined || given.has(name)) return undefined;
    if (BOOLEAN_FLAGS.has(name)) {
      if (equals > 0) return undefined;
      given.set(name, true);
      continue;
    }
    if (!STRING_FLAGS.has(name) && !THRESHOLD_FLAGS.has(name) && name !== 'output' && !(command === 'check' && name === 'latency-window')) return undefined;
    const value = equals > 0 ? token.slice(equals + 1) : argv[++i];
    if (value === undefined || !PLAIN_VALUE.test(value)) return undefined;
    if (THRESHOLD_FLAGS.has(name) && !PLAIN_DECIMAL.test(value)) return undefined;
    if (name === 'output' && !OUTPUT_CHOICES[command].includes(value)) return undefined;
    given.set(name, value);
  }
  return { command, args: argsOf(command, given) };
}

function argsOf(command: OneShotCommand, given: ReadonlyMap<string, string | true>): Record<string, unknown> {
  // Defaults the command does not apply itself (check's --latency-window and the thresholds' it does).
  const args: Record<string, unknown> = { _: [command], output: OUTPUT_CHOICES[command][0] };
  for (const [name, value] of given) {
    // Thresholds arrive as numbers from yargs; the threshold check reads their text either way.
    const typed = THRESHOLD_FLAGS.has(name) ? Number(value) : value;
    args[name] = typed;
    args[camel(name)] = typed;
  }
  return args;
}
