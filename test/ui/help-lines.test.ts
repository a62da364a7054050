import { describe, expect, it } from 'vitest';
import { activeKeymap, KEYMAP } from '../../src/ui/keymap.js';
import { helpLines } from '../../src/ui/overlays/HelpOverlay.js';

describe('helpLines', () => {
  it("lists a replay's keys only while replaying", () => {
    const labels = (replaying: boolean, readOnly: boolean) => helpLines(activeKeymap(readOnly, KEYMAP, replaying), readOnly).map((line) => line.label);
    expect(labels(true, true)).toEqual(expect.arrayContaining(['Replay: one minute back', 'Replay: one minute forward', 'Replay: go to a time (UTC)']));
    for (const readOnly of [false, true]) expect(labels(false, readOnly).filter((label) => label.startsWith('Replay'))).toEqual([]);
  });

  it('still lists the maintenance keys as unavailable in read-only mode', () => {
    const defrag = helpLines(activeKeymap(true), true).find((line) => line.label === 'Defragment the selected member');
    expect(defrag?.unavailable).toBe('read-only mode');
  });
});
