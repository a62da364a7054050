// The one key table. Input handling, the footer, the help overlay and read-only mode are all
// derived from it, so a key cannot be bound without a label, nor documented without working.

export type Mode = 'normal' | 'help' | 'confirm' | 'running';
export type KeyGroup = 'Navigation' | 'View' | 'Maintenance' | 'General';

/** What a binding's availability may depend on. */
export interface KeyContext {
  selectedMemberId: string | undefined;
  memberCount: number;
  paused: boolean;
}

export interface KeyBinding {
  id: string;
  /** Printable characters, or names: up, down, escape, return, ctrl+c, pageup, pagedown. */
  keys: readonly string[];
  label: string;
  group: KeyGroup;
  modes: readonly Mode[];
  /** Changes the cluster: dropped entirely in read-only mode, always confirmed. */
  dangerous?: boolean;
  /** Shown in the one-line footer. */
  footer?: boolean;
  /** Why the binding does nothing right now; pressing it shows this instead. */
  disabledReason?: (context: KeyContext) => string | undefined;
}

const needsMember = (context: KeyContext) => (context.selectedMemberId ? undefined : 'no member selected');

export const KEYMAP: readonly KeyBinding[] = [
  { id: 'select.next', keys: ['j', 'down'], label: 'Select next member', group: 'Navigation', modes: ['normal'], footer: true,
    disabledReason: (c) => (c.memberCount === 0 ? 'no members yet' : undefined) },
  { id: 'select.previous', keys: ['k', 'up'], label: 'Select previous member', group: 'Navigation', modes: ['normal'],
    disabledReason: (c) => (c.memberCount === 0 ? 'no members yet' : undefined) },
  { id: 'view.pause', keys: ['p'], label: 'Pause / resume the display (polling continues)', group: 'View', modes: ['normal'], footer: true },
  { id: 'poll.slower', keys: ['+'], label: 'Longer poll interval', group: 'View', modes: ['normal'], footer: true },
  { id: 'poll.faster', keys: ['-'], label: 'Shorter poll interval', group: 'View', modes: ['normal'] },
  { id: 'poll.now', keys: ['r'], label: 'Poll now', group: 'View', modes: ['normal'] },
  { id: 'help.open', keys: ['?'], label: 'Show all keys', group: 'General', modes: ['normal'], footer: true },
  { id: 'help.close', keys: ['?', 'escape'], label: 'Close help', group: 'General', modes: ['help'] },
  { id: 'app.quit', keys: ['q', 'ctrl+c'], label: 'Quit', group: 'General', modes: ['normal', 'help'], footer: true },
];

/** Read-only mode removes dangerous bindings before anything reads the table. */
export function activeKeymap(readOnly: boolean, keymap: readonly KeyBinding[] = KEYMAP): readonly KeyBinding[] {
  return readOnly ? keymap.filter((binding) => !binding.dangerous) : keymap;
}

export function bindingFor(keymap: readonly KeyBinding[], mode: Mode, key: string): KeyBinding | undefined {
  return keymap.find((binding) => binding.modes.includes(mode) && binding.keys.includes(key));
}

/** "j/↓" style label of a binding's keys for the footer and help. */
export function keyLabel(binding: KeyBinding): string {
  const pretty: Record<string, string> = { up: '↑', down: '↓', escape: 'Esc', return: 'Enter', 'ctrl+c': 'Ctrl-C' };
  return binding.keys.map((key) => pretty[key] ?? key).join('/');
}

export { needsMember };
