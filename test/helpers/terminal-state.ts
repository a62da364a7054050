// Whether a program that ran in a tmux pane gave its terminal back: once it has exited (the pane
// stays, "remain-on-exit"), it exited 0, the alternate screen is off and the dashboard is gone
// with it. (A dead pane's cursor flag says nothing: test/e2e/monitor-terminal.test.ts checks the
// cursor from a live shell.)
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { waitFor } from './etcd-cluster.js';
import type { TmuxSession } from './tmux.js';

const run = promisify(execFile);

export async function expectTerminalGivenBack(session: TmuxSession, exitsWithinMs = 5000): Promise<void> {
  await waitFor(async () => !(await session.alive()), exitsWithinMs, 'the program to exit');
  const { stdout } = await run('tmux', ['-L', session.name, 'display-message', '-p', '-t', 'm', '#{alternate_on} #{pane_dead_status}']);
  expect(stdout.trim(), 'main screen, exit status 0').toBe('0 0');
  expect(await session.screen()).not.toContain('Members');
}
