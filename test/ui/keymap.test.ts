import { describe, expect, it } from 'vitest';
import { activeKeymap, bindingFor, KEYMAP, keyLabel, type KeyBinding, type KeyContext, type Mode } from '../../src/ui/keymap.js';

/** Every mode some binding is live in. */
const MODES: readonly Mode[] = [...new Set(KEYMAP.flatMap((binding) => binding.modes))];
const GROUPS = ['Navigation', 'View', 'Maintenance', 'General'];
/** Every name keyName (use-key-names.ts) can produce besides a single printable character. */
const KEY_NAMES = ['up', 'down', 'escape', 'return', 'pageup', 'pagedown', 'tab', 'backspace', 'ctrl+c'];

const context = (patch: Partial<KeyContext> = {}): KeyContext => ({ selectedMemberId: 'abc', memberCount: 3, paused: false, ...patch });

const binding = (id: string, keys: string[], patch: Partial<KeyBinding> = {}): KeyBinding => ({ id, keys, label: id, group: 'General', modes: ['normal'], ...patch });

/** A small table of its own, so the read-only filter is tested whatever KEYMAP holds. */
const MIXED: readonly KeyBinding[] = [
  binding('a.safe', ['a']),
  binding('b.danger', ['b'], { dangerous: true }),
  binding('c.safe', ['c'], { dangerous: false }),
  binding('d.danger', ['d'], { dangerous: true, modes: ['confirm'] }),
];

