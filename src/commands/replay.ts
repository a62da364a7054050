// `etcdtop replay FILE`: a recording made with `--record` played back in the same monitor, read
// only, at its recorded pace times --speed. The file is read once before the screen opens, so a
// damaged line is one clear line with its number, not a broken screen halfway through.
import { resolveLogPath } from '../cli/log-file.js';
import type { MonitorArgs } from '../cli/monitor-options.js';
import { routeWarningsToLog } from '../cli/process-hygiene.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { scanRecording } from '../record/recording-reader.js';
import { createReplaySource } from '../record/replay-source.js';
import { colorWanted } from '../ui/theme.js';

export interface ReplayArgs {
  file: string;
  speed: number;
  color: boolean;
  log?: string;
}

export const MIN_SPEED = 0.01;
export const MAX_SPEED = 1000;

/** yargs' inferred types do not survive the threshold options (a string index): read the flags here. */
export function replayArgsFrom(raw: Record<string, unknown>): ReplayArgs & Record<string, unknown> {
  return {
    ...raw,
    file: String(raw.file ?? ''),
    speed: Number(raw.speed ?? 1),
    color: raw.color !== false,
    ...(typeof raw.log === 'string' ? { log: raw.log } : {}),
  };
}

export async function replayCommand(raw: Record<string, unknown>): Promise<number> {
  const args = replayArgsFrom(raw);
  if (!(args.speed >= MIN_SPEED && args.speed <= MAX_SPEED)) {
    reportProblem({ message: `invalid --speed '${String(args.speed)}'`, hint: `use a factor from ${MIN_SPEED} to ${MAX_SPEED}, e.g. 2 (twice as fast) or 0.5` });
    return EXIT_UNKNOWN;
  }
  const scan = scanRecording(args.file);
  if (!scan.ok) {
    reportProblem(scan.problem);
    return EXIT_UNKNOWN;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    reportProblem({ message: 'replay needs an interactive terminal', hint: 'run it in a terminal (or in tmux/screen)' });
    return EXIT_UNKNOWN;
  }
  const logPath = resolveLogPath(args.log);
  routeWarningsToLog(logPath);
  const { summary } = scan;
  const intervalMs = summary.header.intervalMs;
  const monitorArgs: MonitorArgs & Record<string, unknown> = { ...args, interval: `${intervalMs}ms`, readOnly: true, record: undefined };
  const source = createReplaySource({ summary, speed: args.speed, color: colorWanted(args.color) });
  const { runMonitor } = await import('./monitor.js');
  return runMonitor({ args: monitorArgs, intervalMs, logPath, source });
}
