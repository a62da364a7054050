// The monitor borrows the operator's terminal and must give it back: after q or a SIGTERM the
// shell's own screen is back (what was printed before is still there, the dashboard is gone),
// the cursor shows, and the shell reads lines again. And colour: on by default (even with CI set
// in the operator's shell), off with --no-color or NO_COLOR, the words carrying every state.
// The monitor is started from a real shell in tmux here, as an operator would start it.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { BIN } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const run = promisify(execFile);
const FIRST_DATA_MS = 30_000;
const EXITS_WITHIN_MS = 5_000;

interface Shell {
  readonly socket: string;
  screen(options?: { ansi?: boolean }): Promise<string>;
  /** Types a command line and presses Enter (a shell, not the monitor: one write is fine). */
  type(line: string): Promise<void>;
  key(key: string): Promise<void>;
  format(format: string): Promise<string>;
  waitForScreen(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

/** A POSIX shell in a fresh tmux server, with a bare environment (no CI, no colour settings). */
async function startShell(columns = 100, rows = 30): Promise<Shell> {
  const socket = `etcdtop-shell-${randomUUID().slice(0, 8)}`;
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ETCDTOP_DETECT_ROOT: '/nonexistent-etcdtop-root',
  };
  const tmux = async (...args: string[]) => (await run('tmux', ['-L', socket, ...args], { env })).stdout;
  await tmux('new-session', '-d', '-s', 'sh', '-x', String(columns), '-y', String(rows), 'env', 'TERM=xterm-256color', 'PS1=$ ', 'sh');
  const shell: Shell = {
    socket,
    screen: (options = {}) => tmux('capture-pane', '-p', ...(options.ansi ? ['-e'] : []), '-t', 'sh'),
    async type(line) {
      await tmux('send-keys', '-t', 'sh', '-l', line);
      await tmux('send-keys', '-t', 'sh', 'Enter');
    },
    async key(key) {
      await tmux('send-keys', '-t', 'sh', key);
    },
    format: async (format) => (await tmux('display-message', '-p', '-t', 'sh', format)).trim(),
    async waitForScreen(pattern, timeoutMs = 10_000) {
      let last = '';
      try {
        return await waitFor(async () => {
          last = await shell.screen();
          return pattern.test(last) ? last : undefined;
        }, timeoutMs, `screen to match ${String(pattern)}`);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- last screen ---\n${last}`);
      }
    },
    async kill() {
      await tmux('kill-server').catch(() => undefined);
    },
  };
  await shell.waitForScreen(/^\$\s*$/m);
  return shell;
}

/** SGR sequences that set a foreground or background colour (not bold, inverse or resets). */
function colourCodes(ansi: string): string[] {
  const isColour = (p: number) => (p >= 30 && p <= 38) || (p >= 40 && p <= 48) || (p >= 90 && p <= 97) || (p >= 100 && p <= 107);
  return [...ansi.matchAll(/\x1b\[([\d;:]*)m/g)]
    .filter((m) => m[1]!.split(/[;:]/).some((p) => p !== '' && isColour(Number(p))))
    .map((m) => m[0]);
}

const showsCluster = (cluster: TestCluster) => (screen: string) =>
  cluster.members.every((m) => screen.includes(m.name)) && /\bLEADER\b/.test(screen);

describe('monitor and the terminal it runs in', () => {
  let cluster: TestCluster;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const shellWithMonitor = async (prefix = '', args = ''): Promise<Shell> => {
    const shell = await startShell();
    cleanups.push(() => shell.kill());
    // Printed by the shell before the monitor starts: must be on screen again after it ends.
    await shell.type('echo before-$((40+2))');
    await shell.waitForScreen(/^before-42$/m);
    await shell.type(`${prefix}${process.execPath} ${BIN} --endpoints ${cluster.endpoints[0]} ${args}; echo "EXIT=$?"`);
    await waitFor(async () => showsCluster(cluster)(await shell.screen()), FIRST_DATA_MS, 'the monitor to show the cluster');
    expect(await shell.format('#{alternate_on} #{cursor_flag}'), 'alternate screen on, cursor hidden').toBe('1 0');
    return shell;
  };

  const expectTerminalGivenBack = async (shell: Shell, exitCodes: RegExp) => {
    const after = await shell.waitForScreen(/^EXIT=\d+$/m, EXITS_WITHIN_MS);
    expect(after).toMatch(exitCodes);
    expect(after, 'what the shell printed before').toMatch(/^before-42$/m);
    expect(after, 'no dashboard left on the main screen').not.toMatch(/LEADER|Members|╭/);
    expect(after).not.toMatch(/internal error|Error:/);
    expect(await shell.format('#{alternate_on} #{cursor_flag}'), 'main screen, cursor shown').toBe('0 1');
    // Cooked mode again: the shell gets whole lines (raw mode would leave this line unanswered).
    await shell.type('echo typed-$((6*7))');
    await shell.waitForScreen(/^typed-42$/m);
  };

  it('q leaves the alternate screen: the shell\'s screen is back as it was, cursor and line editing too', async () => {
    const shell = await shellWithMonitor();
    await shell.key('q');
    await expectTerminalGivenBack(shell, /^EXIT=0$/m);
  });

  // A signal from outside exits 128 + its number, as shells expect; Ctrl-C typed in the monitor is a
  // key in raw mode, the same as q (k9s and htop also quit with 0 on it).
  it('Ctrl-C typed quits like q: exit 0, terminal given back', async () => {
    const shell = await shellWithMonitor();
    await shell.key('C-c');
    await expectTerminalGivenBack(shell, /^EXIT=0$/m);
  });

  it.each([
    { signal: 'SIGTERM', code: 143 },
    { signal: 'SIGINT', code: 130 },
  ] as const)('$signal from outside ends it cleanly with exit $code, the terminal given back', async ({ signal, code }) => {
    const shell = await shellWithMonitor();
    const shellPid = await shell.format('#{pane_pid}');
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', shellPid]);
    const pids = stdout.split('\n').map((s) => Number(s.trim())).filter((pid) => pid > 0);
    expect(pids, 'the monitor is the shell\'s one child').toHaveLength(1);
    process.kill(pids[0]!, signal);
    await expectTerminalGivenBack(shell, new RegExp(`^EXIT=${code}$`, 'm'));
    expect(() => process.kill(pids[0]!, 0)).toThrow();
  });

  it('draws in colour by default, even with CI=true in the operator\'s shell', async () => {
    const shell = await shellWithMonitor('CI=true ');
    const ansi = await shell.screen({ ansi: true });
    expect(colourCodes(ansi).length, 'colour escape codes on screen').toBeGreaterThan(0);
    await shell.key('q');
    await shell.waitForScreen(/^EXIT=0$/m, EXITS_WITHIN_MS);
  });

  describe('without colour', () => {
    let monitor: TmuxSession | undefined;
    afterEach(async () => {
      await monitor?.kill();
      monitor = undefined;
    });
    const ansiScreen = async (session: TmuxSession) =>
      (await run('tmux', ['-L', session.name, 'capture-pane', '-p', '-e', '-t', 'm'])).stdout;

    it('--no-color: no colour codes at all, LEADER and DOWN still on screen', async () => {
      monitor = await startMonitor({ args: ['--no-color', '--endpoints', cluster.endpoints[0]!] });
      await monitor.waitForScreen(showsCluster(cluster), FIRST_DATA_MS);
      const leaderIndex = await waitFor(async () => {
        const index = await cluster.leaderIndex();
        return index === undefined ? undefined : { index };
      }, 20_000, 'a leader');
      // A follower that is not the monitor's seed endpoint.
      const victimIndex = [1, 2].find((i) => i !== leaderIndex.index)!;
      const victim = cluster.members[victimIndex]!;
      await cluster.kill(victimIndex);
      try {
        const plain = await monitor.waitForScreen(new RegExp(`│[› ] ${victim.name} .*\\bDOWN\\b`), 10_000);
        expect(plain).toMatch(/\bLEADER\b/);
        const ansi = await ansiScreen(monitor);
        expect(ansi).toMatch(/\bDOWN\b/);
        expect(colourCodes(ansi)).toEqual([]);
      } finally {
        await cluster.restart(victimIndex);
      }
      await monitor.waitForScreen(new RegExp(`│[› ] ${victim.name} .*\\bUP\\b`), 20_000);
    });

    it('NO_COLOR=1: no colour codes, the words still there', async () => {
      monitor = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!], env: { NO_COLOR: '1' } });
      await monitor.waitForScreen(showsCluster(cluster), FIRST_DATA_MS);
      const ansi = await ansiScreen(monitor);
      expect(ansi).toMatch(/\bLEADER\b/);
      expect(ansi).toMatch(/\bUP\b/);
      expect(colourCodes(ansi)).toEqual([]);
    });
  });
});
