import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DiffingScreen, type TerminalOut } from '../../../src/ui/terminal/diffing-screen.js';

/** Cursor home: written once by every whole-screen paint, never by a diff (which addresses rows). */
const CLEAR = '\x1b[H';

/** A stdout stand-in that records every write and can be resized like a TTY. */
class FakeOut extends EventEmitter implements TerminalOut {
  readonly writes: string[] = [];
  constructor(
    public columns = 120,
    public rows = 40,
  ) {
    super();
  }
  write(chunk: string): boolean {
    this.writes.push(chunk);
    return true;
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  get text(): string {
    return this.writes.join('');
  }
}

/**
 * The smallest terminal that understands what DiffingScreen sends: cursor position (CSI r;c H),
 * clear screen (CSI 2J), clear to end of line (CSI K) and of screen (CSI J). SGR and private
 * modes are ignored. Lets a test check what ends up on screen, not which bytes got there.
 */
class VirtualTerminal {
  private grid: string[][] = [];
  private row = 0;
  private col = 0;

  feed(data: string): void {
    const pattern = /\x1b\[([?\d;]*)([A-Za-z])|([^\x1b])/g;
    for (const match of data.matchAll(pattern)) {
      const [, params = '', command, char] = match;
      if (char !== undefined) this.put(char);
      else this.control(params, command ?? '');
    }
  }

  screen(): string[] {
    const lines = Array.from(this.grid, (cells) => Array.from(cells ?? [], (c) => c ?? ' ').join('').trimEnd());
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    return lines;
  }

  private put(char: string): void {
    const line = (this.grid[this.row] ??= []);
    for (let i = line.length; i < this.col; i++) line[i] = ' ';
    line[this.col] = char;
    this.col += 1;
  }

  private control(params: string, command: string): void {
    if (params.startsWith('?') || command === 'm') return;
    const [r = 1, c = 1] = params.split(';').map((p) => (p === '' ? 1 : Number(p)));
    if (command === 'H') [this.row, this.col] = [r - 1, c - 1];
    else if (command === 'J' && params === '2') this.grid = [];
    else if (command === 'J') {
      this.grid[this.row] = (this.grid[this.row] ?? []).slice(0, this.col);
      this.grid.length = Math.min(this.grid.length, this.row + 1);
    } else if (command === 'K') this.grid[this.row] = (this.grid[this.row] ?? []).slice(0, this.col);
    else throw new Error(`VirtualTerminal: unexpected CSI ${params}${command}`);
  }
}

function frame(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

function setup(columns?: number, rows?: number) {
  const out = new FakeOut(columns, rows);
  const screen = new DiffingScreen(out);
  return { out, screen };
}

const base = ['etcdtop  cluster cdf818194e3a8c32', 'NAME    STATUS   DB', 'etcd-1  LEADER   25 MB', 'etcd-2  up       25 MB', 'etcd-3  up       25 MB'];

describe('DiffingScreen', () => {
  it('passes control sequences alone through, without taking them for a frame', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    const before = out.writes.length;
    screen.write('\x1b[?25h');
    expect(out.writes.slice(before)).toEqual(['\x1b[?25h']);
    screen.write(frame(base));
    expect(out.writes.length, 'the frame on screen is still the one diffed against').toBe(before + 1);
  });

  it('paints the first frame whole: one clear, every line, inside a synchronized update', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    expect(out.writes).toHaveLength(1);
    const data = out.text;
    expect(count(data, CLEAR)).toBe(1);
    expect(data, 'no full-screen clear, even for the first frame').not.toContain('\x1b[2J');
    for (const line of base) expect(data).toContain(line);
    expect(data.startsWith('\x1b[?2026h')).toBe(true);
    expect(data.endsWith('\x1b[?2026l')).toBe(true);
  });

  it('writes nothing for an identical frame (a trailing newline or not)', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    const bytes = screen.bytesWritten;
    screen.write(frame(base));
    screen.write(base.join('\n'));
    expect(out.writes).toHaveLength(1);
    expect(screen.bytesWritten).toBe(bytes);
  });

  it('writes only the line that changed, addressed absolutely, and clears its old tail', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    const next = [...base];
    next[3] = 'etcd-2  DOWN';
    screen.write(frame(next));
    expect(out.writes).toHaveLength(2);
    const patch = out.writes[1] ?? '';
    expect(patch).toContain('\x1b[4;1Hetcd-2  DOWN\x1b[K');
    expect(patch).not.toContain(CLEAR);
    for (const line of [base[0], base[1], base[2], base[4]]) expect(patch).not.toContain(line);
  });

