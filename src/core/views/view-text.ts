// What the view selectors share. A view decides every character a pane prints; the pane only
// maps each line's tone to a theme colour. So frames can be reasoned about (and unit-tested)
// without React, and a word such as DOWN or STALE never depends on colour to be seen.

export type Tone = 'normal' | 'muted' | 'accent' | 'ok' | 'warning' | 'critical';

export interface Line {
  text: string;
  tone: Tone;
  bold?: boolean;
}

/** Printed where a figure is unknown: a member that did not answer has no size, not size 0. */
export const UNKNOWN = '—';

/** Columns a pane's frame takes: its border and one column of padding on each side (TitledBox). */
export const PANE_FRAME_COLUMNS = 4;

export function toneOfLevel(level: 'ok' | 'warning' | 'critical' | 'info' | 'unknown'): Tone {
  if (level === 'ok' || level === 'warning' || level === 'critical') return level;
  return level === 'unknown' ? 'muted' : 'normal';
}

/**
 * Data older than two poll intervals is STALE: one late round is normal (a round waits for its
 * slowest member's deadline), two in a row means nothing new is arriving.
 */
export function isStale(ageMs: number, intervalMs: number): boolean {
  return ageMs > 2 * intervalMs;
}

/**
 * HH:MM:SS in UTC. etcd writes its logs in UTC, so an event here lines up with the member's log
 * line without mental arithmetic; it also keeps frames independent of the machine's zone. Panes
 * that show times say "UTC" in their title.
 */
export function clockUtc(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--:--';
  return new Date(ms).toISOString().slice(11, 19);
}

/**
 * Terminal cells a string takes. Code points, not UTF-16 units: the symbols used here (›, →, …,
 * ·, —) are one cell each. Ink still truncates every line, so a wide character in a member name
 * costs a cell of alignment, never a wrapped row.
 */
export function cellWidth(text: string): number {
  // Counted in place (every frame measures every row): UTF-16 units, less one per surrogate pair.
  let cells = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cells--;
        i++;
      }
    }
  }
  return cells;
}

/** Cuts text to `width` cells, marking the cut with "…". */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (cellWidth(text) <= width) return text;
  const chars = [...text];
  return `${chars.slice(0, width - 1).join('')}…`;
}

/** Exactly `width` cells: truncated or padded, on the right or (numbers) on the left. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - cellWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/** At most `max` lines; when some do not fit, the last one says how many were left out. */
export function clip(lines: readonly Line[], max: number): Line[] {
  if (max <= 0) return [];
  if (lines.length <= max) return [...lines];
  const kept = lines.slice(0, max - 1);
  return [...kept, { text: `… ${lines.length - kept.length} more`, tone: 'muted' }];
}

/**
 * Word-wraps one line into lines of at most `width` cells; continuation lines start with
 * `indent`. A word longer than a line is cut, so no line ever exceeds the width.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  if (width <= 0) return [];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (cellWidth(candidate) <= width || current.trim() === '') {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = `${indent}${word}`;
  }
  lines.push(current);
  return lines.map((line) => truncate(line, width));
}
