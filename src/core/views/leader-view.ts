// The leader pane: who leads, for how long, every change this session saw, and any member that
// sees another leader or none (a split view is the first sign of a partition).
import { formatAge } from '../format.js';
import type { MonitorState } from '../monitor-state.js';
import { leaderOf } from '../selectors.js';
import { clockUtc, type Line } from './view-text.js';

export interface LeaderView {
  title: string;
  lines: Line[];
}

export function leaderViewOf(state: MonitorState, nowMs: number): LeaderView {
  return { title: ' Leader ', lines: [...currentLines(state, nowMs), ...agreementLines(state), ...changeLines(state)] };
}

function nameOf(state: MonitorState, id: string | null): string {
  if (id === null) return 'NO LEADER';
  return state.rows.find((row) => row.id === id)?.name ?? id;
}

function currentLines(state: MonitorState, nowMs: number): Line[] {
  const { id, sinceMs, changes, unknown } = state.leader;
  if (unknown) {
    const last = unknown.resume.id === null ? '' : ` · last seen: ${nameOf(state, unknown.resume.id)} (${unknown.resume.id})`;
    return [
      { text: 'LEADER UNKNOWN: no voting member answers', tone: 'warning', bold: true },
      { text: `for ${formatAge(nowMs - unknown.sinceMs)} (since ${clockUtc(unknown.sinceMs)} UTC)${last}`, tone: 'normal' },
    ];
  }
  const since = sinceMs === undefined ? '' : sinceText(nowMs - sinceMs, sinceMs, changes.length === 0);
  if (id === null) {
    const was = changes[0]?.fromId;
    const wasText = was ? ` (was ${nameOf(state, was)})` : '';
    return [
      { text: `NO LEADER${wasText}`, tone: 'critical', bold: true },
      { text: `no leader${since}`, tone: 'critical' },
    ];
  }
  const term = state.rows.find((row) => row.id === id)?.raftTerm;
  const termText = term === undefined ? '' : ` · term ${term}`;
  return [
    { text: `LEADER ${nameOf(state, id)} (${id})${termText}`, tone: 'accent', bold: true },
    { text: `leading${since}`, tone: 'normal' },
  ];
}

/** " for 5m10s (since 11:55:02 UTC)", or "since etcdtop started" when no change was seen. */
function sinceText(forMs: number, sinceMs: number, fromStart: boolean): string {
  const since = fromStart ? 'since etcdtop started' : `since ${clockUtc(sinceMs)} UTC`;
  return ` for ${formatAge(forMs)} (${since})`;
}

function agreementLines(state: MonitorState): Line[] {
  if (!state.latest) return [];
  if (state.leader.unknown) return [];
  const view = leaderOf(state.latest);
  if (view.leaderId === null) return [{ text: 'no answering voting member sees a leader', tone: 'critical' }];
  if (view.disagreement.length === 0) {
    return [{ text: `${view.agreeingVoters} voting member(s) agree on this leader`, tone: 'muted' }];
  }
  return view.disagreement.map(({ memberId, seesLeaderId }) => ({
    text:
      seesLeaderId === null
        ? `${nameOf(state, memberId)} (${memberId}) sees NO LEADER`
        : `${nameOf(state, memberId)} (${memberId}) sees ${nameOf(state, seesLeaderId)} as leader`,
    tone: 'warning',
    bold: true,
  }));
}

function changeLines(state: MonitorState): Line[] {
  const { changes } = state.leader;
  if (changes.length === 0) return [{ text: 'no leader change seen this session', tone: 'muted' }];
  return [
    { text: `${changes.length} leader change(s) this session (UTC):`, tone: 'normal' },
    ...changes.map((change) => ({
      text: `${clockUtc(change.atMs)}  ${nameOf(state, change.fromId)} → ${nameOf(state, change.toId)}${
        change.term === undefined ? '' : `  term ${change.term}`
      }`,
      tone: change.toId === null ? ('critical' as const) : ('warning' as const),
    })),
  ];
}
