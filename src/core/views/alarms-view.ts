// The alarms pane: each active alarm, on which member, since when, and the runbook's first steps
// for its kind. An alarm outlives its cause (NOSPACE stays raised after compaction until someone
// disarms it), so the hint always ends with what clears it.
import type { AlarmKind } from '../../etcd/gateway.js';
import { alarmKey } from '../cluster-events.js';
import { formatAge } from '../format.js';
import type { MonitorState } from '../monitor-state.js';
import { alarmsOf, labelForId } from '../selectors.js';
import { clockUtc, truncate, wrapWords, type Line, type Tone } from './view-text.js';
import { compareText } from '../text-order.js';

export interface AlarmsView {
  title: string;
  count: number;
  /** Every alarm on a line of its own (wrapped), each kind followed by its hint: the most room wanted. */
  lines: Line[];
  /** Per kind, most urgent first, for fitting fewer lines (fitAlarmLines). */
  kinds: AlarmKindLines[];
}

export interface AlarmKindLines {
  /** Alarms of this kind. */
  count: number;
  /** Each alarm wrapped, then the hint wrapped. */
  full: Line[];
  /** The kind's members on one cut line, then the hint wrapped: the hint is the way out. */
  compact: Line[];
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
    return { title: ' Alarms ', count: 0, lines: [{ text: 'No active alarms', tone: 'ok' }], kinds: [] };
  }
  const inner = Math.max(1, width - FRAME_COLUMNS);
  const wrapped = (text: string, tone: Tone, bold: boolean): Line[] =>
    wrapWords(text, inner, '  ').map((part) => ({ text: part, tone, ...(bold ? { bold } : {}) }));
  const kinds = [...new Set(alarms.map((alarm) => alarm.alarm))].sort(byUrgency).map((kind): AlarmKindLines => {
    const ofKind = alarms.filter((alarm) => alarm.alarm === kind);
    const seen = ofKind.map((alarm) => state.alarmsFirstSeenMs.get(alarmKey(alarm.memberId, alarm.alarm)));
    const hint = wrapped(`→ ${alarmHint(kind)}`, 'normal', false);
    const full = ofKind.flatMap((alarm, i) => {
      const firstSeenMs = seen[i];
      const since = firstSeenMs === undefined ? '' : ` since ${clockUtc(firstSeenMs)} UTC (${formatAge(nowMs - firstSeenMs)})`;
      return wrapped(`${kind} on ${labelForId(latest, alarm.memberId)}${since}`, 'critical', true);
    });
    const earliest = Math.min(...seen.filter((ms): ms is number => ms !== undefined));
    const names = ofKind.length === 1 ? labelForId(latest, ofKind[0]!.memberId) : ofKind.map((alarm) => nameOf(state, alarm.memberId)).join(', ');
    const age = Number.isFinite(earliest) ? ` for ${formatAge(nowMs - earliest)}` : '';
    const compact: Line = { text: truncate(`${kind} on ${names}${age}`, inner), tone: 'critical', bold: true };
    return { count: ofKind.length, full: [...full, ...hint], compact: [compact, ...hint] };
  });
  return { title: ` Alarms (${alarms.length}) `, count: alarms.length, lines: kinds.flatMap((kind) => kind.full), kinds };
}

/**
 * The alarms in at most `maxLines` lines: every kind keeps its hint (the way out) before any kind
 * gets its alarms one per line; what does not fit is counted in alarms, not in lines.
 */
export function fitAlarmLines(view: AlarmsView, maxLines: number): Line[] {
  if (maxLines <= 0) return [];
  if (view.kinds.length === 0 || view.lines.length <= maxLines) return view.lines.slice(0, maxLines);
  const compactTotal = view.kinds.reduce((sum, kind) => sum + kind.compact.length, 0);
  if (compactTotal <= maxLines) {
    let spare = maxLines - compactTotal;
    return view.kinds.flatMap((kind) => {
      const extra = kind.full.length - kind.compact.length;
      if (extra > spare) return kind.compact;
      spare -= extra;
      return kind.full;
    });
  }
  const lines: Line[] = [];
  let shownAlarms = 0;
  for (const kind of view.kinds) {
    if (lines.length + kind.compact.length > maxLines - 1) break;
    lines.push(...kind.compact);
    shownAlarms += kind.count;
  }
  // Not even the first kind fits whole: its line and as much of its hint as there is room for.
  if (shownAlarms === 0) return view.kinds[0]!.compact.slice(0, maxLines);
  return [...lines, { text: `… ${view.count - shownAlarms} more alarm${view.count - shownAlarms === 1 ? '' : 's'}`, tone: 'muted' }];
}

function nameOf(state: MonitorState, memberId: string): string {
  return state.rows.find((row) => row.id === memberId)?.name || memberId;
}

// CORRUPT first: it means data may differ between members, worse than a full disk.
function byUrgency(a: string, b: string): number {
  const rank = (kind: string) => (kind === 'CORRUPT' ? 0 : kind === 'NOSPACE' ? 1 : 2);
  return rank(a) - rank(b) || compareText(a, b);
}
