// src/etcd/deadline.ts: no promise handed to the poller outlives its deadline, and a throw is a
// Failure value, never an exception.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../../src/etcd/gateway.js';
import { deadlineIn, timed } from '../../src/etcd/deadline.js';

const DEADLINE_MS = 1500;
/** How long after the deadline the JS-level guard gives grpc to report its own timeout. */
const SLACK_MS = 250;

const after = <T>(ms: number, settle: (resolve: (value: T) => void, reject: (error: Error) => void) => void) =>
  new Promise<T>((resolve, reject) => setTimeout(() => settle(resolve, reject), ms));

/** Starts `timed` and records when (on the fake clock) its promise settled. */
function track<T>(promise: Promise<Outcome<T>>) {
  const startedAt = Date.now();
  const result: { outcome?: Outcome<T>; settledAfterMs?: number } = {};
  void promise.then((outcome) => {
    result.outcome = outcome;
    result.settledAfterMs = Date.now() - startedAt;
  });
  return result;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('timed', () => {
  it('gives up on a call that hangs, at the deadline plus the slack and not later', async () => {
    const result = track(timed(DEADLINE_MS, () => new Promise<never>(() => {})));
    await vi.advanceTimersByTimeAsync(DEADLINE_MS + SLACK_MS - 1);
    expect(result.outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result.settledAfterMs).toBe(DEADLINE_MS + SLACK_MS);
    expect(result.outcome).toMatchObject({ ok: false, failure: { kind: 'timeout', message: 'timed out after 1.5s' }, latencyMs: DEADLINE_MS + SLACK_MS });
  });

  it('answers with the value and the time it took', async () => {
    const result = track(timed(DEADLINE_MS, () => after<string>(120, (resolve) => resolve('3.5.15'))));
    await vi.advanceTimersByTimeAsync(120);
    expect(result.outcome).toEqual({ ok: true, value: '3.5.15', latencyMs: 120 });
    expect(result.settledAfterMs).toBe(120);
  });

  it.each([
    { case: 'a rejection', call: () => after<never>(30, (_, reject) => reject(new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.0.1:2379'))), kind: 'unreachable', latencyMs: 30 },
    { case: 'a synchronous throw', call: (): Promise<never> => { throw new Error('etcdserver: permission denied'); }, kind: 'permission', latencyMs: 0 },
    { case: 'a non-Error rejection', call: () => Promise.reject('Received HTTP status code 404'), kind: 'not-etcd', latencyMs: 0 },
  ])('turns $case into a Failure value', async ({ call, kind, latencyMs }) => {
    const result = track(timed(DEADLINE_MS, call));
    await vi.advanceTimersByTimeAsync(100);
    expect(result.outcome).toMatchObject({ ok: false, failure: { kind }, latencyMs });
  });

  it("words grpc's own deadline error with the deadline it was given", async () => {
    const result = track(timed(DEADLINE_MS, () => after<never>(DEADLINE_MS, (_, reject) => reject(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded')))));
    await vi.advanceTimersByTimeAsync(DEADLINE_MS);
    expect(result.outcome).toMatchObject({ ok: false, failure: { kind: 'timeout', message: 'timed out after 1.5s' }, latencyMs: DEADLINE_MS });
  });

  it('leaves no timer behind once the call settles', async () => {
    const result = track(timed(DEADLINE_MS, () => after<number>(10, (resolve) => resolve(1))));
    await vi.advanceTimersByTimeAsync(10);
    expect(result.outcome?.ok).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores a call that settles after it gave up (no unhandled rejection)', async () => {
    const result = track(timed(DEADLINE_MS, () => after<never>(10_000, (_, reject) => reject(new Error('read ECONNRESET')))));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(result.outcome).toMatchObject({ ok: false, failure: { kind: 'timeout' } });
  });
});

describe('deadlineIn', () => {
  it('is a grpc deadline `ms` from now', () => {
    vi.setSystemTime(1_000_000);
    expect(deadlineIn(1500)).toEqual({ deadline: 1_001_500 });
  });
});
