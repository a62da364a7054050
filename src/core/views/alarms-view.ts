// The alarms pane: each active alarm, on which member, since when, and the runbook's first steps
// for its kind. An alarm outlives its cause (NOSPACE stays raised after compaction until someone
// disarms it), so the hint always ends with what clears it.
import type { AlarmKind } from '../../etcd/gateway.js';
import { alarmKey } from '../cluster-events.js';
import { formatAge } from '../format.js';
import type { MonitorState } from '../monitor-state.js';
import { alarmsOf, labelForId } from '../selectors.js';
import { clockUtc, wrapWords, type Line, type Tone } from './view-text.js';

export interface AlarmsView {
  title: string;
  count: number;
  lines: Line[];
}

const HINTS: Record<string, string> = {
  NOSPACE: 'compact, defragment every member (followers first, leader last), then disarm',
  CORRUPT: 'stop writes, check hashes (etcdctl endpoint hashkv --cluster), restore from snapshot',
};

export function alarmHint(alarm: AlarmKind): string {
  return HINTS[alarm] ?? 'see the etcd docs for this alarm; `etcdctl alarm list` shows it too';
}

/** Side borders and padding: what the pane's frame takes from its width. */
const FRAME_COLUMNS = 4;

/**
 * `width` is the pane's outer width. Alarm lines wrap rather than truncate: the hint is the
 * instruction, and half an instruction is worse than none.
 */
export function alarmsViewOf(state: MonitorState, nowMs: number, width: number): AlarmsView {
  const latest = state.latest;
  const alarms = latest ? alarmsOf(latest) : [];
  if (!latest || alarms.length === 0) {
    return { title: ' Alarms ', count: 0, lines: [{ text: 'No active alarms', tone: 'ok' }] };
  }
  const inner = Math.max(1, width - FRAME_COLUMNS);
  const wrapped = (text: string, tone: Tone, bold: boolean): Line[] =>
    wrapWords(text, inner, '  ').map((part) => ({ text: part, tone, ...(bold ? { bold } : {}) }));
  const kinds = [...new Set(alarms.map((alarm) => alarm.alarm))].sort(byUrgency);
  const lines = kinds.flatMap((kind): Line[] => [
    ...alarms
      .filter((alarm) => alarm.alarm === kind)
      .flatMap((alarm) => {
        const firstSeenMs = state.alarmsFirstSeenMs.get(alarmKey(alarm.memberId, alarm.alarm));
        const since = firstSeenMs === undefined ? '' : ` since ${clockUtc(firstSeenMs)} UTC (${formatAge(nowMs - firstSeenMs)})`;
        return wrapped(`${kind} on ${labelForId(latest, alarm.memberId)}${since}`, 'critical', true);
      }),
    ...wrapped(`→ ${alarmHint(kind)}`, 'normal', false),
  ]);
  return { title: ` Alarms (${alarms.length}) `, count: alarms.length, lines };
}

// CORRUPT first: it means data may differ between members, worse than a full disk.
function byUrgency(a: string, b: string): number {
  const rank = (kind: string) => (kind === 'CORRUPT' ? 0 : kind === 'NOSPACE' ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b);
}
