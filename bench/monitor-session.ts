// One full-screen program under test in its own 120x40 tmux session: launch it, time its first
// frames, then measure a steady-state window (bytes, clears, CPU, RSS) from outside the process.
import { setTimeout as sleep } from 'node:timers/promises';
import { rssKb, treeCpuSeconds } from './proc-stats.js';
import { countFrames, countFullClears, fileSize, readRange, rowRewrites } from './stream-analysis.js';
import { shellQuote, type PaneInfo, type TmuxServer } from './tmux.js';

export const COLUMNS = 120;
export const ROWS = 40;
const CAPTURE_EVERY_MS = 20;
const FIRST_FRAME_TIMEOUT_MS = 15_000;

export interface MonitorSubject {
  /** tmux session name. */
  id: string;
  label: string;
  argv: string[];
  /** The whole environment of the program: the pane runs it under `env -i`. */
  env: Record<string, string>;
  /** True once the screen shows real data, not a "connecting" placeholder. */
  dataReady: (screen: string) => boolean;
  /** Working folder of the program (where a snapshot taken with its keys lands); default the bench's. */
  cwd?: string;
}

export interface LaunchedSession {
  subject: MonitorSubject;
  pane: PaneInfo;
  outFile: string;
  /** performance.now() just before the program was let go. */
  startedAt: number;
  firstPaintMs: number | undefined;
  dataFrameMs: number | undefined;
}

export interface RowRate {
  row: number;
  perSec: number;
  text: string;
}

export interface WindowFigures {
  seconds: number;
  bytes: number;
  bytesPerSec: number;
  /** Bytes sent in each whole second of the window. */
  perSecondBytes: number[];
  fullClearsInWindow: number;
  /** From spawn to window end, minus the one a first paint may use. */
  fullClearsAfterFirst: number;
  framesPerSec: number;
  cpuPercent: number;
  rssStartKb: number | undefined;
  rssEndKb: number | undefined;
  /** VmRSS at the end of each whole second of the window. */
  rssPerSecondKb: number[];
  rowRates: RowRate[];
  finalScreen: string;
  aliveAtEnd: boolean;
}

interface Sample {
  at: number;
  cpuSec: number;
  rssKb: number | undefined;
  bytes: number;
}

function paneScript(subject: MonitorSubject): string {
  const env = Object.entries(subject.env).map(([key, value]) => shellQuote(`${key}=${value}`));
  // Held at `read` until the bench presses Enter, so pipe-pane is in place before the first byte.
  const cd = subject.cwd === undefined ? '' : `cd ${shellQuote(subject.cwd)} && `;
  return `read _; ${cd}exec env -i ${env.join(' ')} ${subject.argv.map(shellQuote).join(' ')}`;
}

export async function launch(server: TmuxServer, subject: MonitorSubject, outFile: string): Promise<LaunchedSession> {
  await server.newSession(subject.id, COLUMNS, ROWS, paneScript(subject));
  const pane = await server.pane(subject.id);
  await server.pipeOutput(subject.id, outFile);
  const startedAt = performance.now();
  await server.pressEnter(subject.id);
  let firstPaintMs: number | undefined;
  let dataFrameMs: number | undefined;
  while (dataFrameMs === undefined && performance.now() - startedAt < FIRST_FRAME_TIMEOUT_MS) {
    const screen = await server.capture(subject.id);
    // Taken after the capture returns: the frame was there a little earlier, never later.
    const elapsed = performance.now() - startedAt;
    if (firstPaintMs === undefined && screen.trim() !== '') firstPaintMs = elapsed;
    if (subject.dataReady(screen)) dataFrameMs = elapsed;
    else await sleep(CAPTURE_EVERY_MS);
  }
  // An error message printed on the way out is not a frame.
  const diedFirst = dataFrameMs === undefined && (await server.pane(subject.id)).dead;
  return { subject, pane, outFile, startedAt, firstPaintMs: diedFirst ? undefined : firstPaintMs, dataFrameMs };
}

function sample(session: LaunchedSession): Sample {
  const { pid } = session.pane;
  return { at: performance.now(), cpuSec: treeCpuSeconds(pid), rssKb: rssKb(pid), bytes: fileSize(session.outFile) };
}

async function sleepUntil(at: number): Promise<void> {
  const wait = at - performance.now();
  if (wait > 0) await sleep(wait);
}

function rowRates(bytes: string, seconds: number, screen: string): RowRate[] {
  const lines = screen.split('\n');
  return [...rowRewrites(bytes).entries()]
    .map(([row, count]) => ({ row, perSec: count / seconds, text: (lines[row - 1] ?? '').trimEnd() }))
    .sort((a, b) => b.perSec - a.perSec || a.row - b.row);
}

export async function measureWindow(server: TmuxServer, session: LaunchedSession, warmupSec: number, windowSec: number): Promise<WindowFigures> {
  await sleepUntil(session.startedAt + warmupSec * 1000);
  const start = sample(session);
  const perSecondBytes: number[] = [];
  const rssPerSecondKb: number[] = [];
  let previousBytes = start.bytes;
  for (let second = 1; second <= windowSec; second += 1) {
    await sleepUntil(start.at + second * 1000);
    const bytes = fileSize(session.outFile);
    perSecondBytes.push(bytes - previousBytes);
    previousBytes = bytes;
    const rss = rssKb(session.pane.pid);
    if (rss !== undefined) rssPerSecondKb.push(rss);
  }
  const end = sample(session);
  const seconds = (end.at - start.at) / 1000;
  const windowBytes = readRange(session.outFile, start.bytes, end.bytes);
  const finalScreen = await server.capture(session.subject.id);
  return {
    seconds,
    bytes: end.bytes - start.bytes,
    bytesPerSec: (end.bytes - start.bytes) / seconds,
    perSecondBytes,
    fullClearsInWindow: countFullClears(windowBytes),
    fullClearsAfterFirst: Math.max(0, countFullClears(readRange(session.outFile, 0, end.bytes)) - 1),
    framesPerSec: countFrames(windowBytes) / seconds,
    cpuPercent: ((end.cpuSec - start.cpuSec) / seconds) * 100,
    rssStartKb: start.rssKb,
    rssEndKb: end.rssKb,
    rssPerSecondKb,
    rowRates: rowRates(windowBytes, seconds, finalScreen),
    finalScreen,
    aliveAtEnd: !(await server.pane(session.subject.id)).dead,
  };
}
