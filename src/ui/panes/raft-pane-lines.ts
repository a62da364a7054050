// The Raft pane's lines for a given size: a header, one row per member (value, threshold word,
// sparkline for drift and for apply lag), then the sparklines' scale when there is room.
import { APPLY_LAG_MARK, DRIFT_MARK, RAFT_LAYOUT, formatEntries, type RaftMemberView, type RaftView } from '../../core/views/raft-view.js';
import { cell, row, type SegmentLine } from './segments.js';

/** At most `maxLines` lines; members come first, then the header, then the scale. */
export function raftPaneLines(view: RaftView, maxLines: number): SegmentLine[] {
  const members = view.members.map((member) => memberLine(view, member));
  if (members.length === 0) return maxLines > 0 ? [[{ text: 'no members yet', tone: 'muted' }]] : [];
  if (maxLines < members.length) return clipMembers(view, members, maxLines);
  const lines = maxLines > members.length ? [headerLine(view), ...members] : members;
  if (maxLines > lines.length && view.sparkWidth > 0) lines.push(scaleLine(view));
  return lines;
}

function headerLine(view: RaftView): SegmentLine {
  const L = RAFT_LAYOUT;
  const sparks = view.sparkWidth > 0 ? view.sparkWidth + L.gap : 0;
  const drift = `behind leader (>${formatEntries(view.maxRaftIndexDrift)})`;
  const lag = `apply lag (>${formatEntries(view.maxApplyLag)})`;
  return [
    ...row([cell('MEMBER', view.nameWidth, 'muted'), cell(drift, L.valueWidth + L.driftMarkWidth + sparks + L.gap, 'muted')], L.gap),
    { text: ' '.repeat(2 * L.gap) },
    cell(lag, L.valueWidth + L.lagMarkWidth + sparks + L.gap, 'muted'),
  ];
}

function memberLine(view: RaftView, member: RaftMemberView): SegmentLine {
  const L = RAFT_LAYOUT;
  const isLeader = member.role === 'leader';
  const down = member.state === 'down';
  const driftText = isLeader && member.raftIndexDrift !== undefined ? 'leader' : formatEntries(member.raftIndexDrift);
  const driftMark = down ? 'DOWN' : member.driftOverThreshold ? DRIFT_MARK : '';
  const drift = [
    cell(driftText, L.valueWidth, isLeader ? 'muted' : undefined, 'right'),
    cell(driftMark, L.driftMarkWidth, down ? 'critical' : 'warning'),
    ...(view.sparkWidth > 0 ? [cell(member.driftSparkline, view.sparkWidth, member.driftOverThreshold ? 'warning' : 'accent')] : []),
  ];
  const lag = [
    cell(formatEntries(member.applyLag), L.valueWidth, undefined, 'right'),
    cell(member.applyLagOverThreshold ? APPLY_LAG_MARK : '', L.lagMarkWidth, 'warning'),
    ...(view.sparkWidth > 0 ? [cell(member.applyLagSparkline, view.sparkWidth, member.applyLagOverThreshold ? 'warning' : 'accent')] : []),
  ];
  // Two blanks between the column groups: the apply-lag value must not read as the tail of a sparkline.
  return [...row([cell(member.name, view.nameWidth), ...drift], L.gap), { text: ' '.repeat(2 * L.gap) }, ...row(lag, L.gap)];
}

function scaleLine(view: RaftView): SegmentLine {
  const text = `█ = ${formatEntries(view.driftScaleMax)} behind, ${formatEntries(view.applyLagScaleMax)} unapplied · blank: no data`;
  return [{ text, tone: 'muted' }];
}

// A short pane keeps the members in trouble: the healthy ones are what can be left out.
function clipMembers(view: RaftView, members: SegmentLine[], maxLines: number): SegmentLine[] {
  if (maxLines <= 0) return [];
  const severity = (m: RaftMemberView): number =>
    (m.state === 'down' ? 4 : 0) + (m.driftOverThreshold ? 2 : 0) + (m.applyLagOverThreshold ? 1 : 0);
  const order = view.members.map((m, i) => ({ i, severity: severity(m) })).sort((a, b) => b.severity - a.severity || a.i - b.i);
  // One line: the worst member alone says more than "… 3 more".
  const room = maxLines === 1 ? 1 : maxLines - 1;
  const keep = new Set(order.slice(0, room).map(({ i }) => i));
  const kept = members.filter((_, i) => keep.has(i));
  if (kept.length === members.length) return kept;
  const more: SegmentLine = [{ text: `… ${members.length - kept.length} more`, tone: 'muted' }];
  return [...kept, more].slice(0, maxLines);
}
