// Reads what a program sent to its terminal (the bytes tmux pipe-pane saved): full-screen
// clears, frames, and which screen rows were rewritten. Bytes are read as latin1 so that string
// offsets are byte offsets; every escape sequence looked for is ASCII.
import { openSync, readSync, closeSync, statSync } from 'node:fs';

// Erase display, erase scrollback, full reset: each blanks the whole screen before a repaint.
const FULL_CLEAR = /\x1b\[2J|\x1b\[3J|\x1bc/g;
// Synchronized-output begin (DEC mode 2026): etcdtop wraps every frame it sends in one.
const FRAME_BEGIN = /\x1b\[\?2026h/g;
// Cursor to row;column 1 — how etcdtop addresses each line it repaints.
const ROW_START = /\x1b\[(\d+);1H/g;

export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function readRange(path: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(end - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    return buffer.subarray(0, read).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

export function countFullClears(bytes: string): number {
  return bytes.match(FULL_CLEAR)?.length ?? 0;
}

export function countFrames(bytes: string): number {
  return bytes.match(FRAME_BEGIN)?.length ?? 0;
}

/** How many times each screen row (1-based) was addressed for a repaint. */
export function rowRewrites(bytes: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const match of bytes.matchAll(ROW_START)) {
    const row = Number(match[1]);
    counts.set(row, (counts.get(row) ?? 0) + 1);
  }
  return counts;
}
