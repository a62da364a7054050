// The monitor's state and its reducer: (state, event) → state. Every timestamp arrives inside an
// event, so the same events always give the same state (tests replay recorded rounds). The
// history rings are the one mutable part, by design: copying an hour of samples every second
// would turn a flat memory profile into a garbage-collector workout.
import type { MemberId } from '../etcd/gateway.js';
import type { ClusterSnapshot } from './cluster-snapshot.js';
import { clusterIdChangedFindings, clusterIdEvents, nextClusterIdMemory, type ClusterIdMemory } from './cluster-id-memory.js';
import { alarmKey, diffRounds, electionTerm, type ClusterEvent, type RoundFacts } from './cluster-events.js';
import { History, type SeriesSample } from './history.js';
import { initialLatencyWindow, nextLatencyWindow, type LatencyWindow } from './latency-window.js';
import { judgeLatency } from './latency-judgement.js';
import { memberRows, type MemberRow } from './member-rows.js';
import { alarmsOf, leaderKnown, leaderOf, leaderTermOf, quotaBytesOf, type QuotaBytes } from './selectors.js';
import type { Finding, Verdict } from './finding.js';
import { certificateFindings, type CertificateReport, type RenewalHints } from './findings-certificates.js';
import { verdictOf, withFindings } from './verdict.js';
import { defaultThresholds, type Thresholds } from './verdict-thresholds.js';

export const MAX_EVENTS = 500;
export const MAX_LEADER_CHANGES = 100;
const HOUR_MS = 3_600_000;

export interface LeaderChange {
  atMs: number;
  fromId: MemberId | null;
  toId: MemberId | null;
  term?: bigint;
}

export interface LeaderTenure {
  id: MemberId | null;
  /** When this session first saw the current leader (or lost it). */
  sinceMs?: number;
  /** Newest first, bounded. */
  changes: LeaderChange[];
  /**
   * No voting member answered Status (all down, frozen or refusing): who leads is unknown, which
   * is not "no leader". `id` is null meanwhile (nothing may act on a leader nobody confirmed);
   * the tenure seen before resumes, with no change counted, if the same leader is seen again.
   */
  unknown?: { sinceMs: number; resume: { id: MemberId | null; sinceMs?: number } };
}

export interface MonitorState {
  /** Bumped on every change, so views can memoise on it. */
  version: number;
  latest?: ClusterSnapshot;
  rows: MemberRow[];
  quota: QuotaBytes;
  verdict: Verdict;
  leader: LeaderTenure;
  /** alarmKey(memberId, alarm) → when this session first saw it. */
  alarmsFirstSeenMs: ReadonlyMap<string, number>;
  /** When each member last answered a status call: the age of its row's data. */
  lastAnsweredMs: ReadonlyMap<MemberId, number>;
  /** Newest first, bounded. */
  events: ClusterEvent[];
  history: History;
  thresholds: Thresholds;
  /** Recent latency histogram samples per member, for p99s over the last minute. */
  latencyWindow: LatencyWindow;
  maintenance: MaintenanceSession;
  /** Serving and client certificates, read at start and hourly (not every round: a handshake each). */
  certificates?: CertificateReport;
  /** Their findings, merged into every round's verdict. */
  certificateFindings: Finding[];
  /** The cluster this session started on, and whether the endpoints moved to another. */
  clusterId: ClusterIdMemory;
}

/** What this session did to the cluster: the operation in progress, and who was defragmented. */
export interface MaintenanceSession {
  running?: { label: string; startedAtMs: number };
  defragmented: ReadonlySet<MemberId>;
}

export type MonitorEvent =
  | { type: 'round'; snapshot: ClusterSnapshot }
  | { type: 'note'; event: ClusterEvent }
  | { type: 'operation-started'; label: string; atMs: number }
  | { type: 'operation-finished'; label: string; atMs: number; ok: boolean; message: string; defragmentedId?: MemberId }
  | { type: 'certificates'; report: CertificateReport; hints: RenewalHints }
  /** Forget every round (a replay seeking back folds the recording again from its start). */
  | { type: 'reset' };

