// The splash is the monitor's first frame before Ink loads; a problem reported before the
// monitor takes over must first give the main screen back, or the message would vanish with it.
import { describe, expect, it } from 'vitest';
import { handOverSplash, hideSplash, showSplash } from '../../../src/ui/terminal/splash.js';

function fakeTty(isTTY = true) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (chunk: string) => writes.push(chunk) > 0 } as unknown as NodeJS.WriteStream & NodeJS.ReadStream };
}

describe('splash', () => {
  it('paints "etcdtop" in the alternate screen, and leaves it exactly once', () => {
    const out = fakeTty();
    showSplash(out.stream, out.stream);
    expect(out.writes.join('')).toMatch(/^\x1b\[\?1049h.*etcdtop/);
    hideSplash(out.stream);
    hideSplash(out.stream);
    expect(out.writes.slice(1)).toEqual(['\x1b[?25h\x1b[?1049l']);
  });

  it('stays off the screen when output is not a terminal', () => {
    const out = fakeTty(false);
    showSplash(out.stream, out.stream);
    hideSplash(out.stream);
    expect(out.writes).toEqual([]);
  });

  it('once the monitor took over, hiding it writes nothing (the session restores the screen)', () => {
    const out = fakeTty();
    showSplash(out.stream, out.stream);
    handOverSplash();
    hideSplash(out.stream);
    expect(out.writes).toHaveLength(1);
  });
});
