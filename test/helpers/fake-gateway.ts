// A scripted EtcdGateway for core tests: no network, no etcd, every answer decided by the test.
//
//   const gateway = new FakeGateway()
//     .script('memberList', 'https://10.0.0.1:2379', answer(list))
//     .script('status', 'https://10.0.0.2:2379', hang(1500))          // a frozen member
//     .script('health', 'https://10.0.0.3:2379', fail(failure('tls')));
//
// Each (method, target) pair has its own script: a list of replies consumed one per call, the
// last one repeating. A reply answers, or fails with a Failure (as the real gateway does: expected
// failures are values), optionally after `afterMs` of the fake clock, so delays and hangs are
// driven with `vi.useFakeTimers()` / `vi.advanceTimersByTimeAsync`. `hang(ms)` is what a frozen
// member looks like through a gateway with a deadline: nothing for `ms`, then a timeout failure.
//
// A call nothing was scripted for fails as 'unreachable' with a message naming the method and
// target, so a test that forgets a script sees it in the snapshot instead of hanging.
//
// Every call is recorded in `calls` (method, target, extra arguments, when it started and
// settled on the clock), and `inFlight` / `maxInFlight` count concurrent calls, so tests can
// assert what was asked, of whom, and whether the calls ran in parallel.
//
// `FakeGateway.fromSnapshot(snapshot)` scripts a whole cluster from a snapshot-factory round:
// every member endpoint answers the member list, and its status, health and metrics (at
// `<endpoint>/metrics`) with what the snapshot says, so collecting it gives that snapshot back.
import type {
  Alarm,
  CompactResult,
  EtcdGateway,
  Failure,
  HealthProbe,
  MemberId,
  MemberList,
  MemberMetrics,
  MemberStatus,
  Outcome,
  SnapshotResult,
} from '../../src/etcd/gateway.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';

/** What each gateway method answers with when it succeeds. */
export interface GatewayValues {
  memberList: MemberList;
  status: MemberStatus;
  health: HealthProbe;
  alarms: Alarm[];
  metrics: MemberMetrics;
  compact: CompactResult;
  defragment: void;
  disarm: void;
  moveLeader: void;
  promoteLearner: void;
  snapshot: SnapshotResult;
  put: void;
  deleteKey: void;
}

export type GatewayMethod = keyof GatewayValues;

export type Reply<T> =
  | { ok: true; value: T; afterMs: number }
  | { ok: false; failure: Failure; afterMs: number };

export interface GatewayCall {
  method: GatewayMethod;
  /** The endpoint (or, for `metrics`, the URL) the call addressed. */
  target: string;
  /** Arguments after the target (compact's revision, disarm's alarm, …). */
  args: unknown[];
  startedAtMs: number;
  /** When the call's promise resolved; undefined while it is in flight. */
  settledAtMs?: number;
  outcome?: Outcome<unknown>;
}

/** Succeed with `value`, after `afterMs` on the (fake) clock. */
export function answer<T>(value: T, afterMs = 0): Reply<T> {
  return { ok: true, value, afterMs };
}

/** Fail with `failure`, after `afterMs` on the (fake) clock. */
export function fail(failure: Failure, afterMs = 0): Reply<never> {
  return { ok: false, failure, afterMs };
}

/** A frozen member behind a deadline: nothing for `ms`, then a timeout failure. */
export function hang(ms: number): Reply<never> {
  return fail({ kind: 'timeout', message: `timed out after ${ms} ms` }, ms);
}

export class FakeGateway implements EtcdGateway {
  readonly calls: GatewayCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  closed = false;
  private readonly scripts = new Map<string, Reply<unknown>[]>();
  private readonly consumed = new Map<string, number>();

  /** Replies for `method` on `target`, one per call; the last one repeats. Replaces any earlier script. */
  script<M extends GatewayMethod>(method: M, target: string, ...replies: Reply<GatewayValues[M]>[]): this {
    if (replies.length === 0) throw new Error(`script(${method}, ${target}) needs at least one reply`);
    this.scripts.set(keyOf(method, target), replies);
    this.consumed.set(keyOf(method, target), 0);
    return this;
  }

  /** The same reply for status, health, member list and `<endpoint>/metrics`: e.g. a frozen member. */
  scriptMember(endpoint: string, reply: Reply<never>): this {
    return this.script('memberList', endpoint, reply)
      .script('status', endpoint, reply)
      .script('health', endpoint, reply)
      .script('metrics', `${endpoint}/metrics`, reply);
  }

