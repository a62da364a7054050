// One frame from ink-testing-library as plain text. The frame is read before unmounting: under
// CI=true Ink writes one more frame at unmount. Colour codes are stripped so tests read words
// (panes render with the default, colourless theme anyway).
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';

export function inkFrame(element: ReactElement): string {
  const { lastFrame, unmount } = render(element);
  const frame = lastFrame() ?? '';
  unmount();
  return stripVTControlCharacters(frame);
}

/** Terminal cells of each line (every glyph the panes draw is one cell wide). */
export function lineWidths(frame: string): number[] {
  return frame.split('\n').map((line) => [...line].length);
}
