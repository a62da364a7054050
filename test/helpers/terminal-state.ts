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
  const [alternateOn, deadStatus] = stdout.trim().split(' ');
  expect(alternateOn, 'main screen').toBe('0');
  const screen = await session.screen();
  // The status the session echoed (startMonitor's echoExitStatus), else tmux's when it has one.
  const exitStatus = /^EXIT=(\d+)$/m.exec(screen)?.[1] ?? deadStatus;
  expect(exitStatus, 'exit status 0 (start the session with echoExitStatus when tmux cannot tell)').toBe('0');
  expect(screen).not.toContain('Members');
}
