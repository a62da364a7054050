import { describe, expect, it } from 'vitest';
import { applyLineEdit, lineEditFor } from '../../src/ui/line-edit.js';

describe('lineEditFor', () => {
  it.each([
    ['a', 'a', { kind: 'insert', text: 'a' }],
    [' ', ' ', { kind: 'insert', text: ' ' }],
    ['backspace', '', { kind: 'backspace' }],
    // Ink names Ctrl-U ('u', ctrl): it typed "u" before.
    ['ctrl+u', 'u', { kind: 'kill-line' }],
    ['ctrl+w', 'w', { kind: 'kill-word' }],
    ['ctrl+d', 'd', undefined],
    ['meta+b', 'b', undefined],
    ['tab', '\t', undefined],
  ] as const)('%s → %j', (name, input, expected) => {
    expect(lineEditFor(name, input)).toEqual(expected);
  });
});

describe('applyLineEdit', () => {
  it.each([
    ['/tmp/a.db', { kind: 'insert', text: 'x' }, '/tmp/a.dbx'],
    ['/tmp/a.db', { kind: 'backspace' }, '/tmp/a.d'],
    ['', { kind: 'backspace' }, ''],
    ['/tmp/a.db', { kind: 'kill-line' }, ''],
    ['one two', { kind: 'kill-word' }, 'one '],
    ['one two  ', { kind: 'kill-word' }, 'one '],
    ['/tmp/dir/a.db', { kind: 'kill-word' }, ''],
    ['', { kind: 'kill-word' }, ''],
  ] as const)('%j with %j → %j', (draft, edit, expected) => {
    expect(applyLineEdit(draft, edit)).toBe(expected);
  });
});
