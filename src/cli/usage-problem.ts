// A bad command line found by our own checks (not yargs' parser): carries the Problem to print,
// so the fail handler can tell it from a bug and give its specific hint instead of the generic one.
import type { Problem } from './report-problem.js';

export class UsageProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'UsageProblem';
  }
}
