// The retained-heap phase: starts frame-heap-child.js in a process of its own (node --expose-gc,
// NODE_ENV=production) against a built dist/, and turns its two heap readings into growth per
// frame and per hour. Why it exists: the live monitor's RSS window cannot see a leak of under
// 1 KB a frame under V8's sawtooth of tens of MB, while counted after full collections the build
// before the ink#986 fix retains +1.75 MB over 2 500 frames and the fixed one a few KB either way
// (bench/README.md).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameHeapSample, HeapReading } from './frame-heap-child.js';

export interface FrameHeapFigures extends FrameHeapSample {
  /** 'dist/' for this checkout's build, otherwise the directory given with --frames-dist. */
  distLabel: string;
  /** Heap snapshot minus compiled code, after the N frames minus after the warm-up. */
  retainedGrowthBytes: number;
  retainedKbPer1000Frames: number;
  /** At one frame per poll interval. */
  retainedMbPerHour: number;
  /** heapUsed after minus before: the same plus what V8 compiled meanwhile (information). */
  heapUsedGrowthBytes: number;
}

export type FrameHeapResult = { phaseSec: number } & ({ ok: true; figures: FrameHeapFigures } | { ok: false; problem: string });

export interface FrameHeapOptions {
  root: string;
  distDir: string;
  warmupFrames: number;
  frames: number;
  intervalMs: number;
}

const KB = 1024;
const MB = 1024 * 1024;
const CHILD_TIMEOUT_MS = 5 * 60_000;

const dataBytes = (reading: HeapReading) => reading.snapshotBytes - reading.compiledCodeBytes;

export function figuresOf(sample: FrameHeapSample, options: FrameHeapOptions): FrameHeapFigures {
  const retainedGrowthBytes = dataBytes(sample.afterFrames) - dataBytes(sample.afterWarmup);
  const perFrame = retainedGrowthBytes / Math.max(1, sample.frames);
  const inside = relative(options.root, options.distDir);
  return {
    ...sample,
    distLabel: inside === 'dist' ? 'dist/' : options.distDir,
    retainedGrowthBytes,
    retainedKbPer1000Frames: (perFrame * 1000) / KB,
    retainedMbPerHour: (perFrame * (3_600_000 / options.intervalMs)) / MB,
    heapUsedGrowthBytes: sample.afterFrames.heapUsedBytes - sample.afterWarmup.heapUsedBytes,
  };
}

/** Runs the child; its stderr is kept for the report if it fails, its stdout is one JSON line. */
function runChild(options: FrameHeapOptions): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childPath = fileURLToPath(new URL('./frame-heap-child.js', import.meta.url));
  const args = ['--expose-gc', childPath, '--dist', options.distDir, '--warmup', String(options.warmupFrames), '--frames', String(options.frames)];
  const child = spawn(process.execPath, args, {
    cwd: options.root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: CHILD_TIMEOUT_MS,
  });
  // The child never outlives the bench, even when the bench is stopped half-way.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const done = (code: number | null) => {
      process.off('exit', killChild);
      resolve({ code, stdout, stderr });
    };
    child.once('error', (error) => {
      stderr += error.message;
      done(null);
    });
    child.once('close', done);
  });
}

export async function measureFrameHeap(options: FrameHeapOptions): Promise<FrameHeapResult> {
  const started = performance.now();
  const phaseSec = () => (performance.now() - started) / 1000;
  if (!existsSync(join(options.distDir, 'ui', 'Dashboard.js'))) {
    return { ok: false, problem: `no ${join(options.distDir, 'ui', 'Dashboard.js')}: build etcdtop first (npm run build)`, phaseSec: phaseSec() };
  }
  const { code, stdout, stderr } = await runChild(options);
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    const why = stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${String(code)}`;
    return { ok: false, problem: `the child process failed: ${why}`, phaseSec: phaseSec() };
  }
  return { ok: true, figures: figuresOf(JSON.parse(line) as FrameHeapSample, options), phaseSec: phaseSec() };
}
