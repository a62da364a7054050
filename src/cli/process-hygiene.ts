// Things the process must do before anything else runs, so that nothing reaches the terminal
// behind our back and no secret lingers where `ps` can read it.
import { appendFileSync } from 'node:fs';
import { constants } from 'node:os';

/**
 * Node prints warnings (notably DEP0123, which grpc-js triggers on every TLS connection to an IP
 * address) straight to stderr. That would corrupt the monitor's screen and break the promise of
 * one clean error line, so warnings go to the debug log instead (ETCDTOP_LOG), or nowhere.
 */
export function routeWarningsToLog(logPath: string | undefined = process.env.ETCDTOP_LOG): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (!logPath) return;
    try {
      appendFileSync(logPath, `${new Date().toISOString()} warning ${warning.name}: ${warning.message}\n`);
    } catch {
      // A log that cannot be written must not take the tool down with it.
    }
  });
}

/**
 * `--password` is visible in /proc/PID/cmdline. Rewriting the process title overwrites that
 * memory on Linux, so the password is visible only for the instant before this runs; the README
 * recommends ETCDCTL_PASSWORD, which never is.
 */
export function hidePasswordFromProcessList(argv: readonly string[]): void {
  const masked: string[] = [];
  let maskNext: 'all' | 'after-colon' | undefined;
  let changed = false;
  for (const arg of argv) {
    if (maskNext) {
      masked.push(maskNext === 'all' ? '***' : arg.replace(/:.*$/, ':***'));
      changed ||= maskNext === 'all' || arg.includes(':');
      maskNext = undefined;
    } else if (arg === '--user') {
      masked.push(arg);
      maskNext = 'after-colon';
    } else if (arg === '--password') {
      masked.push(arg);
      maskNext = 'all';
    } else if (arg.startsWith('--password=')) {
      masked.push('--password=***');
      changed = true;
    } else if (/^--user=.*:/.test(arg)) {
      masked.push(arg.replace(/:.*$/, ':***'));
      changed = true;
    } else {
      masked.push(arg);
    }
  }
  if (changed) process.title = ['etcdtop', ...masked].join(' ');
}

/** 128 + the signal's number, what a shell reports for a process a signal ended: 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 15);
}

const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Outside the monitor (status, check, a command still connecting), SIGINT and SIGTERM exit at once
 * with 130 and 143. Node's own default dies of the signal instead, which scripts spawning us read
 * as no exit code at all. A command that cleans up on signals (the monitor's terminal session, the
 * lab's member guard) installs its own handler; this one then stands aside.
 */
export function exitOnSignals(beforeExit: () => void = () => undefined): void {
  for (const signal of ENDING_SIGNALS) {
    process.on(signal, () => {
      if (process.listenerCount(signal) > 1) return;
      beforeExit();
      process.exit(signalExitCode(signal));
    });
  }
}