  it('clears below a frame that is shorter than the previous one', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    screen.write(frame(base.slice(0, 2)));
    const patch = out.writes[1] ?? '';
    expect(patch).toContain('\x1b[3;1H\x1b[J');
    expect(patch).not.toContain(CLEAR);
    expect(patch).not.toContain('etcd-');
  });

  it('adds the new lines of a taller frame', () => {
    const { out, screen } = setup();
    screen.write(frame(base.slice(0, 3)));
    screen.write(frame(base));
    const patch = out.writes[1] ?? '';
    expect(patch).toContain('\x1b[4;1Hetcd-2');
    expect(patch).toContain('\x1b[5;1Hetcd-3');
    expect(patch).not.toContain('etcd-1');
  });

  it('takes its size from the terminal, 80×24 when it does not say', () => {
    expect(setup(200, 60).screen).toMatchObject({ columns: 200, rows: 60 });
    const bare = new DiffingScreen({ write: () => true });
    expect([bare.columns, bare.rows]).toEqual([80, 24]);
  });

  it('on resize: updates its size, emits resize, and paints the next frame whole', () => {
    const { out, screen } = setup(120, 40);
    const seen: [number, number][] = [];
    screen.on('resize', () => seen.push([screen.columns, screen.rows]));
    screen.write(frame(base));
    out.resize(90, 30);
    expect(seen).toEqual([[90, 30]]);
    expect([screen.columns, screen.rows]).toEqual([90, 30]);
    screen.write(frame(base));
    expect(out.writes).toHaveLength(2);
    expect(count(out.writes[1] ?? '', CLEAR)).toBe(1);
    for (const line of base) expect(out.writes[1]).toContain(line);
  });

  it('paints whole after invalidate()', () => {
    const { out, screen } = setup();
    screen.write(frame(base));
    screen.invalidate();
    screen.write(frame(base));
    expect(count(out.text, CLEAR)).toBe(2);
  });

  it('stops listening for resizes once disposed', () => {
    const { out, screen } = setup();
    let resizes = 0;
    screen.on('resize', () => (resizes += 1));
    screen.dispose();
    out.resize(50, 10);
    expect(resizes).toBe(0);
    expect(out.listenerCount('resize')).toBe(0);
    expect(screen.columns).toBe(120);
  });

  it('counts bytes, not characters', () => {
    const { out, screen } = setup();
    screen.write(frame(['│ etcd-1 ✓ LEADER │', 'µs ─── ▁▂▃']));
    screen.write(frame(['│ etcd-1 ✗ DOWN   │', 'µs ─── ▁▂▃']));
    const expected = out.writes.reduce((sum, chunk) => sum + Buffer.byteLength(chunk), 0);
    expect(screen.bytesWritten).toBe(expected);
    expect(screen.bytesWritten).toBeGreaterThan(out.text.length);
  });

  it('leaves on screen exactly the last frame, whatever the sequence of frames', () => {
    const { out, screen } = setup();
    const terminal = new VirtualTerminal();
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    let lines = base;
    for (let f = 0; f < 200; f++) {
      lines = Array.from({ length: 1 + random(8) }, (_, i) => (random(3) === 0 ? `row ${i} v${random(1000)}${'x'.repeat(random(30))}` : (lines[i] ?? `row ${i}`)));
      if (random(25) === 0) out.resize(100 + random(40), 30 + random(20));
      const before = out.writes.length;
      screen.write(frame(lines));
      for (const chunk of out.writes.slice(before)) terminal.feed(chunk);
      expect(terminal.screen(), `frame ${f}`).toEqual(lines.map((line) => line.trimEnd()).filter((_, i, all) => all.slice(i).some((l) => l.trimEnd() !== '')));
    }
  });

  it('60 frames of a 120×40 dashboard changing one line each cost under 10% of full repaints', () => {
    const columns = 120;
    const rows = 40;
    const dashboard = (f: number) =>
      Array.from({ length: rows }, (_, i) => {
        const text = i === 0 ? `etcdtop  12:00:${String(f % 60).padStart(2, '0')}  3/3 up  leader etcd-1` : `etcd-${(i % 3) + 1}  row ${i}  ${'▇'.repeat(i % 20)}`;
        return text.padEnd(columns, ' ').slice(0, columns);
      });
    const diffing = setup(columns, rows);
    const repainting = setup(columns, rows);
    for (let f = 0; f < 60; f++) {
      diffing.screen.write(frame(dashboard(f)));
      repainting.screen.invalidate();
      repainting.screen.write(frame(dashboard(f)));
    }
    expect(count(repainting.out.text, CLEAR)).toBe(60);
    expect(count(diffing.out.text, CLEAR)).toBe(1);
    // The first frame is a full paint for both; the 59 others carry one line each.
    expect(diffing.screen.bytesWritten).toBeLessThan(0.1 * repainting.screen.bytesWritten);
    expect(diffing.screen.bytesWritten).toBeLessThan(repainting.screen.bytesWritten / 60 + 59 * 2 * columns);
  });
});
