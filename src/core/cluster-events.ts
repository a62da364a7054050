// What changed between two rounds, in words an operator scans in the events pane: a member went
// down or came back, the leader moved, an alarm was raised or cleared, a DB crossed a quota
// threshold. Pure: both rounds come in, a list of events comes out.
import type { MemberId } from '../etcd/gateway.js';
import type { MemberRow } from './member-rows.js';
import type { Thresholds } from './verdict-thresholds.js';
import { clockUtc } from './views/view-text.js';

export type EventLevel = 'info' | 'ok' | 'warning' | 'critical';

export interface ClusterEvent {
  atMs: number;
  level: EventLevel;
  message: string;
  memberId?: MemberId;
}

export interface RoundFacts {
  rows: readonly MemberRow[];
  leaderId: MemberId | null;
  alarmKeys: ReadonlySet<string>;
  /** The term the leader's voters report (selectors' leaderTermOf); else the leader's own row's. */
  leaderTerm?: bigint;
}

export function alarmKey(memberId: MemberId, alarm: string): string {
  return `${memberId}/${alarm}`;
}

const label = (row: MemberRow) => `${row.name} (${row.id})`;

/** A second of slack: the metric is a float of seconds, and clocks are read, not compared. */
const RESTART_SLACK_MS = 1000;

function restartedUnseen(was: MemberRow, row: MemberRow): boolean {
  if (was.state === 'down' || row.state === 'down') return false;
  if (was.processStartedAtMs === undefined || row.processStartedAtMs === undefined) return false;
  return row.processStartedAtMs > was.processStartedAtMs + RESTART_SLACK_MS;
}

export function diffRounds(previous: RoundFacts | undefined, next: RoundFacts, atMs: number, thresholds: Thresholds): ClusterEvent[] {
  if (!previous) return [];
  return [
    ...memberEvents(previous.rows, next.rows, atMs),
    ...leaderEvents(previous, next, atMs),
    ...alarmEvents(previous.alarmKeys, next.alarmKeys, next.rows, atMs),
    ...quotaEvents(previous.rows, next.rows, atMs, thresholds),
  ];
}

// When no endpoint gave the member list, the poller polls the seeds under nameless placeholder
// members: such a round says nothing about who is in the cluster, so neither it nor the round
// after it reports members joining or leaving (an outage is not three members leaving).
function knowsMemberList(rows: readonly MemberRow[]): boolean {
  return !rows.some((row) => row.name === '');
}

function memberEvents(before: readonly MemberRow[], after: readonly MemberRow[], atMs: number): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const membership = knowsMemberList(before) && knowsMemberList(after);
  const old = new Map(before.map((row) => [row.id, row]));
  for (const row of after) {
    const was = old.get(row.id);
    if (!was) {
      if (membership && before.length > 0 && row.id) events.push({ atMs, level: 'info', message: `member ${label(row)} joined the member list`, memberId: row.id });
      continue;
    }
    if (was.state !== 'down' && row.state === 'down') {
      events.push({ atMs, level: 'critical', message: `${label(row)} DOWN: ${row.stateReason ?? 'no answer'}`, memberId: row.id });
    } else if (was.state === 'down' && row.state !== 'down') {
      events.push({ atMs, level: 'ok', message: `${label(row)} back UP`, memberId: row.id });
    } else if (restartedUnseen(was, row)) {
      // A crash loop quicker than the poll interval, an OOM kill and a kubelet restart: the
      // member answered in both rounds, only its process start time tells.
      events.push({ atMs, level: 'warning', message: `${label(row)} restarted at ${clockUtc(row.processStartedAtMs!)} UTC, between two rounds (never seen down)`, memberId: row.id });
    }
    // Whoever started it (etcdtop, etcdctl, a cron job): the member's own metrics say so.
    if (!was.defragmenting && row.defragmenting) {
      events.push({ atMs, level: 'warning', message: `${label(row)} DEFRAG: a defragment started; the member blocks until it ends`, memberId: row.id });
    } else if (was.defragmenting && !row.defragmenting) {
      events.push({ atMs, level: 'ok', message: `${label(row)} defragment ended`, memberId: row.id });
    }
  }
  const current = new Set(after.map((row) => row.id));
  for (const row of before) {
    if (membership && row.id && !current.has(row.id)) events.push({ atMs, level: 'warning', message: `member ${label(row)} left the member list`, memberId: row.id });
  }
  return events;
}

