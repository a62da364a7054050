// `etcdtop lab` refuses bad input before it starts anything: one problem line, one hint, exit 3.
// (Each bad size or rate is covered by test/lab/lab-options.test.ts without a process each.)
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { startMonitor } from '../helpers/tmux.js';
import { makeLabRoot, removeLabRoot } from '../lab/lab-processes.js';

function expectOneProblem(result: CliResult, message: RegExp, hint: RegExp): void {
  const lines = result.stderr.trimEnd().split('\n');
  expect(result.code, result.stderr).toBe(3);
  expect(result.stdout).toBe('');
  expect(lines, result.stderr).toHaveLength(2);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toMatch(hint);
}

describe('etcdtop lab, bad input', () => {
  let root: string;
  beforeEach(() => {
    root = makeLabRoot();
  });
  afterEach(() => {
    removeLabRoot(root);
  });

  it('without etcd says how to install one', async () => {
    const result = await runCli(['lab', '--etcd-bin', '/nonexistent'], { env: { TMPDIR: root } });
    expectOneProblem(result, /^etcdtop: --etcd-bin \/nonexistent: no executable file there$/, /apt-get install etcd-server.*--etcd-bin PATH/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('in a terminal, the hint stays on screen and the exit status is not zero', async () => {
    const tmux = await startMonitor({ args: ['lab', '--etcd-bin', '/nonexistent'], env: { TMPDIR: root } });
    const tmuxCommand = (...args: string[]) => promisify(execFile)('tmux', ['-L', tmux.name, ...args]).then((r) => r.stdout);
    try {
      await expect.poll(() => tmux.alive(), { timeout: 10_000 }).toBe(false);
      // tmux started from a vitest worker often cannot learn the exit status (the pane is dead
      // with an empty #{pane_dead_status}); when it does know it, it must be 3. The exit code
      // itself is asserted without tmux in the test above.
      const status = (await tmuxCommand('list-panes', '-t', 'm', '-F', '#{pane_dead_status}')).trim();
      if (status !== '') expect(status).toBe('3');
      // With the scrollback: a pane that tmux resizes after the start can push the first line up.
      const screen = await tmuxCommand('capture-pane', '-p', '-S', '-20', '-t', 'm');
      expect(screen).toMatch(/etcdtop: --etcd-bin \/nonexistent: no executable file there\n\s+hint: install one with 'sudo apt-get install etcd-server', or pass --etcd-bin PATH/);
    } finally {
      await tmux.kill();
    }
  });

  it('with a file that is not etcd says so', async () => {
    const result = await runCli(['lab', '--etcd-bin', '/bin/true'], { env: { TMPDIR: root } });
    expectOneProblem(result, /\/bin\/true does not answer 'etcd --version' like etcd/, /apt-get install etcd-server/);
  });

  it('outside a terminal refuses before starting any member', async () => {
    const result = await runCli(['lab'], { env: { TMPDIR: root } });
    expectOneProblem(result, /needs an interactive terminal/, /run it in a terminal/);
    expect(readdirSync(root)).toEqual([]);
  });
});
