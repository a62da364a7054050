// grpc deadlines cover the call itself, but not everything etcd3 does around it (fetching an
// auth token, waiting for a channel). A JS-level race guarantees that no promise handed to the
// poller can outlive its deadline, whatever happens underneath.
import { monotonicMs } from '../core/monotonic-clock.js';
import type { Outcome } from './gateway.js';
import { failureFromError, timeoutFailure } from './grpc-failure.js';

/** Runs `call`, timing it, mapping a throw to a Failure and a hang to a timeout. */
export async function timed<T>(deadlineMs: number, call: () => Promise<T>, hasClientCertificate = true): Promise<Outcome<T>> {
  const startedAt = monotonicMs();
  const latency = () => Math.round(monotonicMs() - startedAt);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    // Slack above the grpc deadline so grpc's own, more precise error wins when it fires.
    timer = setTimeout(() => resolve('hang'), deadlineMs + 250);
  });
  try {
    const result = await Promise.race([call(), hang]);
    if (result === 'hang') return { ok: false, failure: timeoutFailure(deadlineMs), latencyMs: latency() };
    return { ok: true, value: result as T, latencyMs: latency() };
  } catch (error) {
    const failure = failureFromError(error, hasClientCertificate);
    if (failure.kind === 'timeout') failure.message = timeoutFailure(deadlineMs).message;
    return { ok: false, failure, latencyMs: latency() };
  } finally {
    clearTimeout(timer);
  }
}

export function deadlineIn(ms: number): { deadline: number } {
  return { deadline: Date.now() + ms };
}
