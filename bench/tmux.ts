// A private tmux server (its own socket file, `tmux -S`, in the bench's scratch folder) holding
// one detached session per program under test. Killing that server ends every session the
// bench started and nothing else; deleting the folder removes the socket, which tmux leaves.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PaneInfo {
  columns: number;
  rows: number;
  pid: number;
  dead: boolean;
}

/** POSIX shell quoting, for the one command line each pane runs. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export class TmuxServer {
  /** Every pane process seen, so that the bench can wait for them to be gone. */
  readonly panePids = new Set<number>();

  private serverStarted = false;

  constructor(readonly socketPath: string) {}

  private async tmux(args: string[]): Promise<string> {
    const { stdout } = await run('tmux', ['-S', this.socketPath, '-f', '/dev/null', ...args], { timeout: 10_000 });
    return stdout;
  }

  /**
   * A detached columns×rows session whose pane runs `script` with /bin/sh. The pane stays
   * after the program exits (remain-on-exit), so a crash can still be read from the screen.
   */
  async newSession(name: string, columns: number, rows: number, script: string): Promise<void> {
    if (!this.serverStarted) {
      // tmux exits when its last session ends, so a session created just after another one was
      // killed can reach a server that is shutting down ("server exited unexpectedly").
      // exit-empty off keeps it up until killServerNow().
      await this.tmux(['start-server', ';', 'set-option', '-s', 'exit-empty', 'off']);
      this.serverStarted = true;
    }
    await this.tmux(['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), '/bin/sh', '-c', script]);
    await this.tmux(['set-option', '-t', name, 'remain-on-exit', 'on']);
  }

  async pane(name: string): Promise<PaneInfo> {
    const out = await this.tmux(['display-message', '-p', '-t', name, '#{pane_width} #{pane_height} #{pane_pid} #{pane_dead}']);
    const [columns, rows, pid, dead] = out.trim().split(' ').map(Number);
    if (pid) this.panePids.add(pid);
    return { columns: columns ?? 0, rows: rows ?? 0, pid: pid ?? 0, dead: dead === 1 };
  }

  /** The server process, whose CPU time is the bench's, not "other work". */
  async serverPid(): Promise<number> {
    return Number((await this.tmux(['display-message', '-p', '#{pid}'])).trim());
  }

  /** Appends every byte the program writes to the pane to `file`, from now on. */
  async pipeOutput(name: string, file: string): Promise<void> {
    await this.tmux(['pipe-pane', '-o', '-t', name, `cat >> ${shellQuote(file)}`]);
  }

  async pressEnter(name: string): Promise<void> {
    await this.tmux(['send-keys', '-t', name, 'Enter']);
  }

  /** One key (tmux key name), as an operator would press it. */
  async pressKey(name: string, key: string): Promise<void> {
    await this.tmux(['send-keys', '-t', name, key]);
  }

  /** The pane's text as shown, without escapes. */
  async capture(name: string): Promise<string> {
    return this.tmux(['capture-pane', '-p', '-t', name]);
  }

  async killSession(name: string): Promise<void> {
    await this.tmux(['kill-session', '-t', name]).catch(() => undefined);
  }

  /** Synchronous, so that it also works from a process 'exit' handler. */
  killServerNow(): void {
    try {
      execFileSync('tmux', ['-S', this.socketPath, 'kill-server'], { stdio: 'ignore', timeout: 5_000 });
    } catch {
      // No server (never started, or already gone): nothing to clean up.
    }
  }
}
