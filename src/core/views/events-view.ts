// The events pane: what changed between rounds, newest first, each with the UTC time of the
// round that saw it (etcd's own logs are in UTC, so the two line up). Where the pane has room an
// event wraps rather than being cut ("DB above 95% of quo…"), newest first.
import type { MonitorState } from '../monitor-state.js';
import { clockUtc, toneOfLevel, truncate, wrapWords, type Line } from './view-text.js';

export interface EventsView {
  title: string;
  /** One line per event, uncut: what a pane with unlimited room would show. */
  lines: Line[];
}

/** The time column and its gap: a wrapped event continues under its message. */
const MESSAGE_INDENT = ' '.repeat('00:00:00  '.length);

export function eventsViewOf(state: MonitorState): EventsView {
  if (state.events.length === 0) {
    return { title: ' Events (UTC) ', lines: [{ text: 'no change seen yet', tone: 'muted' }] };
  }
  return {
    title: ' Events (UTC) ',
    lines: state.events.map((event) => ({
      text: `${clockUtc(event.atMs)}  ${event.message}`,
      tone: toneOfLevel(event.level),
      ...(event.level === 'critical' ? { bold: true } : {}),
    })),
  };
}

/**
 * The events in at most `maxLines` lines of `width` cells: as many events as fit, one line each,
 * and the newest wrapped whole while the lines left allow; when not all fit, the last line counts
 * the events left out.
 */
export function fitEventLines(view: EventsView, width: number, maxLines: number): Line[] {
  if (maxLines <= 0 || width <= 0) return [];
  const events = view.lines;
  const shown = events.length <= maxLines ? events.length : maxLines - 1;
  let spare = (shown < events.length ? maxLines - 1 : maxLines) - shown;
  const lines = events.slice(0, shown).flatMap((event): Line[] => {
    const wrapped = wrapWords(event.text, width, MESSAGE_INDENT);
    if (wrapped.length - 1 > spare) return [{ ...event, text: truncate(event.text, width) }];
    spare -= wrapped.length - 1;
    return wrapped.map((text) => ({ ...event, text }));
  });
  const left = events.length - shown;
  return left > 0 ? [...lines, { text: `… ${left} more event${left === 1 ? '' : 's'}`, tone: 'muted' }] : lines;
}
