// The one key table. Input handling, the footer, the help overlay and read-only mode are all
// derived from it, so a key cannot be bound without a label, nor documented without working.

export type Mode = 'normal' | 'help' | 'confirm' | 'edit' | 'seek' | 'running' | 'result' | 'detail';
export type KeyGroup = 'Navigation' | 'View' | 'Maintenance' | 'General';

/** What a binding's availability may depend on. */
export interface KeyContext {
  selectedMemberId: string | undefined;
  memberCount: number;
  paused: boolean;
  /**
   * The dashboard is not shown ("terminal too small"): no key may change the cluster, since the
   * operator cannot see the member it would act on, nor read the dialog whole.
   */
  screenTooSmall?: boolean;
  /**
   * The dialog shown, for the keys that work in some dialogs only; `refusal` says why it must not
   * run: "y" is then off, and the footer does not offer it.
   */
  dialog?: { kind: string; refusal?: string; offersMoveLeaderFirst: boolean };
}

/** Said alone, without the binding's label: it is true of every maintenance key, and must fit 80 columns. */
export const TOO_SMALL_REASON = 'maintenance keys are off while the terminal is too small';

const needsMember = (context: KeyContext) => (context.selectedMemberId ? undefined : 'no member selected');
const onlyIn = (kind: string, what: string) => (context: KeyContext) => (context.dialog && context.dialog.kind !== kind ? `only in the ${what} dialog` : undefined);

export interface KeyBinding {
  id: string;
  /** Printable characters, or names: up, down, escape, return, ctrl+c, pageup, pagedown. */
  keys: readonly string[];
  label: string;
  group: KeyGroup;
  modes: readonly Mode[];
  /** Changes the cluster: dropped entirely in read-only mode, always confirmed. */
  dangerous?: boolean;
  /** Shown in the one-line footer, with `short` (or the label) as its text. */
  footer?: boolean;
  short?: string;
  /** Why the binding does nothing right now; pressing it shows this instead. */
  disabledReason?: (context: KeyContext) => string | undefined;
  /** Only while replaying a recording (`etcdtop replay`): dropped from the live monitor's table. */
  replay?: boolean;
}

/** How far `[` and `]` move a replay, in recorded time. */
export const REPLAY_STEP_MS = 60_000;