export function initialMonitorState(options: { historyCapacity: number; thresholds?: Partial<Thresholds> }): MonitorState {
  return {
    version: 0,
    rows: [],
    quota: { bytes: 0, known: false },
    verdict: { level: 'unknown', findings: [] },
    leader: { id: null, changes: [] },
    alarmsFirstSeenMs: new Map(),
    lastAnsweredMs: new Map(),
    events: [],
    history: new History(options.historyCapacity),
    thresholds: { ...defaultThresholds, ...options.thresholds },
    latencyWindow: initialLatencyWindow(),
    maintenance: { defragmented: new Set() },
    certificateFindings: [],
    clusterId: {},
  };
}

export function reduceMonitor(state: MonitorState, event: MonitorEvent): MonitorState {
  switch (event.type) {
    case 'note':
      return withEvent(state, event.event);
    case 'operation-started':
      return withEvent({ ...state, maintenance: { ...state.maintenance, running: { label: event.label, startedAtMs: event.atMs } } },
        { atMs: event.atMs, level: 'info', message: `${event.label}: started` });
    case 'operation-finished': {
      const defragmented = new Set(state.maintenance.defragmented);
      if (event.ok && event.defragmentedId) defragmented.add(event.defragmentedId);
      return withEvent({ ...state, maintenance: { defragmented } },
        { atMs: event.atMs, level: event.ok ? 'ok' : 'critical', message: event.message });
    }
    case 'round':
      return applyRound(state, event.snapshot);
    case 'reset':
      return { ...initialMonitorState({ historyCapacity: state.history.capacity, thresholds: state.thresholds }), version: state.version + 1 };
    case 'certificates':
      // Judged now, shown in the verdict from the next round on (within one poll interval).
      return { ...state, version: state.version + 1, certificates: event.report, certificateFindings: certificateFindings(event.report, state.thresholds, event.hints) };
  }
}

function withEvent(state: MonitorState, event: ClusterEvent): MonitorState {
  return { ...state, version: state.version + 1, events: [event, ...state.events].slice(0, MAX_EVENTS) };
}

function applyRound(state: MonitorState, snapshot: ClusterSnapshot): MonitorState {
  const atMs = snapshot.takenAtMs;
  const quota = quotaBytesOf(snapshot);
  const rows = memberRows(snapshot, quota);
  const { leaderId } = leaderOf(snapshot);
  const term = leaderTermOf(snapshot, leaderId);
  const alarmKeys = new Set(alarmsOf(snapshot).map((a) => alarmKey(a.memberId, a.alarm)));
  const previousFacts = state.latest ? factsOf(state) : undefined;
  const known = leaderKnown(snapshot);
  // While nobody can say who leads, the events keep the last leader: losing sight of the cluster
  // is told by the members' DOWN events, not as a leader lost and a leader elected.
  const factsLeaderId = known ? leaderId : (previousFacts?.leaderId ?? null);
  const facts: RoundFacts = { rows, leaderId: factsLeaderId, alarmKeys, ...(known && term !== undefined ? { leaderTerm: term } : {}) };
  const newTerm = previousFacts && known ? electionTerm(previousFacts, facts) : undefined;

  const leader = known ? nextLeader(resumed(state.leader), leaderId, { atMs, newTerm }) : unknownLeader(state.leader, atMs);
  const changesLastHour = leader.changes.filter((change) => change.atMs > atMs - HOUR_MS).length;
  state.history.record(atMs, seriesSamples(rows));
  const latencyWindow = nextLatencyWindow(state.latencyWindow, snapshot);
  const judged = judgeLatency(snapshot, latencyWindow);
  const clusterId = nextClusterIdMemory(state.clusterId, snapshot);
  const context = { leaderChangesLastHour: changesLastHour, ...(judged.windowMs !== undefined ? { latencyWindowMs: judged.windowMs } : {}) };

  return {
    ...state,
    version: state.version + 1,
    latest: snapshot,
    rows,
    quota,
    verdict: withFindings(verdictOf(judged.snapshot, state.thresholds, context), snapshot, [...clusterIdChangedFindings(clusterId), ...state.certificateFindings]),
    clusterId,
    leader,
    alarmsFirstSeenMs: firstSeen(state.alarmsFirstSeenMs, alarmKeys, atMs),
    lastAnsweredMs: lastAnswered(state.lastAnsweredMs, rows, atMs),
    events: [...clusterIdEvents(state.clusterId, clusterId, atMs), ...diffRounds(previousFacts, facts, atMs, state.thresholds).reverse(), ...state.events].slice(0, MAX_EVENTS),
    latencyWindow,
  };
}

