// Plays recorded rounds into the monitor's store at their recorded pace: the wait before a round
// is its takenAtMs gap to the round before, divided by the speed. It stands in for the poller, so
// the monitor's keys work on it: + and - (longer / shorter poll interval) make the replay slower /
// faster by the same ratio (1s → 500ms is twice as fast), r shows the next round now. Until then
// it reports the recorded interval whatever --speed says, so "polling every" and the STALE rule
// (older than two intervals) read as they did live. A gap of over a minute (the monitor was
// suspended, or a new session was appended) is skipped with an event, not waited out.
import type { ClusterEvent } from '../core/cluster-events.js';
import type { ClusterSnapshot } from '../core/cluster-snapshot.js';
import { formatDurationMs } from '../core/format.js';
import type { MonitorEvent } from '../core/monitor-state.js';
import type { Poller } from '../core/poller.js';
import { clockUtc } from '../core/views/view-text.js';
import { reasonOf, type CursorItem } from './recording-reader.js';
import { onSameUtcDay } from '../core/time-of-day.js';

export const MAX_WAITED_GAP_MS = 60_000;

export interface ReplayPlayerOptions {
  /** The recording's entries in order (a RecordingCursor); may throw on a damaged line. */
  next(): CursorItem | undefined;
  /** Total rounds in the recording, for the position. */
  rounds: number;
  /** The recorded poll interval: the gap used where the recording's own is skipped. */
  baseIntervalMs: number;
  speed: number;
  dispatch(event: MonitorEvent): void;
  /** Called once the recording is used up, or the player stopped (close the file). */
  onDone?: () => void;
  /** Starts `next` again from the recording's first entry (for seeking back). */
  rewind?: () => void;
  now?: () => number;
}

export interface ReplayPosition {
  /** Rounds shown so far, the one on screen included. */
  shown: number;
  rounds: number;
  speed: number;
  /** When the round on screen was taken. */
  atMs: number | undefined;
  ended: boolean;
}

export interface ReplayPlayer extends Poller {
  position(): ReplayPosition;
  subscribe(listener: () => void): () => void;
  /** The recording's clock: when the round on screen was taken, whatever the speed. */
  clockMs(): number;
  /**
   * Moves the replay `deltaMs` of recorded time back or forward: rounds are folded again from the
   * start (back) or shown at once (forward), so the screen is what it was at that time.
   */
  seekBy(deltaMs: number): void;
  /** Goes to the last round taken at or before `timeOfDayMs` (UTC) on the day of the round on screen. */
  seekToTimeOfDay(timeOfDayMs: number): void;
  /**
   * The interval the recording was made at: what "polling every" and STALE read, whatever the
   * speed (+ and - change the speed through setIntervalMs, not the recorded interval).
   */
  recordedIntervalMs(): number;
}

interface Pending {
  snapshot: ClusterSnapshot;
  /** Recorded milliseconds to wait before showing it. */
  gapMs: number;
  /** What to say when it is shown (a skipped gap, a new session, a cut-off line). */
  notes: string[];
}

export function createReplayPlayer(options: ReplayPlayerOptions): ReplayPlayer {
  return new Player(options);
}

/** Rounds shown in one go when the screen falls behind the schedule (a slow render at speed 100). */
const MAX_CATCH_UP = 500;

class Player implements ReplayPlayer {
  private readonly wallNow: () => number;
  private readonly listeners = new Set<() => void>();
  private speed: number;
  private reportedIntervalMs: number;
  private current: ReplayPosition;
  private shown: ClusterSnapshot | undefined;
  private firstAtMs: number | undefined;
  private pending: Pending | undefined;
  /** Wall-clock time the pending round is due. Due times chain from the previous due time, not
   * from when a frame was drawn, so a slow screen falls behind and catches up, never drifts. */
  private dueAtMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private done = false;

  constructor(private readonly options: ReplayPlayerOptions) {
    this.wallNow = options.now ?? (() => Date.now());
    this.speed = options.speed;
    this.reportedIntervalMs = options.baseIntervalMs;
    this.current = { shown: 0, rounds: options.rounds, speed: this.speed, atMs: undefined, ended: false };
  }

  start(): void {
    if (!this.stopped || this.done) return;
    this.stopped = false;
    this.pending = this.readNext();
    this.dueAtMs = this.wallNow();
    this.tick();
  }

  pollNow(): void {
    if (this.stopped || !this.pending) return;
    this.dueAtMs = this.wallNow();
    this.tick();
  }

  setIntervalMs(ms: number): void {
    if (!(ms > 0)) return;
    const now = this.wallNow();
    const recordedLeftMs = Math.max(0, this.dueAtMs - now) * this.speed;
    this.speed *= this.reportedIntervalMs / ms;
    this.reportedIntervalMs = ms;
    this.dueAtMs = now + recordedLeftMs / this.speed;
    this.update({ speed: this.speed });
    this.schedule();
  }