const BINDINGS: readonly KeyBinding[] = [
  { id: 'select.next', short: 'select', keys: ['j', 'down'], label: 'Select next member', group: 'Navigation', modes: ['normal', 'detail'], footer: true,
    disabledReason: (c) => (c.memberCount === 0 ? 'no members yet' : undefined) },
  { id: 'select.previous', keys: ['k', 'up'], label: 'Select previous member', group: 'Navigation', modes: ['normal', 'detail'],
    disabledReason: (c) => (c.memberCount === 0 ? 'no members yet' : undefined) },
  { id: 'member.reason', keys: ['i'], label: 'Why the selected member is not UP (the full reason)', group: 'View', modes: ['normal'], disabledReason: needsMember },
  { id: 'member.detail', short: 'detail', keys: ['return'], label: 'Open the selected member\u2019s detail', group: 'Navigation', modes: ['normal'], disabledReason: needsMember },
  { id: 'detail.close', short: 'back', keys: ['escape'], label: 'Back to the dashboard', group: 'Navigation', modes: ['detail'] },
  { id: 'view.pause', short: 'pause', keys: ['p'], label: 'Pause / resume the display (polling continues)', group: 'View', modes: ['normal'], footer: true },
  { id: 'poll.slower', short: 'interval', keys: ['+'], label: 'Longer poll interval', group: 'View', modes: ['normal'], footer: true },
  { id: 'poll.faster', keys: ['-'], label: 'Shorter poll interval', group: 'View', modes: ['normal'] },
  { id: 'poll.now', keys: ['r'], label: 'Poll now', group: 'View', modes: ['normal'] },
  { id: 'replay.back', keys: ['['], label: 'Replay: one minute back', group: 'View', modes: ['normal'], replay: true },
  { id: 'replay.forward', keys: [']'], label: 'Replay: one minute forward', group: 'View', modes: ['normal'], replay: true },
  { id: 'replay.goto', keys: ['g'], label: 'Replay: go to a time (UTC)', group: 'View', modes: ['normal'], replay: true },
  { id: 'seek.done', keys: ['return'], label: 'Go to this time', group: 'View', modes: ['seek'], replay: true },
  { id: 'seek.cancel', keys: ['escape'], label: 'Stay here', group: 'View', modes: ['seek'], replay: true },
  { id: 'member.defrag', short: 'defrag', keys: ['d'], label: 'Defragment the selected member', group: 'Maintenance', modes: ['normal', 'detail'], dangerous: true, footer: true, disabledReason: needsMember },
  { id: 'cluster.compact', short: 'compact', keys: ['c'], label: 'Compact the keyspace (whole cluster)', group: 'Maintenance', modes: ['normal'], dangerous: true, footer: true },
  { id: 'alarms.disarm', keys: ['A'], label: 'Disarm alarms', group: 'Maintenance', modes: ['normal'], dangerous: true },
  { id: 'member.move-leader', keys: ['m'], label: 'Move leadership to the selected member', group: 'Maintenance', modes: ['normal', 'detail'], dangerous: true, disabledReason: needsMember },
  { id: 'member.promote', keys: ['P'], label: 'Promote the selected learner to a voting member', group: 'Maintenance', modes: ['normal', 'detail'], dangerous: true, disabledReason: needsMember },
  { id: 'member.snapshot', keys: ['s'], label: 'Save a snapshot from the selected member', group: 'Maintenance', modes: ['normal', 'detail'], dangerous: true, disabledReason: needsMember },
  { id: 'recovery.nospace', short: 'NOSPACE recovery', keys: ['R'], label: 'Guided NOSPACE recovery', group: 'Maintenance', modes: ['normal'], dangerous: true, footer: true },
  { id: 'dialog.confirm', keys: ['y'], label: 'Yes, run it', group: 'Maintenance', modes: ['confirm'], dangerous: true,
    disabledReason: (c) => (c.dialog?.refusal ? `refused: ${c.dialog.refusal}` : undefined) },
  { id: 'dialog.cancel', keys: ['n', 'escape'], label: 'Cancel (the default)', group: 'Maintenance', modes: ['confirm'] },
  { id: 'dialog.keep-more', keys: ['+'], label: 'Keep more revisions (compact)', group: 'Maintenance', modes: ['confirm'], disabledReason: onlyIn('compact', 'compaction') },
  { id: 'dialog.keep-fewer', keys: ['-'], label: 'Keep fewer revisions (compact)', group: 'Maintenance', modes: ['confirm'], disabledReason: onlyIn('compact', 'compaction') },
  { id: 'dialog.edit-path', keys: ['e'], label: 'Edit the file name (snapshot)', group: 'Maintenance', modes: ['confirm'], disabledReason: onlyIn('snapshot', 'snapshot') },
  { id: 'dialog.move-leader-first', keys: ['m'], label: 'Move leadership away first (defragment of the leader)', group: 'Maintenance', modes: ['confirm'], dangerous: true,
    disabledReason: (c) => (c.dialog && !c.dialog.offersMoveLeaderFirst ? 'only when defragmenting the leader before its followers' : undefined) },
  { id: 'edit.done', keys: ['return'], label: 'Use this file name', group: 'Maintenance', modes: ['edit'] },
  { id: 'edit.cancel', keys: ['escape'], label: 'Keep the previous file name', group: 'Maintenance', modes: ['edit'] },
  { id: 'recovery.skip', keys: ['s'], label: 'Skip the next recovery step', group: 'Maintenance', modes: ['running'] },
  { id: 'recovery.abort', keys: ['a'], label: 'Abort the recovery after the current step', group: 'Maintenance', modes: ['running'] },
  { id: 'result.close', keys: ['return', 'escape', ' '], label: 'Close', group: 'Maintenance', modes: ['result'] },
  { id: 'help.open', short: 'help', keys: ['?'], label: 'Show all keys', group: 'General', modes: ['normal'], footer: true },
  { id: 'help.close', keys: ['?', 'escape'], label: 'Close help', group: 'General', modes: ['help'] },
  { id: 'app.interrupt', keys: ['ctrl+c'], label: 'Quit (an operation already sent finishes on the server)', group: 'General', modes: ['confirm', 'edit', 'seek', 'running', 'result'] },
  { id: 'app.quit', short: 'quit', keys: ['q', 'ctrl+c'], label: 'Quit', group: 'General', modes: ['normal', 'help', 'detail'], footer: true },
];

// Every binding that changes the cluster is off while the screen is too small to show it.
export const KEYMAP: readonly KeyBinding[] = BINDINGS.map((binding) => {
  if (!binding.dangerous) return binding;
  const own = binding.disabledReason;
  return { ...binding, disabledReason: (c: KeyContext) => (c.screenTooSmall ? TOO_SMALL_REASON : own?.(c)) };
});

/** Read-only mode removes dangerous bindings before anything reads the table; live, the replay's go too. */
export function activeKeymap(readOnly: boolean, keymap: readonly KeyBinding[] = KEYMAP, replaying = false): readonly KeyBinding[] {
  return keymap.filter((binding) => !(readOnly && binding.dangerous) && (replaying || !binding.replay));
}

export function bindingFor(keymap: readonly KeyBinding[], mode: Mode, key: string): KeyBinding | undefined {
  return keymap.find((binding) => binding.modes.includes(mode) && binding.keys.includes(key));
}

/** "j/↓" style label of a binding's keys for the footer and help. */
export function keyLabel(binding: KeyBinding): string {
  const pretty: Record<string, string> = { up: '↑', down: '↓', escape: 'Esc', return: 'Enter', 'ctrl+c': 'Ctrl-C', ' ': 'Space' };
  return binding.keys.map((key) => pretty[key] ?? key).join('/');
}

