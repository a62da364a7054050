// When the server could begin on each answer of a pipelined connection (HttpAnswer.servedInMs):
// the time a health check is shown with must be the member's, not the wait behind the answers
// before it. Go's server begins on a pipelined request once it has written the answer before
// it, so each answer is counted from the one before it, the first from the connection's being
// ready (connected, and over TLS its handshake passed). A busy client reads late: two answers
// whole in the same read were never seen apart, so the second's time then starts with the
// first's, never shorter than what it took.
import { monotonicMs } from '../core/monotonic-clock.js';

/** One socket read, as the answers it completes are counted. */
export interface ReadMark {
  read: number;
  at: number;
}

export class ServedTime {
  /** When the server could begin on the answer now being read. */
  private turnStartedAt = 0;
  /** Reads counted once per task: TLS hands one read's records over as several 'data' events in a row. */
  private reads = 0;
  private readCounted = false;
  /** The read that completed the last answer, and when that answer's turn had begun. */
  private lastAnswerRead = -1;
  private lastTurnStartedAt = 0;

  /** The connection is ready: the server can begin on the first request. */
  ready(): void {
    this.turnStartedAt = monotonicMs();
  }

  /** Data arrived: the read it belongs to, and when. */
  read(): ReadMark {
    if (!this.readCounted) {
      this.reads++;
      this.readCounted = true;
      queueMicrotask(() => (this.readCounted = false));
    }
    return { read: this.reads, at: monotonicMs() };
  }

  /** An answer is whole (by default: in a read of its own, now): how long the server took on it. */
  answered({ read, at }: ReadMark = { read: ++this.reads, at: monotonicMs() }): number {
    const startedAt = read === this.lastAnswerRead ? this.lastTurnStartedAt : this.turnStartedAt;
    this.lastAnswerRead = read;
    this.lastTurnStartedAt = startedAt;
    this.turnStartedAt = at;
    return at - startedAt;
  }
}
