// Schedules poll rounds. A round starts only when the previous one has ended (a slow round is
// never stacked on top of another), and the next one is due one interval after the previous one
// STARTED, so a round that took 300 ms of a 1 s interval still yields one sample per second.
// Timers come from the caller so the schedule can be tested with fake timers.

export interface PollerOptions<T> {
  round: () => Promise<T>;
  onResult: (result: T) => void;
  onError?: (error: unknown) => void;
  intervalMs: number;
  now?: () => number;
}

export interface Poller {
  start(): void;
  /** Run a round as soon as possible (after the current one, if one is running). */
  pollNow(): void;
  setIntervalMs(ms: number): void;
  intervalMs(): number;
  /** Stops scheduling; a round in flight finishes but its result is dropped. */
  stop(): void;
  isRunning(): boolean;
}

export function createPoller<T>(options: PollerOptions<T>): Poller {
  const now = options.now ?? (() => Date.now());
  let intervalMs = options.intervalMs;
  let timer: NodeJS.Timeout | undefined;
  let inFlight = false;
  let stopped = true;
  let rerunRequested = false;
  /** When the last round started: an interval change between rounds is timed from it too. */
  let lastStartedAt: number | undefined;

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void runRound(), Math.max(0, delayMs));
  };

  const runRound = async () => {
    if (stopped) return;
    if (inFlight) {
      rerunRequested = true;
      return;
    }
    inFlight = true;
    const startedAt = now();
    lastStartedAt = startedAt;
    try {
      const result = await options.round();
      if (!stopped) options.onResult(result);
    } catch (error) {
      if (!stopped) options.onError?.(error);
    } finally {
      inFlight = false;
    }
    if (stopped) return;
    if (rerunRequested) {
      rerunRequested = false;
      schedule(0);
    } else {
      schedule(intervalMs - (now() - startedAt));
    }
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    pollNow() {
      if (stopped) return;
      if (inFlight) rerunRequested = true;
      else schedule(0);
    },
    setIntervalMs(ms) {
      intervalMs = ms;
      // Due the new interval after the last round STARTED, as every other round is: from the
      // moment of the change instead, a longer interval would be stretched by up to the old one.
      if (!stopped && !inFlight) schedule(lastStartedAt === undefined ? ms : lastStartedAt + ms - now());
    },
    intervalMs: () => intervalMs,
    stop() {
      stopped = true;
      // A pollNow asked for before stop() belongs to the old run: a restart must not replay it.
      rerunRequested = false;
      clearTimeout(timer);
    },
    isRunning: () => !stopped,
  };
}
