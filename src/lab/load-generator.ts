// The lab's write load: puts at a bounded rate (a token bucket refilled every tick, never more
// than `maxInFlight` puts outstanding), overwriting a small set of keys in turn. Overwriting is
// what makes the lab teach the real lesson: the DB grows with every revision kept, and compact +
// defragment give the space back. On NOSPACE it stops writing and asks for the alarms every few
// seconds; once NOSPACE is disarmed it writes again.
import type { Alarm, EtcdGateway } from '../etcd/gateway.js';

export type LoadState = 'writing' | 'paused-nospace' | 'stopped';

export interface LoadStats {
  state: LoadState;
  puts: number;
  bytesWritten: number;
  failures: number;
}

export interface LoadOptions {
  gateway: Pick<EtcdGateway, 'put' | 'alarms'>;
  endpoints: readonly string[];
  bytesPerSecond: number;
  valueBytes: number;
  keyCount: number;
  keyPrefix?: string;
  tickMs?: number;
  maxInFlight?: number;
  /** While paused on NOSPACE, how often to look whether the alarm is gone. */
  recheckMs?: number;
  /** Notable changes (paused, resumed, failing), for the log; never for the screen. */
  onEvent?: (message: string) => void;
}

export interface LoadGenerator {
  start(): void;
  stop(): void;
  stats(): LoadStats;
}

export function createLoadGenerator(options: LoadOptions): LoadGenerator {
  const tickMs = options.tickMs ?? 100;
  // Enough outstanding puts to hold the rate on a slow, busy machine (16 × 200 ms is 80 puts/s).
  const maxInFlight = options.maxInFlight ?? 16;
  const recheckMs = options.recheckMs ?? 2_000;
  const prefix = options.keyPrefix ?? 'etcdtop-lab/load/';
  const value = 'x'.repeat(options.valueBytes);
  // Unused budget is kept for half a second at most (or one value, when a value is worth more):
  // enough to make up for timers that fire late on a busy machine, never a catch-up burst after
  // a stall.
  const burstBytes = Math.max(options.valueBytes, options.bytesPerSecond / 2);
  const emit = (message: string) => options.onEvent?.(message);
  const stats: LoadStats = { state: 'stopped', puts: 0, bytesWritten: 0, failures: 0 };
  let tokens = 0;
  let lastRefillMs = 0;
  let inFlight = 0;
  let sequence = 0;
  let endpointIndex = 0;
  let failing = false;
  let timer: NodeJS.Timeout | undefined;

  const endpoint = () => options.endpoints[endpointIndex % options.endpoints.length]!;
  const schedule = (fn: () => void, ms: number) => {
    timer = setTimeout(fn, ms);
  };

  const refill = () => {
    const now = Date.now();
    tokens = Math.min(burstBytes, tokens + (options.bytesPerSecond * (now - lastRefillMs)) / 1000);
    lastRefillMs = now;
  };

  const tick = () => {
    if (stats.state !== 'writing') return;
    refill();
    while (tokens >= options.valueBytes && inFlight < maxInFlight) {
      tokens -= options.valueBytes;
      void put();
    }
    schedule(tick, tickMs);
  };

  const put = async () => {
    const key = `${prefix}${String(sequence++ % options.keyCount).padStart(4, '0')}`;
    const target = endpoint();
    inFlight += 1;
    const outcome = await options.gateway.put(target, key, value);
    inFlight -= 1;
    if (stats.state === 'stopped') return;
    if (outcome.ok) {
      stats.puts += 1;
      stats.bytesWritten += options.valueBytes;
      if (failing) emit(`load: writing again through ${target}`);
      failing = false;
    } else if (outcome.failure.kind === 'no-space') {
      pauseOnNoSpace();
    } else {
      stats.failures += 1;
      // Another member may still take writes (a follower forwards them to the leader).
      endpointIndex += 1;
      if (!failing) emit(`load: put through ${target} failed (${outcome.failure.message}); trying the next member`);
      failing = true;
    }
  };

  const pauseOnNoSpace = () => {
    if (stats.state !== 'writing') return;
    stats.state = 'paused-nospace';
    clearTimeout(timer);
    emit('load: NOSPACE, writes paused until the alarm is disarmed (press R in the monitor)');
    schedule(() => void recheck(), recheckMs);
  };

  const recheck = async () => {
    const outcome = await options.gateway.alarms(endpoint());
    if (stats.state !== 'paused-nospace') return;
    if (outcome.ok && !outcome.value.some(isNoSpace)) {
      emit('load: NOSPACE alarm gone, writing again');
      resume();
      return;
    }
    if (!outcome.ok) endpointIndex += 1;
    schedule(() => void recheck(), recheckMs);
  };

  const resume = () => {
    stats.state = 'writing';
    tokens = options.valueBytes;
    lastRefillMs = Date.now();
    tick();
  };

  return {
    start() {
      if (stats.state !== 'stopped') return;
      resume();
    },
    stop() {
      stats.state = 'stopped';
      clearTimeout(timer);
    },
    stats: () => ({ ...stats }),
  };
}

// The etcd3 gateway names alarms as etcd3's enum does ("Nospace"), not as etcd prints them.
function isNoSpace(alarm: Alarm): boolean {
  return alarm.alarm.toUpperCase() === 'NOSPACE';
}