function leaderEvents(previous: RoundFacts, next: RoundFacts, atMs: number): ClusterEvent[] {
  if (previous.leaderId === next.leaderId) return [];
  const name = (facts: RoundFacts, id: MemberId | null) => {
    if (id === null) return 'none';
    const row = facts.rows.find((r) => r.id === id);
    return row ? label(row) : id;
  };
  if (next.leaderId === null) {
    return [{ atMs, level: 'critical', message: `NO LEADER (was ${name(previous, previous.leaderId)})` }];
  }
  const term = electionTerm(previous, next);
  const termText = term === undefined ? '' : `, term ${term}`;
  return [{
    atMs,
    level: 'warning',
    message: `leader changed: ${name(previous, previous.leaderId)} → ${name(next, next.leaderId)}${termText}`,
    memberId: next.leaderId,
  }];
}

/**
 * The new leader's term, when it is higher than any term the previous round saw. etcd reports the
 * term of the last applied entry, so the round that first sees a new leader can still carry the
 * old term: printing it would name the wrong election.
 */
export function electionTerm(previous: RoundFacts, next: RoundFacts): bigint | undefined {
  const term = next.leaderTerm ?? next.rows.find((r) => r.id === next.leaderId)?.raftTerm;
  const before = highestTerm(previous.rows);
  return term !== undefined && (before === undefined || term > before) ? term : undefined;
}

export function highestTerm(rows: readonly MemberRow[]): bigint | undefined {
  return rows.reduce<bigint | undefined>((max, row) => (row.raftTerm !== undefined && (max === undefined || row.raftTerm > max) ? row.raftTerm : max), undefined);
}

function alarmEvents(before: ReadonlySet<string>, after: ReadonlySet<string>, rows: readonly MemberRow[], atMs: number): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const describe = (key: string) => {
    const [memberId = '', alarm = ''] = key.split('/');
    const row = rows.find((r) => r.id === memberId);
    return { memberId, text: `${alarm} on ${row ? label(row) : memberId}` };
  };
  for (const key of after) {
    if (!before.has(key)) {
      const { memberId, text } = describe(key);
      events.push({ atMs, level: 'critical', message: `alarm raised: ${text}`, memberId });
    }
  }
  for (const key of before) {
    if (!after.has(key)) {
      const { memberId, text } = describe(key);
      events.push({ atMs, level: 'ok', message: `alarm cleared: ${text}`, memberId });
    }
  }
  return events;
}

function band(percent: number | undefined, thresholds: Thresholds): number {
  if (percent === undefined) return -1;
  if (percent > thresholds.dbCriticalPercent) return 2;
  return percent > thresholds.dbWarnPercent ? 1 : 0;
}

function quotaEvents(before: readonly MemberRow[], after: readonly MemberRow[], atMs: number, thresholds: Thresholds): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const old = new Map(before.map((row) => [row.id, row]));
  for (const row of after) {
    const was = old.get(row.id);
    const from = band(was?.dbQuotaPercent, thresholds);
    const to = band(row.dbQuotaPercent, thresholds);
    // A member that did not answer has no percentage: not a crossing in either direction.
    if (from < 0 || to < 0 || from === to) continue;
    const percent = Math.round(row.dbQuotaPercent ?? 0);
    const limit = to > from ? (to === 2 ? thresholds.dbCriticalPercent : thresholds.dbWarnPercent) : (from === 2 ? thresholds.dbCriticalPercent : thresholds.dbWarnPercent);
    const direction = to > from ? 'above' : 'back below';
    const level: EventLevel = to === 2 ? 'critical' : to === 1 ? 'warning' : 'ok';
    events.push({ atMs, level, message: `${label(row)} DB ${direction} ${limit}% of quota (${percent}%)`, memberId: row.id });
  }
  return events;
}
