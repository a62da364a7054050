// Ink reports a key press as (input, flags); the keymap speaks in names ("j", "down", "escape",
// "ctrl+c"). This hook is the only place that translates between the two.
import { useInput, type Key } from 'ink';
import { useCallback, useLayoutEffect, useRef } from 'react';

export function keyName(input: string, key: Key): string | undefined {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.escape) return 'escape';
  if (key.return) return 'return';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (input.length !== 1) return undefined;
  // Ink reports Ctrl-D as ('d', ctrl) and Alt-D as ('d', meta): not the plain key, so they must
  // not run the binding of 'd'.
  if (key.ctrl) return `ctrl+${input}`;
  if (key.meta) return `meta+${input}`;
  return input;
}

export function useKeyNames(onKey: (name: string, input: string) => void, isActive = true): void {
  // Ink subscribes a new handler in a passive effect, which on a busy machine runs a few hundred
  // ms after the frame is on screen: a key pressed in between reached the previous render's
  // handler (its mode, its interval), and a quick second "-" did what the first had done. One
  // stable handler that calls the newest onKey, updated as the render commits, has no such gap.
  const latest = useRef(onKey);
  useLayoutEffect(() => {
    latest.current = onKey;
  });
  const handler = useCallback((input: string, key: Key) => {
    const name = keyName(input, key);
    if (name !== undefined) {
      latest.current(name, input);
    } else if (input.length > 1 && !key.ctrl && !key.meta) {
      // Keys that arrive in one read (a paste, fast typing over SSH) come as one string: each is
      // a key of its own. They all meet the same mode, so "dy" typed at once opens the dialog
      // but cannot also confirm it.
      for (const char of input) latest.current(char, char);
    }
  }, []);
  useInput(handler, { isActive });
}
