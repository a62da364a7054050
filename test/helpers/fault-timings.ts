// What the fault-matrix tests measured: how long after a fault was in place the operator saw it,
// and how long after it was undone the screen cleared. Written, not asserted (timings belong to
// the bench; a shared CI machine makes them noisy): one JSON line per fault, appended to
// $ETCDTOP_FAULT_TIMINGS or test-results/fault-timings.jsonl, and echoed to the test log.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'fault-timings.jsonl');

/**
 * The bound for a fault to show: two poll intervals plus one read deadline. Screen waits
 * use it plus SCREEN_SLACK_MS (tmux capture, a busy 2-core machine): a correctness bound, generous.
 */
export function appearBoundMs(intervalMs: number, deadlineMs: number): number {
  return 2 * intervalMs + deadlineMs;
}
export const SCREEN_SLACK_MS = 5_000;

export interface FaultTiming {
  fault: string;
  /** What the operator sees, in a few words (the banner headline, the member's state). */
  shows: string;
  appearedAfterMs: number;
  clearedAfterMs?: number;
  /** The bound that was asserted for appearedAfterMs (before slack). */
  boundMs?: number;
}

export function recordFaultTiming(timing: FaultTiming): void {
  const file = process.env.ETCDTOP_FAULT_TIMINGS || DEFAULT_FILE;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), ...timing })}\n`);
  console.log(`fault timing: ${JSON.stringify(timing)}`);
}

/** Milliseconds since `startMs` (a Date.now()), rounded. */
export const since = (startMs: number) => Math.round(Date.now() - startMs);
