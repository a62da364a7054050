// The file-name editor's keys, as a shell's line editor has them: printable keys insert,
// Backspace deletes a character, Ctrl-U deletes the line, Ctrl-W the word before the cursor
// (back to whitespace, like bash). Any other control or Alt key does nothing: Ctrl-U typed "u".
export type LineEdit = { kind: 'insert'; text: string } | { kind: 'backspace' } | { kind: 'kill-line' } | { kind: 'kill-word' };

/** The edit a key makes, from its keymap name and the raw input; undefined for none. */
export function lineEditFor(name: string, input: string): LineEdit | undefined {
  if (name === 'backspace') return { kind: 'backspace' };
  if (name === 'ctrl+u') return { kind: 'kill-line' };
  if (name === 'ctrl+w') return { kind: 'kill-word' };
  // A plain key's name is the character itself; ctrl+x and meta+x are not.
  if (name === input && input.length === 1 && input >= ' ') return { kind: 'insert', text: input };
  return undefined;
}

/** The draft after `edit`; the cursor is always at the end. */
export function applyLineEdit(draft: string, edit: LineEdit): string {
  switch (edit.kind) {
    case 'insert':
      return draft + edit.text;
    case 'backspace':
      return [...draft].slice(0, -1).join('');
    case 'kill-line':
      return '';
    case 'kill-word':
      return draft.replace(/\S*\s*$/, '');
  }
}
