import { createElement } from 'react';
import { Text, type Key } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { keyName, useKeyNames } from '../../src/ui/use-key-names.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

describe('keyName', () => {
  it.each<{ input: string; key: Partial<Key>; expected: string | undefined }>([
    { input: 'j', key: {}, expected: 'j' },
    { input: '?', key: {}, expected: '?' },
    { input: '+', key: {}, expected: '+' },
    { input: 'Q', key: { shift: true }, expected: 'Q' },
    { input: 'c', key: { ctrl: true }, expected: 'ctrl+c' },
    { input: '', key: { upArrow: true }, expected: 'up' },
    { input: '', key: { downArrow: true }, expected: 'down' },
    { input: '', key: { escape: true, meta: true }, expected: 'escape' },
    { input: '\r', key: { return: true }, expected: 'return' },
    { input: '', key: { pageUp: true }, expected: 'pageup' },
    { input: '', key: { pageDown: true }, expected: 'pagedown' },
    { input: '', key: { tab: true }, expected: 'tab' },
    { input: '', key: { backspace: true }, expected: 'backspace' },
    { input: '', key: { delete: true }, expected: 'backspace' },
    { input: '', key: { leftArrow: true }, expected: undefined },
    { input: 'jjj', key: {}, expected: undefined },
    { input: '', key: {}, expected: undefined },
    // Modified letters are not the plain key: Ctrl-D must not run the binding of 'd'.
    { input: 'd', key: { ctrl: true }, expected: 'ctrl+d' },
    { input: 'p', key: { meta: true }, expected: 'meta+p' },
  ])('("$input", $key) → $expected', ({ input, key, expected }) => {
    expect(keyName(input, { ...NO_KEY, ...key })).toBe(expected);
  });
});

describe('useKeyNames through Ink', () => {
  let unmount: (() => void) | undefined;
  afterEach(() => unmount?.());

  const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Renders a probe that records key names, then types `bytes` as a terminal would send them. */
  async function namesFor(bytes: string): Promise<string[]> {
    const names: string[] = [];
    const Probe = () => {
      useKeyNames((name) => names.push(name));
      return createElement(Text, null, 'probe');
    };
    const instance = render(createElement(Probe));
    unmount = instance.unmount;
    // Ink attaches its input listener in an effect: let it run before typing.
    await tick();
    instance.stdin.write(bytes);
    // A lone Esc is held by Ink for 20 ms in case more of a sequence follows.
    await tick(bytes === '\x1b' ? 50 : 0);
    return names;
  }

  it.each([
    { bytes: 'j', expected: 'j' },
    { bytes: '\x1b[A', expected: 'up' },
    { bytes: '\x1b[B', expected: 'down' },
    { bytes: '\x1b', expected: 'escape' },
    { bytes: '\r', expected: 'return' },
    { bytes: '\x03', expected: 'ctrl+c' },
    { bytes: '\x7f', expected: 'backspace' },
    { bytes: '\x1b[5~', expected: 'pageup' },
    { bytes: '\x1b[6~', expected: 'pagedown' },
    { bytes: ' ', expected: ' ' },
    { bytes: '\x04', expected: 'ctrl+d' },
    { bytes: '\x1bd', expected: 'meta+d' },
  ])('the bytes $bytes arrive as "$expected"', async ({ bytes, expected }) => {
    expect(await namesFor(bytes)).toEqual([expected]);
  });
});