  intervalMs(): number {
    return this.reportedIntervalMs;
  }

  stop(): void {
    this.stopped = true;
    this.finish();
  }

  isRunning(): boolean {
    return !this.stopped;
  }

  // Arrow properties: React's useSyncExternalStore and the App's `now` take them unbound.
  readonly position = (): ReplayPosition => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly clockMs = (): number => this.shown?.takenAtMs ?? this.wallNow();

  readonly recordedIntervalMs = (): number => this.options.baseIntervalMs;

  seekToTimeOfDay(timeOfDayMs: number): void {
    if (!this.shown) return;
    const deltaMs = onSameUtcDay(this.shown.takenAtMs, timeOfDayMs) - this.shown.takenAtMs;
    if (deltaMs !== 0) this.seekBy(deltaMs);
  }

  seekBy(deltaMs: number): void {
    if (!this.shown || this.stopped || (deltaMs < 0 && !this.options.rewind)) return;
    const targetMs = this.shown.takenAtMs + deltaMs;
    if (deltaMs < 0) {
      this.options.rewind?.();
      this.done = false;
      this.options.dispatch({ type: 'reset' });
      this.shown = undefined;
      this.firstAtMs = undefined;
      this.current = { ...this.current, shown: 0, ended: false };
      this.pending = this.readNext();
    }
    // Every round up to the target, at once; at least one, so a step always moves.
    let moved = false;
    while (this.pending && (!moved || this.pending.snapshot.takenAtMs <= targetMs)) {
      this.showPending();
      moved = true;
      if (this.shown && this.shown.takenAtMs >= targetMs) break;
    }
    this.dueAtMs = this.wallNow() + (this.pending ? this.pending.gapMs / this.speed : 0);
    this.update({});
    this.tick();
  }

  /** Shows every round that is due (one React commit for all of them), then waits for the next. */
  private tick(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const before = this.current.shown;
    for (let n = 0; n < MAX_CATCH_UP && this.pending && this.dueAtMs <= this.wallNow(); n += 1) this.showPending();
    if (this.current.shown !== before) this.update({});
    if (this.pending) return this.schedule();
    const span = this.shown ? `, ${clockUtc(this.firstAtMs ?? 0)}–${clockUtc(this.shown.takenAtMs)} UTC` : '';
    this.note(`end of recording: ${this.current.shown} rounds${span} (q quits)`);
    this.update({ ended: true });
    this.finish();
  }

  private showPending(): void {
    if (!this.pending) return;
    const { snapshot, notes } = this.pending;
    this.shown = snapshot;
    this.firstAtMs ??= snapshot.takenAtMs;
    this.options.dispatch({ type: 'round', snapshot });
    notes.forEach((text) => this.note(text));
    this.current = { ...this.current, shown: this.current.shown + 1, atMs: snapshot.takenAtMs };
    this.pending = this.readNext();
    if (this.pending) this.dueAtMs += this.pending.gapMs / this.speed;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped || !this.pending) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, this.dueAtMs - this.wallNow()));
  }

  private readNext(): Pending | undefined {
    const notes: string[] = [];
    let newSession = false;
    try {
      for (let item = this.options.next(); item !== undefined; item = this.options.next()) {
        if (item.kind === 'header') newSession = this.shown !== undefined;
        else if (item.kind === 'truncated') notes.push(`recording line ${item.line} was cut off mid-write: skipped`);
        // What the operator did: in the events pane as it was live, right after the round before it.
        else if (item.kind === 'event') this.options.dispatch({ type: 'note', event: item.event });
        else return this.pendingFor(item.snapshot, newSession, notes);
      }
    } catch (error) {
      notes.push(`recording ${reasonOf(error)}: replay stops here`);
    }
    notes.forEach((text) => this.note(text, 'warning'));
    return undefined;
  }

  private pendingFor(snapshot: ClusterSnapshot, newSession: boolean, notes: string[]): Pending {
    const gapMs = this.shown === undefined ? 0 : snapshot.takenAtMs - this.shown.takenAtMs;
    if (newSession) notes.push(`next recording session, from ${clockUtc(snapshot.takenAtMs)} UTC`);
    else if (gapMs > MAX_WAITED_GAP_MS) notes.push(`no round for ${formatDurationMs(gapMs)} in the recording: skipped`);
    const skip = newSession || gapMs > MAX_WAITED_GAP_MS || gapMs < 0;
    return { snapshot, gapMs: skip ? this.options.baseIntervalMs : gapMs, notes };
  }

  private note(message: string, level: ClusterEvent['level'] = 'info'): void {
    this.options.dispatch({ type: 'note', event: { atMs: this.shown?.takenAtMs ?? 0, level, message } });
  }

  private update(patch: Partial<ReplayPosition>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener();
  }

  private finish(): void {
    clearTimeout(this.timer);
    if (this.done) return;
    this.done = true;
    this.options.onDone?.();
  }
}