describe('KEYMAP', () => {
  it('has unique ids', () => {
    const ids = KEYMAP.map((binding) => binding.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(KEYMAP.map((binding) => [binding.id, binding] as const))('%s has a label, a known group, a mode and keys', (_, binding) => {
    expect(binding.label.trim()).not.toBe('');
    expect(GROUPS).toContain(binding.group);
    expect(binding.modes.length).toBeGreaterThan(0);
    expect(binding.keys.length).toBeGreaterThan(0);
  });

  it.each(KEYMAP.map((binding) => [binding.id, binding] as const))('%s only uses keys that can be pressed', (_, binding) => {
    for (const key of binding.keys) expect(key.length === 1 || KEY_NAMES.includes(key), `key "${key}"`).toBe(true);
  });

  it.each(MODES)('no two bindings share a key in %s mode', (mode) => {
    const owners = new Map<string, string>();
    for (const binding of KEYMAP.filter((b) => b.modes.includes(mode))) {
      for (const key of binding.keys) {
        expect(owners.get(key), `"${key}" in ${mode}`).toBeUndefined();
        owners.set(key, binding.id);
      }
    }
  });

  it('lets the user quit and open help from the normal mode, and leave help', () => {
    expect(bindingFor(KEYMAP, 'normal', 'q')?.id).toBe('app.quit');
    expect(bindingFor(KEYMAP, 'normal', '?')?.id).toBe('help.open');
    expect(bindingFor(KEYMAP, 'help', 'escape')?.id).toBe('help.close');
  });

  it('has footer bindings, all usable in the normal mode', () => {
    const footer = KEYMAP.filter((binding) => binding.footer);
    expect(footer.length).toBeGreaterThan(0);
    for (const binding of footer) expect(binding.modes).toContain('normal');
  });
});

describe('activeKeymap', () => {
  it('drops every dangerous binding in read-only mode, in every mode', () => {
    expect(activeKeymap(true, MIXED).map((b) => b.id)).toEqual(['a.safe', 'c.safe']);
    expect(bindingFor(activeKeymap(true, MIXED), 'normal', 'b')).toBeUndefined();
    expect(bindingFor(activeKeymap(true, MIXED), 'confirm', 'd')).toBeUndefined();
  });

  it('keeps everything otherwise', () => {
    expect(activeKeymap(false, MIXED)).toEqual(MIXED);
    expect(activeKeymap(false, KEYMAP, true)).toEqual(KEYMAP);
    // The live monitor has no recording to seek in.
    expect(activeKeymap(false).map((b) => b.id)).toEqual(KEYMAP.filter((b) => !b.replay).map((b) => b.id));
    expect(activeKeymap(false).some((b) => b.id === 'replay.back')).toBe(false);
  });

  it('leaves no dangerous binding in the real table, and keeps every safe one', () => {
    const readOnly = activeKeymap(true, KEYMAP, true);
    expect(readOnly.filter((b) => b.dangerous)).toEqual([]);
    expect(readOnly.map((b) => b.id)).toEqual(KEYMAP.filter((b) => !b.dangerous).map((b) => b.id));
    expect(readOnly.map((b) => b.id)).toEqual(expect.arrayContaining(['select.next', 'help.open', 'app.quit', 'poll.now']));
  });
});

describe('bindingFor', () => {
  it.each<{ mode: Mode; key: string; expected: string | undefined }>([
    { mode: 'normal', key: 'j', expected: 'select.next' },
    { mode: 'normal', key: 'down', expected: 'select.next' },
    { mode: 'normal', key: 'k', expected: 'select.previous' },
    { mode: 'normal', key: 'up', expected: 'select.previous' },
    { mode: 'normal', key: 'p', expected: 'view.pause' },
    { mode: 'normal', key: '+', expected: 'poll.slower' },
    { mode: 'normal', key: '-', expected: 'poll.faster' },
    { mode: 'normal', key: 'r', expected: 'poll.now' },
    { mode: 'normal', key: '?', expected: 'help.open' },
    { mode: 'help', key: '?', expected: 'help.close' },
    { mode: 'help', key: 'escape', expected: 'help.close' },
    { mode: 'help', key: 'ctrl+c', expected: 'app.quit' },
    { mode: 'help', key: 'j', expected: undefined },
    { mode: 'normal', key: 'escape', expected: undefined },
    { mode: 'normal', key: 'x', expected: undefined },
    { mode: 'normal', key: 'J', expected: undefined },
  ])('$mode + "$key" → $expected', ({ mode, key, expected }) => {
    expect(bindingFor(KEYMAP, mode, key)?.id).toBe(expected);
  });
});

describe('keyLabel', () => {
  it.each([
    { keys: ['j', 'down'], expected: 'j/↓' },
    { keys: ['k', 'up'], expected: 'k/↑' },
    { keys: ['?', 'escape'], expected: '?/Esc' },
    { keys: ['q', 'ctrl+c'], expected: 'q/Ctrl-C' },
    { keys: ['return'], expected: 'Enter' },
    { keys: ['+'], expected: '+' },
  ])('$keys → $expected', ({ keys, expected }) => {
    expect(keyLabel(binding('x', keys))).toBe(expected);
  });

  it('labels the real bindings', () => {
    const label = (id: string) => keyLabel(KEYMAP.find((b) => b.id === id) ?? binding('missing', []));
    expect(label('select.next')).toBe('j/↓');
    expect(label('app.quit')).toBe('q/Ctrl-C');
  });

  it('never labels a key as invisible whitespace', () => {
    for (const b of KEYMAP) expect(keyLabel(b).split('/'), b.id).not.toContain(' ');
  });
});

describe('disabledReason', () => {
  const reason = (id: string, ctx: KeyContext) => KEYMAP.find((b) => b.id === id)?.disabledReason?.(ctx);

  it.each([
    { id: 'select.next', ctx: context({ memberCount: 0 }), expected: 'no members yet' },
    { id: 'select.next', ctx: context(), expected: undefined },
    { id: 'select.previous', ctx: context({ memberCount: 0 }), expected: 'no members yet' },
  ])('$id → $expected', ({ id, ctx, expected }) => {
    expect(reason(id, ctx)).toBe(expected);
  });

  it.each(KEYMAP.filter((b) => /selected member/.test(b.label)).map((b) => b.id))('%s needs a selected member', (id) => {
    expect(reason(id, context({ selectedMemberId: undefined }))).toBe('no member selected');
    expect(reason(id, context({ selectedMemberId: '' }))).toBe('no member selected');
    expect(reason(id, context({ selectedMemberId: '8e9e05c52164694d' }))).toBeUndefined();
  });
});
