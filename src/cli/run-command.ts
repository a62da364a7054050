// How every command ends, whichever front end read its command line (yargs in cli.ts, or the
// yargs-free one-shot path in one-shot-main.ts): its exit code, or one line and exit 3 for a bad
// input or a bug.
import { EXIT_UNKNOWN, describeUnexpected, exitWith, reportProblem } from './report-problem.js';
import { UsageProblem } from './usage-problem.js';

let abandoned = false;

/**
 * The command line was refused (yargs' fail handler reported it and is exiting): yargs still calls
 * the command's handler after a custom fail handler returns, and under Node 26 the exit came late
 * enough for the handler to report the same problem a second time. No command runs after this.
 */
export function abandonCommands(): void {
  abandoned = true;
}

export async function run(handler: () => Promise<number>): Promise<void> {
  if (abandoned) return;
  let code: number;
  try {
    code = await handler();
  } catch (error) {
    reportProblem(error instanceof UsageProblem ? error.problem : describeUnexpected(error));
    code = EXIT_UNKNOWN;
  }
  await exitWith(code);
}