function factsOf(state: MonitorState): RoundFacts {
  const leaderId = state.leader.unknown ? state.leader.unknown.resume.id : state.leader.id;
  return { rows: state.rows, leaderId, alarmKeys: new Set(state.alarmsFirstSeenMs.keys()) };
}

interface RoundTerm {
  atMs: number;
  /** The leader voters' term when it is higher than any the last round saw: the election's own. */
  newTerm: bigint | undefined;
}

function nextLeader(tenure: LeaderTenure, leaderId: MemberId | null, round: RoundTerm): LeaderTenure {
  const { atMs, newTerm } = round;
  // The first round in which anyone said who leads (sinceMs is set from then on).
  if (tenure.sinceMs === undefined) return { id: leaderId, sinceMs: atMs, changes: tenure.changes };
  if (tenure.id === leaderId) return withLaterTerm(tenure, newTerm);
  const change: LeaderChange = { atMs, fromId: tenure.id, toId: leaderId, ...(leaderId !== null && newTerm !== undefined ? { term: newTerm } : {}) };
  return { id: leaderId, sinceMs: atMs, changes: [change, ...tenure.changes].slice(0, MAX_LEADER_CHANGES) };
}

function unknownLeader(tenure: LeaderTenure, atMs: number): LeaderTenure {
  if (tenure.unknown) return tenure;
  const resume = { id: tenure.id, ...(tenure.sinceMs !== undefined ? { sinceMs: tenure.sinceMs } : {}) };
  return { id: null, changes: tenure.changes, unknown: { sinceMs: atMs, resume } };
}

function resumed(tenure: LeaderTenure): LeaderTenure {
  if (!tenure.unknown) return tenure;
  const { id, sinceMs } = tenure.unknown.resume;
  return { id, ...(sinceMs !== undefined ? { sinceMs } : {}), changes: tenure.changes };
}

// The election's term shows up once the new leader's first entry is applied, often a round
// after the change was seen: the change gets it then, rather than keeping the old term.
function withLaterTerm(tenure: LeaderTenure, newTerm: bigint | undefined): LeaderTenure {
  const [last, ...rest] = tenure.changes;
  if (!last || last.toId === null || last.toId !== tenure.id || last.term !== undefined || newTerm === undefined) return tenure;
  return { ...tenure, changes: [{ ...last, term: newTerm }, ...rest] };
}


function firstSeen(previous: ReadonlyMap<string, number>, active: ReadonlySet<string>, atMs: number): Map<string, number> {
  const next = new Map<string, number>();
  for (const key of active) next.set(key, previous.get(key) ?? atMs);
  return next;
}

function lastAnswered(previous: ReadonlyMap<MemberId, number>, rows: MemberRow[], atMs: number): Map<MemberId, number> {
  const next = new Map(previous);
  for (const row of rows) if (row.raftIndex !== undefined && row.id) next.set(row.id, atMs);
  return next;
}

function seriesSamples(rows: MemberRow[]): Map<string, SeriesSample> {
  const samples = new Map<string, SeriesSample>();
  for (const row of rows) {
    if (!row.id) continue;
    const sample: SeriesSample = {};
    if (row.dbSizeBytes !== undefined) sample.dbSizeBytes = row.dbSizeBytes;
    if (row.dbSizeInUseBytes !== undefined) sample.dbSizeInUseBytes = row.dbSizeInUseBytes;
    if (row.raftIndexDrift !== undefined) sample.raftIndexDrift = Number(row.raftIndexDrift);
    if (row.applyLag !== undefined) sample.applyLag = Number(row.applyLag);
    if (row.healthLatencyMs !== undefined) sample.healthLatencyMs = row.healthLatencyMs;
    samples.set(row.id, sample);
  }
  return samples;
}
