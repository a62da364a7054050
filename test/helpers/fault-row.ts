// One row of the fault matrix: put a fault in place on a real cluster, and check what the operator
// gets from each front end: the monitor's screen (tmux), `status -o json` and `check`'s exit code;
// then undo it and wait for the screen to clear. The times until the fault shows and until it
// clears are recorded (fault-timings.ts), and the appear time is held to the bound of two
// intervals plus one deadline, with generous slack for a busy machine.
import { expect } from 'vitest';
import { waitFor } from './etcd-cluster.js';
import { appearBoundMs, recordFaultTiming, SCREEN_SLACK_MS, since } from './fault-timings.js';
import { RELAXED_LATENCY, runCli } from './run-cli.js';
import type { TmuxSession } from './tmux.js';

export const INTERVAL_MS = 1000;
export const DEADLINE_MS = 1500;
export const APPEAR_BOUND_MS = appearBoundMs(INTERVAL_MS, DEADLINE_MS);

/**
 * Latency findings are judged elsewhere (enough samples, windows) and a busy CI disk must not
 * decide a fault row: thresholds far above this machine's worst, so only the fault moves the verdict.
 */
export const CLI_ARGS = ['--command-timeout', `${DEADLINE_MS}ms`, ...RELAXED_LATENCY];
/** The monitor's: the interval too. */
export const FAULT_ARGS = ['--interval', `${INTERVAL_MS / 1000}s`, ...CLI_ARGS];

export interface StatusJson {
  clusterId: string | null;
  members: { id: string; name: string; reachable: boolean; state: string; isLeader: boolean; isLearner: boolean; error: { kind: string } | null }[];
  verdict: { level: string; findings: { code: string; message: string; memberId: string | null }[] };
}

export async function statusJson(endpoints: readonly string[], extra: string[] = []): Promise<StatusJson> {
  const result = await runCli(['status', '-o', 'json', '--endpoints', endpoints.join(','), ...CLI_ARGS, ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusJson;
}

export async function checkExit(endpoints: readonly string[], extra: string[] = []): Promise<{ code: number | null; stdout: string }> {
  const result = await runCli(['check', '--endpoints', endpoints.join(','), ...CLI_ARGS, ...extra]);
  return { code: result.code, stdout: result.stdout };
}

export interface FaultRow {
  fault: string;
  /** What the operator should see, for the record. */
  shows: string;
  inject: () => Promise<void>;
  /** The monitor shows the fault. */
  onScreen: (screen: string) => boolean;
  /** While the fault is in place: status JSON, check. */
  whileFaulty?: (screen: string) => Promise<void>;
  undo: () => Promise<void>;
  /** The monitor shows it cleared. */
  cleared: (screen: string) => boolean;
  /** How long clearing may take on screen (a restarted member needs to start and catch up). */
  clearWithinMs?: number;
  /** Some faults take longer than a deadline to become visible at all (an election timeout). */
  extraAppearMs?: number;
}

export async function runFaultRow(tmux: TmuxSession, row: FaultRow): Promise<void> {
  let undone = false;
  try {
    await row.inject();
    const inPlaceAt = Date.now();
    const screen = await tmux.waitForScreen(row.onScreen, APPEAR_BOUND_MS + (row.extraAppearMs ?? 0) + SCREEN_SLACK_MS);
    const appearedAfterMs = since(inPlaceAt);
    await row.whileFaulty?.(screen);
    undone = true;
    await row.undo();
    const undoneAt = Date.now();
    await tmux.waitForScreen(row.cleared, row.clearWithinMs ?? 30_000);
    recordFaultTiming({ fault: row.fault, shows: row.shows, appearedAfterMs, clearedAfterMs: since(undoneAt), boundMs: APPEAR_BOUND_MS + (row.extraAppearMs ?? 0) });
  } finally {
    if (!undone) await row.undo().catch(() => undefined);
  }
}

/** Waits (bounded) until `check` gives `code`: a just-restarted member can take a moment to rejoin. */
export async function eventuallyCheck(endpoints: readonly string[], code: number, timeoutMs = 20_000, extra: string[] = []): Promise<void> {
  let last = '';
  await waitFor(async () => {
    const result = await checkExit(endpoints, extra);
    last = `${result.code}: ${result.stdout}`;
    return result.code === code;
  }, timeoutMs, `check to exit ${code}`).catch((error: unknown) => {
    throw new Error(`${String(error)}; last check: ${last}`);
  });
}
