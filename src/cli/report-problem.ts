import { hideSplash } from '../ui/terminal/splash.js';

// Bad input gets one line saying what is wrong and one saying how to fix it: never a stack trace.
export const EXIT_UNKNOWN = 3;

export interface Problem {
  message: string;
  hint?: string;
}

export function formatProblem(problem: Problem): string {
  const lines = [`etcdtop: ${problem.message}`];
  if (problem.hint) lines.push(`  hint: ${problem.hint}`);
  return `${lines.join('\n')}\n`;
}

export function reportProblem(problem: Problem): void {
  hideSplash();
  process.stderr.write(formatProblem(problem));
}

/** An unexpected error (a bug): one line for the operator; the stack only with ETCDTOP_DEBUG. */
export function describeUnexpected(error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  if (process.env.ETCDTOP_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return {
    message: `internal error: ${message.split('\n')[0]}`,
    hint: 'set ETCDTOP_DEBUG=1 for details and report it',
  };
}

/** Let stdout drain before exiting, or a piped `status -o json` could be cut short. */
export async function exitWith(code: number): Promise<never> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  await new Promise<void>((resolve) => process.stderr.write('', () => resolve()));
  process.exit(code);
}
