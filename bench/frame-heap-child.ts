// The retained-heap phase itself, in a process of its own, started by frame-heap.ts as
//
//   NODE_ENV=production node --expose-gc .bench/bench/frame-heap-child.js --dist DIR --warmup W --frames N
//
// It renders the built Dashboard (DIR/ui/Dashboard.js: what ships, not src/) with Ink's render,
// as the monitor does (debug mode, every frame written), into a terminal that keeps nothing, one
// synthetic round per frame, and prints one line of JSON: the heap after W frames and after N
// more, each read after two full collections, as heapUsed and as a heap snapshot's sizes. The
// warm-up fills the history and whatever else is bounded, so that what grows afterwards grows
// with the frames. A process of its own because gc() exists only with --expose-gc and because
// the heap it reads must hold nothing but the app: the bench's own bookkeeping would move it by
// more than what is being measured. NODE_ENV is checked, not set: React reads it when it loads,
// and development React costs several times the CPU.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type * as MonitorStateModule from '../src/core/monitor-state.js';
import type * as DashboardModule from '../src/ui/Dashboard.js';
import { heapSnapshotSizes } from './heap-snapshot-sizes.js';
import { NullStdin, NullStdout } from './null-terminal.js';
import { SyntheticRounds } from './synthetic-rounds.js';

/** 120x40 as in the live-monitor phase, minus the two rows the App keeps for its footer. */
const FRAME_COLUMNS = 120;
const FRAME_ROWS = 38;
/** Small on purpose: the history is full after 120 frames, long before the warm-up ends. */
const FRAME_HISTORY_CAPACITY = 120;
const INTERVAL_MS = 1_000;

export interface FrameHeapSample {
  distDir: string;
  columns: number;
  rows: number;
  historyCapacity: number;
  warmupFrames: number;
  frames: number;
  afterWarmup: HeapReading;
  afterFrames: HeapReading;
  /** process.cpuUsage (user + system) over the N measured rerenders, ÷ N. */
  renderCpuMsPerFrame: number;
}

export interface HeapReading {
  /** process.memoryUsage().heapUsed: V8's compiled code included. */
  heapUsedBytes: number;
  /** A heap snapshot's total, and the part of it that is compiled code (heap-snapshot-sizes.ts). */
  snapshotBytes: number;
  compiledCodeBytes: number;
}

type Gc = () => void;

/** Once garbage is gone: two full collections (the first can leave finalizer work behind). */
async function readHeap(gc: Gc): Promise<HeapReading> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
  const heapUsedBytes = process.memoryUsage().heapUsed;
  const { totalBytes, compiledCodeBytes } = await heapSnapshotSizes();
  return { heapUsedBytes, snapshotBytes: totalBytes, compiledCodeBytes };
}

async function loadBuiltApp(distDir: string) {
  const load = (file: string): Promise<unknown> => import(pathToFileURL(join(distDir, file)).href);
  // Ink and React are imported from here and from DIR alike: both must resolve to one copy
  // (DIR's node_modules is this repository's, or a symlink to it).
  const { createElement } = await import('react');
  const { render } = await import('ink');
  const { Dashboard } = (await load('ui/Dashboard.js')) as typeof DashboardModule;
  const { initialMonitorState, reduceMonitor } = (await load('core/monitor-state.js')) as typeof MonitorStateModule;
  return { createElement, render, Dashboard, initialMonitorState, reduceMonitor };
}

type BuiltApp = Awaited<ReturnType<typeof loadBuiltApp>>;

/** Mounts the Dashboard on its first round; each call of the result renders `count` more. */
function startRendering(app: BuiltApp) {
  const rounds = new SyntheticRounds();
  let state = app.initialMonitorState({ historyCapacity: FRAME_HISTORY_CAPACITY });
  const nextFrame = () => {
    const snapshot = rounds.next();
    state = app.reduceMonitor(state, { type: 'round', snapshot });
    // The clock a little after the round ended, as when the poller's result arrives.
    const nowMs = snapshot.takenAtMs + snapshot.durationMs + 3;
    const selectedMemberId = snapshot.members[0]?.member.id;
    return app.createElement(app.Dashboard, {
      state, nowMs, intervalMs: INTERVAL_MS, selectedMemberId, paused: false, readOnly: false, columns: FRAME_COLUMNS, rows: FRAME_ROWS,
    });
  };
  const instance = app.render(nextFrame(), {
    stdout: new NullStdout(FRAME_COLUMNS, FRAME_ROWS) as unknown as NodeJS.WriteStream,
    stderr: new NullStdout(FRAME_COLUMNS, FRAME_ROWS) as unknown as NodeJS.WriteStream,
    stdin: new NullStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  /** Renders `count` frames; returns the CPU time the rerenders took, in µs (building rounds excluded). */
  const renderFrames = async (count: number): Promise<number> => {
    let cpuMicros = 0;
    for (let i = 0; i < count; i++) {
      const element = nextFrame();
      const before = process.cpuUsage();
      instance.rerender(element);
      // Ink writes the frame synchronously; this lets React's passive effects run as well.
      await new Promise((resolve) => setImmediate(resolve));
      const spent = process.cpuUsage(before);
      cpuMicros += spent.user + spent.system;
    }
    return cpuMicros;
  };
  const stop = () => {
    instance.unmount();
    instance.cleanup();
  };
  return { renderFrames, stop };
}

async function measureInThisProcess(distDir: string, warmupFrames: number, frames: number, gc: Gc): Promise<FrameHeapSample> {
  const dashboard = startRendering(await loadBuiltApp(distDir));
  await dashboard.renderFrames(warmupFrames);
  const afterWarmup = await readHeap(gc);
  const cpuMicros = await dashboard.renderFrames(frames);
  const afterFrames = await readHeap(gc);
  dashboard.stop();
  return {
    distDir, columns: FRAME_COLUMNS, rows: FRAME_ROWS, historyCapacity: FRAME_HISTORY_CAPACITY, warmupFrames, frames,
    afterWarmup, afterFrames, renderCpuMsPerFrame: cpuMicros / 1000 / Math.max(1, frames),
  };
}

async function childMain(): Promise<void> {
  const { values } = parseArgs({ options: { dist: { type: 'string' }, warmup: { type: 'string' }, frames: { type: 'string' } } });
  const gc = globalThis.gc;
  if (gc === undefined || process.env.NODE_ENV !== 'production' || values.dist === undefined) {
    throw new Error('run as: NODE_ENV=production node --expose-gc frame-heap-child.js --dist DIR [--warmup W] [--frames N]');
  }
  const sample = await measureInThisProcess(values.dist, Number(values.warmup ?? 500), Number(values.frames ?? 2500), gc);
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

childMain().catch((error: unknown) => {
  process.stderr.write(`frame-heap-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
