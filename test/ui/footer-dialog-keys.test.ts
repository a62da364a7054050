import { describe, expect, it } from 'vitest';
import { footerText } from '../../src/ui/Footer.js';
import { KEYMAP, type KeyContext } from '../../src/ui/keymap.js';

const base: KeyContext = { selectedMemberId: 'a', memberCount: 3, paused: false };
const inDialog = (kind: string, patch: Partial<NonNullable<KeyContext['dialog']>> = {}): KeyContext => ({ ...base, dialog: { kind, offersMoveLeaderFirst: false, ...patch } });

describe('the footer lists only the keys that work in the dialog shown', () => {
  it.each([
    { name: 'compact', context: inDialog('compact'), shown: ['y yes', 'n/Esc cancel', '+ keep more revisions', '- keep fewer revisions'], hidden: ['e edit', 'm move'] },
    { name: 'snapshot', context: inDialog('snapshot'), shown: ['y yes', 'e edit the file name'], hidden: ['keep more', 'm move'] },
    { name: 'defragment of a follower', context: inDialog('defragment'), shown: ['y yes'], hidden: ['keep more', 'e edit', 'm move'] },
    { name: 'defragment of the leader first', context: inDialog('defragment', { offersMoveLeaderFirst: true }), shown: ['y yes', 'm move leadership away first'], hidden: ['keep more'] },
    { name: 'a refused one', context: inDialog('defragment', { refusal: 'another member is down' }), shown: ['n/Esc cancel'], hidden: ['y yes'] },
  ])('$name', ({ context, shown, hidden }) => {
    const text = footerText(KEYMAP, 'confirm', context);
    for (const words of shown) expect(text).toContain(words);
    for (const words of hidden) expect(text).not.toContain(words);
  });
});
