// The events pane: what changed between rounds, newest first, each with the UTC time of the
// round that saw it (etcd's own logs are in UTC, so the two line up).
import type { MonitorState } from '../monitor-state.js';
import { clockUtc, toneOfLevel, type Line } from './view-text.js';

export interface EventsView {
  title: string;
  lines: Line[];
}

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