  /** Recorded calls, optionally only those of one method and/or target. */
  callsTo(method?: GatewayMethod, target?: string): GatewayCall[] {
    return this.calls.filter((call) => (method === undefined || call.method === method) && (target === undefined || call.target === target));
  }

  /** A gateway that serves `snapshot`: see the file comment. */
  static fromSnapshot(snapshot: ClusterSnapshot): FakeGateway {
    const gateway = new FakeGateway();
    for (const sample of snapshot.members) {
      const endpoint = sample.endpoint;
      if (endpoint === undefined) continue;
      const reachable = sample.status?.ok === true;
      if (reachable && snapshot.discovery.ok) gateway.script('memberList', endpoint, answer(snapshot.discovery.value));
      else if (sample.status && !sample.status.ok) gateway.script('memberList', endpoint, fail(sample.status.failure));
      if (sample.status) gateway.script('status', endpoint, replyOf(sample.status));
      if (sample.health) gateway.script('health', endpoint, replyOf(sample.health));
      if (sample.metrics) gateway.script('metrics', `${endpoint}/metrics`, replyOf(sample.metrics));
    }
    return gateway;
  }

  memberList(endpoint: string): Promise<Outcome<MemberList>> {
    return this.call('memberList', endpoint, []);
  }
  status(endpoint: string): Promise<Outcome<MemberStatus>> {
    return this.call('status', endpoint, []);
  }
  health(endpoint: string): Promise<Outcome<HealthProbe>> {
    return this.call('health', endpoint, []);
  }
  alarms(endpoint: string): Promise<Outcome<Alarm[]>> {
    return this.call('alarms', endpoint, []);
  }
  metrics(metricsUrl: string): Promise<Outcome<MemberMetrics>> {
    return this.call('metrics', metricsUrl, []);
  }
  compact(endpoint: string, revision: bigint): Promise<Outcome<CompactResult>> {
    return this.call('compact', endpoint, [revision]);
  }
  defragment(endpoint: string): Promise<Outcome<void>> {
    return this.call('defragment', endpoint, []);
  }
  disarm(endpoint: string, alarm: Alarm): Promise<Outcome<void>> {
    return this.call('disarm', endpoint, [alarm]);
  }
  moveLeader(leaderEndpoint: string, targetId: MemberId): Promise<Outcome<void>> {
    return this.call('moveLeader', leaderEndpoint, [targetId]);
  }
  promoteLearner(endpoint: string, learnerId: MemberId): Promise<Outcome<void>> {
    return this.call('promoteLearner', endpoint, [learnerId]);
  }
  snapshot(endpoint: string, path: string): Promise<Outcome<SnapshotResult>> {
    return this.call('snapshot', endpoint, [path]);
  }
  put(endpoint: string, key: string, value: string): Promise<Outcome<void>> {
    return this.call('put', endpoint, [key, value]);
  }
  deleteKey(endpoint: string, key: string): Promise<Outcome<void>> {
    return this.call('deleteKey', endpoint, [key]);
  }
  close(): void {
    this.closed = true;
  }

  private async call<M extends GatewayMethod>(method: M, target: string, args: unknown[]): Promise<Outcome<GatewayValues[M]>> {
    const record: GatewayCall = { method, target, args, startedAtMs: Date.now() };
    this.calls.push(record);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const reply = this.next(method, target) as Reply<GatewayValues[M]>;
    // Even an immediate reply settles asynchronously, as a real call does.
    if (reply.afterMs > 0) await new Promise((resolve) => setTimeout(resolve, reply.afterMs));
    else await Promise.resolve();
    const latencyMs = Date.now() - record.startedAtMs;
    const outcome: Outcome<GatewayValues[M]> = reply.ok
      ? { ok: true, value: reply.value, latencyMs }
      : { ok: false, failure: reply.failure, latencyMs };
    this.inFlight -= 1;
    record.settledAtMs = Date.now();
    record.outcome = outcome;
    return outcome;
  }

  private next(method: GatewayMethod, target: string): Reply<unknown> {
    const key = keyOf(method, target);
    const replies = this.scripts.get(key);
    if (!replies) return fail({ kind: 'unreachable', message: `fake gateway: nothing scripted for ${method} ${target}` });
    const index = this.consumed.get(key) ?? 0;
    this.consumed.set(key, index + 1);
    return replies[Math.min(index, replies.length - 1)] as Reply<unknown>;
  }
}

function keyOf(method: GatewayMethod, target: string): string {
  return `${method} ${target}`;
}

function replyOf<T>(outcome: Outcome<T>): Reply<T> {
  return outcome.ok ? answer(outcome.value) : fail(outcome.failure);
}
