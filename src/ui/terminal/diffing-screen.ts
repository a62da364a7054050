// Ink 6 repaints every line of every frame, and clears the whole terminal (scrollback included)
// when a frame is as tall as the screen (ink#450, fixed only in ink 7, which needs Node 22). Its
// incremental mode draws one row too low on 6.8 (ink#910). So Ink renders in debug mode, which
// hands us each complete frame, into this stand-in stdout; we compare it with the previous frame
// and send the terminal only the lines that changed, addressed absolutely. That is safe because
// the monitor owns the alternate screen. Steady state at 1 s is then a few hundred bytes a
// second (the clock, a few numbers) instead of the whole screen.
import { EventEmitter } from 'node:events';

const CSI = '\x1b[';
const SYNC_BEGIN = `${CSI}?2026h`;
const SYNC_END = `${CSI}?2026l`;
const CONTROL_ONLY = /^(?:\x1b\[[0-9;?]*[A-Za-z])+$/;

export interface TerminalOut {
  write(chunk: string): boolean;
  columns?: number;
  rows?: number;
  on?(event: 'resize', listener: () => void): unknown;
  off?(event: 'resize', listener: () => void): unknown;
}

export class DiffingScreen extends EventEmitter {
  readonly isTTY = true;
  columns: number;
  rows: number;
  private previous: string[] | undefined;
  /** True while our 'resize' listeners run (see write). */
  private resizing = false;
  /** Bytes sent to the terminal, for `npm run bench` and the tests. */
  bytesWritten = 0;

  constructor(private readonly out: TerminalOut) {
    super();
    this.columns = out.columns ?? 80;
    this.rows = out.rows ?? 24;
    out.on?.('resize', this.onResize);
  }

  /** Ink (debug mode) writes one whole frame per call. */
  write(frame: string): boolean {
    // Ink answers a resize at once with a frame laid out for the old size (the App learns the new
    // size a moment later). Painted, its too-wide lines wrap and scroll the screen, and the diffs
    // after it leave that debris on every row that did not change. The App's frame follows and,
    // the screen being invalidated, is painted whole.
    if (this.resizing) return true;
    // Control sequences alone (Ink showing the cursor again on unmount) are not a frame: diffing
    // them as one would repaint row 1 and erase the screen below it.
    if (CONTROL_ONLY.test(frame)) {
      this.send(frame);
      return true;
    }
    const lines = frame.replace(/\n$/, '').split('\n');
    const patch = this.previous === undefined ? fullPaint(lines, this.rows) : diffPaint(this.previous, lines);
    this.previous = lines;
    if (patch !== '') this.send(SYNC_BEGIN + patch + SYNC_END);
    return true;
  }

  /** Forget what is on screen: the next frame is painted whole (after a resize, or a resume). */
  invalidate(): void {
    this.previous = undefined;
  }

  dispose(): void {
    this.out.off?.('resize', this.onResize);
  }

  private send(data: string): void {
    this.bytesWritten += Buffer.byteLength(data);
    this.out.write(data);
  }

  private readonly onResize = () => {
    this.columns = this.out.columns ?? this.columns;
    this.rows = this.out.rows ?? this.rows;
    // Terminals reflow (or not) on resize in their own ways: repaint from a blank screen.
    this.invalidate();
    this.resizing = true;
    try {
      this.emit('resize');
    } finally {
      this.resizing = false;
    }
  };
}

/**
 * Every line written and erased to its end, then everything below erased: the same picture as a
 * clear-and-draw, without the full-screen clear (\x1b[2J) that makes terminals flash and that
 * some of them push into the scrollback.
 */
function fullPaint(lines: string[], rows: number): string {
  const drawn = lines.map((line, i) => `${CSI}${i + 1};1H${line}${CSI}K`).join('');
  // Below a frame as tall as the screen there is nothing to erase (and the cursor cannot go).
  return `${CSI}H${drawn}${lines.length < rows ? `${CSI}${lines.length + 1};1H${CSI}J` : ''}`;
}

function diffPaint(previous: string[], next: string[]): string {
  let patch = '';
  for (let i = 0; i < next.length; i++) {
    if (next[i] !== previous[i]) patch += `${CSI}${i + 1};1H${next[i]}${CSI}K`;
  }
  if (next.length < previous.length) patch += `${CSI}${next.length + 1};1H${CSI}J`;
  return patch;
}
