// The monitor's first frame, written before Ink and React are even loaded: Node's module loader
// needs most of a second to bring Ink in, and an operator at a blank terminal for that second
// wonders whether anything happened. The splash enters the alternate screen the monitor is about
// to use; the monitor's first real frame paints over it. Any problem reported before that leaves
// the alternate screen first (reportProblem calls hideSplash), so the message stays readable.
const CSI = '\x1b[';

let shown = false;

export function showSplash(out: NodeJS.WriteStream = process.stdout, input: NodeJS.ReadStream = process.stdin): void {
  if (shown || !out.isTTY || !input.isTTY) return;
  shown = true;
  out.write(`${CSI}?1049h${CSI}?25l${CSI}H${CSI}2J etcdtop \u00b7 starting the monitor\u2026`);
}

/** Leaves the splash's alternate screen, if it is still up; safe to call any number of times. */
export function hideSplash(out: NodeJS.WriteStream = process.stdout): void {
  if (!shown) return;
  shown = false;
  out.write(`${CSI}?25h${CSI}?1049l`);
}

/** The monitor's terminal session took the screen over: its restore leaves the alternate screen. */
export function handOverSplash(): void {
  shown = false;
}
