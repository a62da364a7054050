// Command-line options of `npm run bench -- …`. Defaults keep one run under about 3 minutes.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Timed runs of each one-shot command with a member frozen (each takes 1.5-5 s). */
  runs: number;
  /** Timed runs of each one-shot command on the healthy clusters (plain and mTLS; ~20-100 ms each). */
  healthyRuns: number;
  /** The monitor runs this long before the steady-state window opens. */
  warmupSec: number;
  windowSec: number;
  /** 0 = off; otherwise sample etcdtop's RSS every 10 s for this many minutes. */
  soakMin: number;
  /** Launches of etcdtop and of htop whose first frames are timed. */
  firstFrameLaunches: number;
  htop: boolean;
  /** Retained-heap phase: frames measured (0 = skip the phase), frames before, built app used. */
  frames: number;
  framesWarmup: number;
  framesDist: string;
  outDir: string;
  /** The single-executable phase (bench/executable.ts); on unless --no-exe. */
  exe: boolean;
  help: boolean;
  /** The fleet phase (synthetic clusters scraped by Prometheus): run it, skip it, or run it alone. */
  fleet: 'on' | 'off' | 'only';
}

export const USAGE = `usage: npm run bench [-- options]
  --healthy-runs N     timed runs of each one-shot command on the healthy clusters (default 21)
  --runs N             timed runs of each one-shot command with a member frozen (default 5)
  --warmup S           seconds the monitor runs before the steady-state window opens (default 5)
  --window S           length of the steady-state window in seconds (default 30)
  --launches N         launches of etcdtop and of htop whose first frames are timed (default 3)
  --soak MIN           afterwards, MIN minutes of the monitor on a failing cluster: a follower
                       killed every few minutes, NOSPACE + recovery halfway (default off)
  --no-htop            skip the htop comparison
  --frames N           frames the retained-heap phase measures after its warm-up (default 2500)
  --frames-warmup N    frames it renders before its first heap reading (default 500)
  --no-frames          skip the retained-heap phase
  --no-build           measure the existing dist/ without rebuilding it
  --no-exe             skip the single-executable phase (dist/exe, built by npm run build:exe)
  --out DIR            where latest.md and latest.json are written (default bench/results)
  --no-fleet           skip the fleet phase (500 synthetic clusters scraped by Prometheus)
  --fleet-only         run only the fleet phase (prints its table, writes no results file)
for checking the bench itself (bench/README.md):
  --frames-dist DIR    the retained-heap phase renders DIR/ui/Dashboard.js instead of dist/'s`;

function bounded(raw: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`--${name} must be a whole number from ${min} to ${max}, not '${raw}'`);
  }
  return value;
}

export function parseBenchArgs(argv: string[], root: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      runs: { type: 'string' },
      'healthy-runs': { type: 'string' },
      warmup: { type: 'string' },
      window: { type: 'string' },
      soak: { type: 'string' },
      launches: { type: 'string' },
      'no-htop': { type: 'boolean', default: false },
      frames: { type: 'string' },
      'frames-warmup': { type: 'string' },
      'no-frames': { type: 'boolean', default: false },
      'frames-dist': { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      'no-exe': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
      'no-fleet': { type: 'boolean', default: false },
      'fleet-only': { type: 'boolean', default: false },
    },
  });
  return {
    runs: bounded(values.runs, 5, 1, 50, 'runs'),
    healthyRuns: bounded(values['healthy-runs'], 21, 1, 200, 'healthy-runs'),
    warmupSec: bounded(values.warmup, 5, 1, 60, 'warmup'),
    windowSec: bounded(values.window, 30, 5, 600, 'window'),
    soakMin: bounded(values.soak, 0, 0, 240, 'soak'),
    firstFrameLaunches: bounded(values.launches, 3, 1, 20, 'launches'),
    htop: !values['no-htop'],
    frames: values['no-frames'] ? 0 : bounded(values.frames, 2500, 100, 100_000, 'frames'),
    framesWarmup: bounded(values['frames-warmup'], 500, 0, 100_000, 'frames-warmup'),
    framesDist: values['frames-dist'] === undefined ? join(root, 'dist') : resolve(values['frames-dist']),
    outDir: values.out ?? join(root, 'bench', 'results'),
    exe: !values['no-exe'],
    help: values.help,
    fleet: values['fleet-only'] ? 'only' : values['no-fleet'] ? 'off' : 'on',
  };
}
