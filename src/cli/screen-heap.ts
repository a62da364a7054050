// The single executable starts with 4 MiB semi-spaces (scripts/build-exe.mjs): `status` and
// `check` then end without one scavenge, where 1 MiB ones took three, the first of them 3-4 ms
// (bench/README.md, "sixth pass"). A screen runs for hours and would keep those pages resident,
// ~7 MiB of the monitor's RSS, and V8 never shrinks a young generation below its initial size.
// So a screen's command line starts the executable again, in the same process (execve: same PID,
// same terminal, nothing drawn yet), with --max-semi-space-size=1 in NODE_OPTIONS: the
// executable's own flags set only the minimum, and V8 starts the young generation at the smaller
// of the two. The npm build's young generation starts at 1 MiB already (cli/young-generation.ts).
import { routeWarningsToLog } from './process-hygiene.js';
import { runsAsExecutable } from './sea-one-shot.js';

export const SCREEN_HEAP_OPTION = '--max-semi-space-size=1';
/** Set for the restarted process only: what NODE_OPTIONS was before ("-": not set). */
export const RESTARTED_FROM = 'ETCDTOP_SCREEN_HEAP_RESTART';

// Every command that is not a screen, and the flags that answer without one.
const NOT_A_SCREEN = new Set(['status', 'check', 'defrag', 'snapshot', 'completion', '--help', '-h', '--version']);

/**
 * True when yargs will open a screen: the monitor (no command), fleet, replay or lab. Read
 * without yargs, so an option's value that happens to be a command's name counts as that command.
 * Either mistake only costs a little: a screen with the larger heap, or a restart for nothing.
 */
export function opensAScreen(argv: readonly string[]): boolean {
  return !argv.some((token) => NOT_A_SCREEN.has(token));
}

/** The environment the restarted process starts with. */
export function restartEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const before = env.NODE_OPTIONS;
  return { ...env, NODE_OPTIONS: before ? `${before} ${SCREEN_HEAP_OPTION}` : SCREEN_HEAP_OPTION, [RESTARTED_FROM]: before ?? '-' };
}

/** In the restarted process: the environment as the operator gave it, for what it starts in turn. */
export function restoreEnvironment(env: NodeJS.ProcessEnv): boolean {
  const before = env[RESTARTED_FROM];
  if (before === undefined) return false;
  delete env[RESTARTED_FROM];
  if (before === '-') delete env.NODE_OPTIONS;
  else env.NODE_OPTIONS = before;
  return true;
}

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

/** In the single executable, on a screen's command line: does not return, unless execve fails. */
export function restartWithScreenHeap(argv: readonly string[]): void {
  if (restoreEnvironment(process.env)) return;
  if (!runsAsExecutable() || !opensAScreen(argv)) return;
  const execve = (process as { execve?: Execve }).execve;
  // Node warns that execve is experimental on the next tick: never seen when it succeeds, and
  // when it fails, the debug log's (or nothing's), as every warning is, not the terminal's.
  routeWarningsToLog();
  try {
    execve?.(process.execPath, [process.argv0, ...argv], restartEnvironment(process.env));
  } catch {
    // Not restarted: the screen runs with the larger young generation, and nothing else differs.
  }
}
