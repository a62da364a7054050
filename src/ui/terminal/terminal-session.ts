// Owns the terminal for the monitor's lifetime: alternate screen in, cursor hidden; and, however
// the process ends (q, Ctrl-C, SIGTERM, SIGHUP, an uncaught error), the terminal is handed back
// as it was found: main screen and its scrollback intact, cursor visible, cooked mode.
import { handOverSplash } from './splash.js';

const CSI = '\x1b[';
const ENTER = `${CSI}?1049h${CSI}?25l`;
const LEAVE = `${CSI}?25h${CSI}?1049l`;

export interface TerminalSession {
  /** Leaves the alternate screen once; safe to call from several exit paths. */
  restore(): void;
}

export interface SessionHooks {
  /** Called on SIGTERM/SIGHUP/SIGINT: stop polling, unmount, then exit. */
  onSignal: (signal: NodeJS.Signals) => void;
  /** Called on an uncaught error after the terminal is restored. */
  onFatal: (error: unknown) => void;
}

export function enterTerminal(out: NodeJS.WriteStream, stdin: NodeJS.ReadStream, hooks: SessionHooks): TerminalSession {
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    out.write(LEAVE);
    process.off('exit', restore);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
  };
  const onSignal = (signal: NodeJS.Signals) => hooks.onSignal(signal);
  const onFatal = (error: unknown) => {
    // The terminal went away (ssh dropped, window closed): nothing to restore or report on it.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'EIO' || code === 'EPIPE') {
      if (!restored) hooks.onSignal('SIGHUP');
      restored = true;
      return;
    }
    restore();
    hooks.onFatal(error);
  };
  handOverSplash();
  out.write(ENTER);
  process.on('exit', restore);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  return { restore };
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
