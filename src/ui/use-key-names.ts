// Ink reports a key press as (input, flags); the keymap speaks in names ("j", "down", "escape",
// "ctrl+c"). This hook is the only place that translates between the two.
import { useInput, type Key } from 'ink';

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
  useInput(
    (input, key) => {
      const name = keyName(input, key);
      if (name !== undefined) onKey(name, input);
    },
    { isActive },
  );
}
