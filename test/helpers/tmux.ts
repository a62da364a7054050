// Drives the real monitor in a real terminal: a detached tmux session of a fixed size, keys sent
// one at a time (tmux would otherwise deliver fast keys as one input chunk), and the screen read
// back with capture-pane. Each session gets its own tmux server socket so parallel runs and a
// developer's own tmux never meet.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { BIN, CLI_NODE, cleanEnv } from './run-cli.js';
import { waitFor } from './etcd-cluster.js';

const run = promisify(execFile);

export interface TmuxSession {
  readonly name: string;
  /** The visible screen as plain text (no colour codes). */
  screen(): Promise<string>;
  /** Sends one key (tmux key name: 'j', 'Escape', 'Enter', 'C-c', 'y') and waits a beat. */
  press(key: string): Promise<void>;
  /** Presses each key in turn, never together. */
  pressEach(keys: string[]): Promise<void>;
  /** Waits until the screen matches, returning it; throws with the last screen on timeout. */
  waitForScreen(pattern: RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** True while the etcdtop process is still running in the pane. */
  alive(): Promise<boolean>;
  kill(): Promise<void>;
}

export interface MonitorOptions {
  args: string[];
  /** What runs ARGS; default the build under test (`node bin/etcdtop.js`, node being CLI_NODE). */
  command?: string[];
  /** The program's working directory; default the test's. */
  cwd?: string;
  columns?: number;
  rows?: number;
  env?: Record<string, string | undefined>;
  /** Print "EXIT=<status>" when the program ends (see terminal-state.ts). */
  echoExitStatus?: boolean;
}

/** Starts `etcdtop ARGS` (or COMMAND ARGS) in a fresh tmux server; the pane stays open after exit ("remain-on-exit"). */
export async function startMonitor(options: MonitorOptions): Promise<TmuxSession> {
  const socket = `etcdtop-test-${randomUUID().slice(0, 8)}`;
  const tmux = (...args: string[]) => run('tmux', ['-L', socket, ...args], { env: cleanEnv(options.env) });
  const env = cleanEnv({ TERM: 'xterm-256color', CI: undefined, ...options.env });
  const exports = Object.entries(env)
    .filter(([key]) => /^(ETCDCTL_|ETCDTOP_|NO_COLOR$|HOME$|PATH$|TERM$|XDG_)/.test(key))
    .map(([key, value]) => `${key}=${shellQuote(value ?? '')}`);
  const program = options.command ?? [CLI_NODE, BIN];
  // tmux started from a vitest worker often cannot report a dead pane's exit status: the shell
  // that runs the command prints it instead, when asked (after the program, so on the main screen).
  const echoExit = options.echoExitStatus === true ? '; echo "EXIT=$?"' : '';
  const command = `env -u CI ${exports.join(' ')} ${[...program, ...options.args].map(shellQuote).join(' ')}${echoExit}`;
  // remain-on-exit must be on before the command starts: one that fails at once (bad input)
  // would otherwise take its pane, and what it printed, with it. Options need a running server,
  // hence the placeholder session, started first and killed once 'm' exists.
  await tmux('new-session', '-d', '-s', 'boot', 'sleep 60');
  await tmux('set-option', '-g', 'remain-on-exit', 'on');
  const cwd = options.cwd === undefined ? [] : ['-c', options.cwd];
  await tmux('new-session', '-d', '-s', 'm', ...cwd, '-x', String(options.columns ?? 120), '-y', String(options.rows ?? 40), command);
  await tmux('kill-session', '-t', 'boot').catch(() => undefined);
  const session: TmuxSession = {
    name: socket,
    async screen() {
      const { stdout } = await tmux('capture-pane', '-p', '-t', 'm');
      return stdout;
    },
    async press(key) {
      await tmux('send-keys', '-t', 'm', key);
      await new Promise((resolve) => setTimeout(resolve, 150));
    },
    async pressEach(keys) {
      for (const key of keys) await session.press(key);
    },
    async waitForScreen(pattern, timeoutMs = 10_000) {
      const matches = typeof pattern === 'function' ? pattern : (screen: string) => pattern.test(screen);
      let last = '';
      try {
        return await waitFor(async () => {
          last = await session.screen();
          return matches(last) ? last : undefined;
        }, timeoutMs, `screen to match ${String(pattern)}`, 100);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- last screen ---\n${last}`);
      }
    },
    async alive() {
      const { stdout } = await tmux('list-panes', '-t', 'm', '-F', '#{pane_dead}');
      return stdout.trim() === '0';
    },
    async kill() {
      await tmux('kill-server').catch(() => undefined);
    },
  };
  return session;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
