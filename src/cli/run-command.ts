// How every command ends, whichever front end read its command line (yargs in cli.ts, or the
// yargs-free one-shot path in one-shot-main.ts): its exit code, or one line and exit 3 for a bad
// input or a bug.
import { EXIT_UNKNOWN, describeUnexpected, exitWith, reportProblem } from './report-problem.js';
import { UsageProblem } from './usage-problem.js';

export async function run(handler: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await handler();
  } catch (error) {
    reportProblem(error instanceof UsageProblem ? error.problem : describeUnexpected(error));
    code = EXIT_UNKNOWN;
  }
  await exitWith(code);
}
