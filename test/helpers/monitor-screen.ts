// Reading and driving the monitor's screen in end-to-end tests: keys one at a time, the
// dialog's text, the selected member row, the audit log.
import { existsSync, readFileSync } from 'node:fs';
import { waitFor } from './etcd-cluster.js';
import type { TmuxSession } from './tmux.js';

/**
 * Presses a key a moment after the screen showed the previous one's effect. The monitor swaps in
 * the key handler of a new mode only after painting it (React runs the effect that re-registers
 * Ink's input handler after the commit), so a key sent the instant a dialog appears can still
 * meet the previous mode's handler and be dropped. An operator never types that fast; a test does.
 */
export async function key(tmux: TmuxSession, name: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  await tmux.press(name);
}

/**
 * Quits with the monitor's own keys before the tmux server goes: killed by SIGHUP instead, it
 * still writes to its log, re-creating the temp folder that afterAll has just removed.
 */
export async function quit(tmux: TmuxSession): Promise<void> {
  for (const name of ['Escape', 'Escape', 'q']) await key(tmux, name);
  await waitFor(async () => !(await tmux.alive()), 5000, 'the monitor to quit').catch(() => undefined);
  await tmux.kill();
}

/** The dialog's text with its double border removed and wrapped lines joined. */
export function dialogText(screen: string): string {
  return screen.split('\n').filter((line) => line.startsWith('║')).map((line) => line.slice(2, -1).trimEnd()).join(' ').replace(/\s+/g, ' ');
}

/** Moves the selection with j until it is on `name`, waiting for each move to show. */
export async function select(tmux: TmuxSession, name: string): Promise<void> {
  for (let step = 0; step < 6; step++) {
    const current = selectedName(await tmux.waitForScreen(onDashboard));
    if (current === name) return;
    await key(tmux, 'j');
    await tmux.waitForScreen((s) => selectedName(s) !== undefined && selectedName(s) !== current);
  }
  throw new Error(`could not select ${name}`);
}

export function auditLines(path: string): Record<string, unknown>[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const selectedName = (screen: string) => /^│› (\S+)/m.exec(screen)?.[1];

export const memberRow = (screen: string, name: string) => new RegExp(`^│[› ] ${name} .*$`, 'm').exec(screen)?.[0] ?? '';

/** The dashboard is showing: no dialog (double border) and no help. */
export const onDashboard = (screen: string) => !screen.includes('╔') && !screen.includes('etcdtop keys') && screen.includes('Members');

export interface MemberLine {
  name: string;
  selected: boolean;
  line: string;
}

/** The members table's rows (between its header and its bottom border), in screen order. */
export function memberLines(screen: string): MemberLine[] {
  const lines = screen.split('\n');
  const header = lines.findIndex((line) => /^│\s+NAME\s/.test(line));
  if (header < 0) return [];
  const rows: MemberLine[] = [];
  for (const line of lines.slice(header + 1)) {
    const match = /^│([› ]) (\S+)/.exec(line);
    if (!match) break;
    rows.push({ name: match[2]!, selected: match[1] === '›', line });
  }
  return rows;
}

/** A right-aligned numeric column (e.g. "RAFT IDX") of the named member's row, read under its header. */
export function numberUnder(screen: string, name: string, header: string): number | undefined {
  const headerLine = screen.split('\n').find((line) => /^│\s+NAME\s/.test(line));
  const line = memberLines(screen).find((row) => row.name === name)?.line;
  const at = headerLine?.indexOf(header) ?? -1;
  if (line === undefined || at < 0) return undefined;
  const value = /(\d+)$/.exec(line.slice(0, at + header.length));
  return value ? Number(value[1]) : undefined;
}

/** Every named member's row says UP, and a leader is shown: the monitor has its first full round. */
export const everyMemberUp = (names: readonly string[]) => (screen: string) =>
  names.every((name) => memberRow(screen, name).includes(' UP ')) && screen.includes('LEADER');
