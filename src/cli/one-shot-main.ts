// `status` and `check` as cli.ts runs them, for a command line oneShotArgv read without yargs:
// the same process hygiene first, the same threshold check (one line, exit 3), the same command
// modules and the same ending.
import type { ConnectionArgs } from './connection-options.js';
import type { OneShotArgv } from './one-shot-argv.js';
import { exitOnSignals, hidePasswordFromProcessList, routeWarningsToLog } from './process-hygiene.js';
import { EXIT_UNKNOWN, exitWith, reportProblem } from './report-problem.js';
import { run } from './run-command.js';
import { parseThresholdArgs } from './threshold-options.js';

export async function runOneShot({ command, args }: OneShotArgv, argv: readonly string[]): Promise<void> {
  routeWarningsToLog();
  hidePasswordFromProcessList(argv);
  // No splash to hide: these commands never draw one.
  exitOnSignals();
  const thresholds = parseThresholdArgs(args);
  if (!thresholds.ok) {
    reportProblem(thresholds.problem);
    await exitWith(EXIT_UNKNOWN);
    return;
  }
  if (command === 'status') {
    // oneShotArgv only ever sets output to one of the command's choices.
    const statusArgs = args as unknown as ConnectionArgs & { output: 'table' | 'json' } & Record<string, unknown>;
    await run(async () => (await import('../commands/status.js')).statusCommand(statusArgs));
  } else {
    const checkArgs = args as unknown as ConnectionArgs & { output: 'text' | 'json'; latencyWindow?: string } & Record<string, unknown>;
    await run(async () => (await import('../commands/check.js')).checkCommand(checkArgs));
  }
}
