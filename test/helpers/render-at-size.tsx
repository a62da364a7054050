// Renders an element with Ink at any terminal size and returns the frame as plain text.
// ink-testing-library is fixed at 100 columns; the layout has to be checked at 80×24, 120×40
// and the boundaries between. Ink runs in debug mode, which writes every frame as it renders:
// without it, under CI=true (is-in-ci) Ink would hold frames back until unmount, and the frame
// written at unmount is not the rendered one. Colour codes are stripped, so tests read words
// and the frame is the same whether or not colour is forced (FORCE_COLOR).
import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { FakeStdin } from './fake-stdin.js';

class FakeStdout extends EventEmitter {
  readonly isTTY = false;
  readonly frames: string[] = [];

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }

  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

/** The last frame Ink rendered for `element` in a columns × rows terminal, without ANSI codes. */
export function renderAtSize(element: ReactElement, columns: number, rows: number): string {
  return plainText(renderRawAtSize(element, columns, rows));
}

/** The same frame as Ink wrote it, escape codes included. */
export function renderRawAtSize(element: ReactElement, columns: number, rows: number): string {
  const stdout = new FakeStdout(columns, rows);
  const instance = render(element, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new FakeStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  // Read before unmounting: under CI=true, unmount writes one more (empty) frame.
  const frame = stdout.frames.at(-1) ?? '';
  instance.unmount();
  instance.cleanup();
  return frame;
}

/**
 * Without ANSI codes and trailing spaces. Ink trims each line's trailing spaces, but not when
 * an escape code follows them (FORCE_COLOR on a padded bar), so trim after stripping to get
 * the same frame whether or not colour is forced.
 */
export function plainText(frame: string): string {
  return stripVTControlCharacters(frame)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** A frame's lines, trailing blank lines included (they count against the terminal's rows). */
export function frameLines(frame: string): string[] {
  return frame.split('\n');
}

/** Terminal cells of the widest line (every glyph the panes draw is one cell wide). */
export function widestLine(frame: string): number {
  return Math.max(0, ...frameLines(frame).map((line) => [...line].length));
}
