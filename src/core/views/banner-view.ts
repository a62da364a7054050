// The banner: the verdict as one word, what to look at first, and whether the screen can be
// trusted right now (PAUSED, STALE). Someone glancing at a war-room screen reads the bar and
// nothing else, so a frozen or outdated picture must say so on that same bar.
import { clusterIdOfRound } from '../cluster-id-memory.js';
import type { VerdictLevel } from '../finding.js';
import { formatAge, formatDurationMs } from '../format.js';
import type { MonitorState } from '../monitor-state.js';
import { cellWidth, fit, isStale, truncate, UNKNOWN, wrapWords } from './view-text.js';

export interface BannerViewOptions {
  /** Outer width: the bar fills it. */
  width: number;
  nowMs: number;
  intervalMs: number;
  paused: boolean;
  readOnly: boolean;
  /** --insecure-skip-tls-verify: server certificates are not checked, so say it on the bar. */
  tlsUnverified?: boolean;
  /** Lines the headline may take: 2 on the thick banner, whose third line is otherwise blank. */
  headlineLines?: 1 | 2;
}

export interface BannerView {
  level: VerdictLevel;
  word: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
  /** Exactly `width` cells: the word, the headline, the count of other findings, the badges. */
  bar: string;
  /** Exactly `width` cells: the rest of a headline too long for `bar`; blank when it fit. */
  continuation: string;
  /** Cluster id, leader, poll interval; at most `width` cells. */
  meta: string;
  badges: string[];
  headline: string;
  moreFindings: number;
}

const MIN_GAP = 3;
const WORDS = { ok: 'OK', warning: 'WARNING', critical: 'CRITICAL', unknown: 'UNKNOWN' } as const;

export function bannerViewOf(state: MonitorState, options: BannerViewOptions): BannerView {
  const { verdict } = state;
  const word = WORDS[verdict.level];
  const [top, ...others] = verdict.findings;
  const headline = (top?.message ?? quietHeadline(state)) + wayOut(top?.code, options.readOnly);
  const badges = badgesOf(state, options);
  const more = others.length > 0 ? `  (+${others.length} more)` : '';
  const right = badges.length > 0 ? `${badges.join('  ')} ` : '';
  const left = ` ${word}  `;
  // The headline gives way first; the word and the badges are what must survive a narrow screen.
  const room = options.width - cellWidth(left) - cellWidth(more) - cellWidth(right) - MIN_GAP;
  const [first = '', ...rest] = options.headlineLines === 2 && room > 0 ? wrapWords(headline, room) : [headline];
  const second = rest.join(' ');
  const middle = room > 0 ? truncate(first, room) + more : '';
  const body = `${left}${middle}`;
  const gap = Math.max(MIN_GAP, options.width - cellWidth(body) - cellWidth(right));
  const indent = ' '.repeat(cellWidth(left));
  return {
    level: verdict.level,
    word,
    bar: fit(`${body}${' '.repeat(gap)}${right}`, options.width),
    continuation: fit(second ? truncate(indent + second, options.width - 1) : '', options.width),
    meta: truncate(metaOf(state, options.intervalMs), options.width),
    badges,
    headline,
    moreFindings: others.length,
  };
}

// What to press, when a key of this screen is the way out: the operator should not have to
// remember that R exists while the cluster refuses writes.
function wayOut(code: string | undefined, readOnly: boolean): string {
  return code === 'alarm-nospace' && !readOnly ? ' · press R for the guided recovery' : '';
}

function quietHeadline(state: MonitorState): string {
  if (!state.latest) return 'waiting for the first poll round';
  return state.verdict.level === 'ok' ? `all ${state.rows.length} members healthy` : 'no finding';
}

function badgesOf(state: MonitorState, options: BannerViewOptions): string[] {
  const badges: string[] = [];
  if (options.paused) badges.push('PAUSED');
  if (options.readOnly) badges.push('READ-ONLY');
  if (options.tlsUnverified) badges.push('TLS UNVERIFIED');
  // etcd ≥ 3.6 reports a downgrade in progress: a cluster-wide change an operator must see.
  const downgradeTargets = new Set(state.rows.flatMap((row) => (row.downgrade?.enabled ? [row.downgrade.targetVersion || '?'] : [])));
  if (downgradeTargets.size > 0) badges.push(`DOWNGRADE TO ${[...downgradeTargets].join('/')}`);
  const takenAtMs = state.latest?.takenAtMs;
  if (takenAtMs !== undefined && isStale(options.nowMs - takenAtMs, options.intervalMs)) {
    badges.push(`STALE ${formatAge(options.nowMs - takenAtMs)}`);
  }
  return badges;
}

function metaOf(state: MonitorState, intervalMs: number): string {
  const others = state.latest?.clusters?.slice(1).map((cluster) => cluster.clusterId) ?? [];
  const changed = state.clusterId.changed;
  const clusterId = (clusterIdOfRound(state.latest) ?? UNKNOWN) + (others.length > 0 ? ` (CLUSTER ID MISMATCH: also ${others.join(', ')})` : '') +
    (changed ? ` (CLUSTER ID CHANGED: was ${changed.from})` : '');
  const leaderRow = state.rows.find((row) => row.id !== '' && row.id === state.leader.id);
  const leader = state.leader.unknown ? 'unknown' : state.leader.id === null ? 'NO LEADER' : (leaderRow?.name ?? state.leader.id);
  const answering = state.rows.filter((row) => row.state !== 'down' && row.state !== 'unstarted').length;
  const members = `${answering}/${state.rows.length} answering`;
  const storageVersions = [...new Set(state.rows.flatMap((row) => (row.storageVersion ? [row.storageVersion] : [])))];
  const storage = storageVersions.length > 0 ? ` · storage ${storageVersions.join('/')}` : '';
  return ` cluster ${clusterId} · leader ${leader} · ${members} · polling every ${formatDurationMs(intervalMs)}${roundTimeOf(state, intervalMs)}${storage}`;
}

/**
 * A round never starts before the previous one ends, so a frozen member (each call waits out its
 * deadline) stretches the real period past the interval: "polling every 1s" would then be false.
 * Said when it is clearly longer, not for a few ms of jitter.
 */
function roundTimeOf(state: MonitorState, intervalMs: number): string {
  const durationMs = state.latest?.durationMs;
  if (durationMs === undefined || durationMs < intervalMs * 1.2 || durationMs - intervalMs < 200) return '';
  return ` (rounds take ${formatDurationMs(durationMs)})`;
}
