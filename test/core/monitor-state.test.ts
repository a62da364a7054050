import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import type { ClusterEvent } from '../../src/core/cluster-events.js';
import {
  initialMonitorState,
  MAX_EVENTS,
  MAX_LEADER_CHANGES,
  reduceMonitor,
  type MonitorState,
} from '../../src/core/monitor-state.js';
import {
  failure,
  GIB,
  healthyCluster,
  memberIdAt,
  TAKEN_AT_MS,
  withAlarm,
  withDbSize,
  withLeader,
  withMemberDown,
  withStatus,
} from '../helpers/snapshot-factory.js';

const STEP_MS = 1000;
const HOUR_MS = 3_600_000;
const id = memberIdAt;
const name = (i: number) => `etcd-${i + 1} (${id(i)})`;

/** Round `snapshot` re-timed to `atMs`. */
function at(snapshot: ClusterSnapshot, atMs: number): ClusterSnapshot {
  return { ...snapshot, takenAtMs: atMs };
}

/** Folds the rounds through the reducer, one STEP_MS apart starting at TAKEN_AT_MS. */
function replay(rounds: ClusterSnapshot[], state: MonitorState = initialMonitorState({ historyCapacity: 100 })): MonitorState {
  return rounds.reduce((s, snapshot, i) => reduceMonitor(s, { type: 'round', snapshot: at(snapshot, TAKEN_AT_MS + i * STEP_MS) }), state);
}

/** The events of the last round only (they all carry its time). */
function lastRoundEvents(state: MonitorState): Omit<ClusterEvent, 'atMs'>[] {
  const atMs = state.latest?.takenAtMs;
  return state.events.filter((event) => event.atMs === atMs).map(({ atMs: _time, ...rest }) => rest);
}

/** A 3-member cluster (2 GiB quota from metrics) with member 0's DB at `percent` of the quota. */
function dbAt(percent: number): ClusterSnapshot {
  return withDbSize(healthyCluster(), 0, Math.round((2 * GIB * percent) / 100));
}

const healthy = healthyCluster();

describe('reduceMonitor: events between rounds', () => {
  it.each<{ case: string; before: ClusterSnapshot; after: ClusterSnapshot; expected: Omit<ClusterEvent, 'atMs'>[] }>([
    {
      case: 'member goes down',
      before: healthy,
      after: withMemberDown(healthy, 1),
      expected: [{ level: 'critical', message: `${name(1)} DOWN: timed out after 1.5s`, memberId: id(1) }],
    },
    {
      case: 'member goes down, refused',
      before: healthy,
      after: withMemberDown(healthy, 2, failure('unreachable', 'connection refused')),
      expected: [{ level: 'critical', message: `${name(2)} DOWN: connection refused`, memberId: id(2) }],
    },
    {
      case: 'member comes back',
      before: withMemberDown(healthy, 1),
      after: healthy,
      expected: [{ level: 'ok', message: `${name(1)} back UP`, memberId: id(1) }],
    },
    {
      case: 'leader changes',
      before: healthy,
      after: withStatus(withLeader(healthy, 2), 2, { raftTerm: 3n }),
      expected: [{ level: 'warning', message: `leader changed: ${name(0)} → ${name(2)}, term 3`, memberId: id(2) }],
    },
    {
      case: 'leader lost',
      before: healthy,
      after: withLeader(healthy, null),
      expected: [{ level: 'critical', message: `NO LEADER (was ${name(0)})` }],
    },
    {
      case: 'leader elected after none',
      before: withLeader(healthy, null),
      after: withStatus(withLeader(healthy, 1), 1, { raftTerm: 5n }),
      expected: [{ level: 'warning', message: `leader changed: none → ${name(1)}, term 5`, memberId: id(1) }],
    },
    {
      case: 'alarm raised',
      before: healthy,
      after: withAlarm(healthy, 1, 'NOSPACE'),
      expected: [{ level: 'critical', message: `alarm raised: NOSPACE on ${name(1)}`, memberId: id(1) }],
    },
    {
      case: 'alarm cleared',
      before: withAlarm(healthy, 1, 'NOSPACE'),
      after: healthy,
      expected: [{ level: 'ok', message: `alarm cleared: NOSPACE on ${name(1)}`, memberId: id(1) }],
    },
    {
      case: 'alarm of a removed member',
      before: healthy,
      after: withAlarm(healthy, 'deadbeef', 'CORRUPT'),
      expected: [{ level: 'critical', message: 'alarm raised: CORRUPT on deadbeef', memberId: 'deadbeef' }],
    },
    {
      case: 'DB crosses 80% upward',
      before: dbAt(70),
      after: dbAt(85),
      expected: [{ level: 'warning', message: `${name(0)} DB above 80% of quota (85%)`, memberId: id(0) }],
    },
    {
      case: 'DB crosses 95% upward',
      before: dbAt(85),
      after: dbAt(97),
      expected: [{ level: 'critical', message: `${name(0)} DB above 95% of quota (97%)`, memberId: id(0) }],
    },
    {
      case: 'DB jumps past both thresholds at once',
      before: dbAt(50),
      after: dbAt(99),
      expected: [{ level: 'critical', message: `${name(0)} DB above 95% of quota (99%)`, memberId: id(0) }],
    },
    {
      case: 'DB falls back below 95%',
      before: dbAt(97),
      after: dbAt(90),
      expected: [{ level: 'warning', message: `${name(0)} DB back below 95% of quota (90%)`, memberId: id(0) }],
    },
    {
      case: 'DB falls back below 80%',
      before: dbAt(85),
      after: dbAt(40),
      expected: [{ level: 'ok', message: `${name(0)} DB back below 80% of quota (40%)`, memberId: id(0) }],
    },
  ])('$case', ({ before, after, expected }) => {
    expect(lastRoundEvents(replay([before, after]))).toEqual(expected);
  });

  it.each([
    { case: 'nothing changes', before: healthy, after: healthy },
    { case: 'DB grows within a band', before: dbAt(81), after: dbAt(94) },
    { case: 'DB at exactly 80% (thresholds are "more than")', before: dbAt(70), after: dbAt(80) },
    { case: 'member stays down', before: withMemberDown(healthy, 1), after: withMemberDown(healthy, 1) },
    { case: 'alarm stays raised', before: withAlarm(healthy, 0, 'NOSPACE'), after: withAlarm(healthy, 0, 'NOSPACE') },
  ])('no event when $case', ({ before, after }) => {
    expect(replay([before, after]).events).toEqual([]);
  });

  it.each([
    { case: 'a full member goes down', before: dbAt(97), after: withMemberDown(dbAt(97), 0) },
    { case: 'a full member comes back', before: withMemberDown(dbAt(97), 0), after: dbAt(97) },
  ])('no quota event when $case: no percentage is not a crossing', ({ before, after }) => {
    expect(lastRoundEvents(replay([before, after])).map((event) => event.message)).toEqual([
      expect.stringMatching(/^etcd-1 \S+ (DOWN|back UP)/),
    ]);
  });

  it('gives no event on the first round, whatever it shows', () => {
    const state = replay([withLeader(withAlarm(withMemberDown(dbAt(99), 1), 0, 'NOSPACE'), null)]);
    expect(state.events).toEqual([]);
    expect(state.leader.changes).toEqual([]);
  });

  it('keeps events newest first', () => {
    const state = replay([healthy, withMemberDown(healthy, 1), withMemberDown(withAlarm(healthy, 0, 'NOSPACE'), 1), healthy]);
    expect(state.events.map((event) => event.atMs - TAKEN_AT_MS)).toEqual([3000, 3000, 2000, 1000]);
    expect(state.events.slice(2).map((event) => event.message)).toEqual([
      `alarm raised: NOSPACE on ${name(0)}`,
      `${name(1)} DOWN: timed out after 1.5s`,
    ]);
    expect(state.events.slice(0, 2).map((event) => event.message).sort()).toEqual([`${name(1)} back UP`, `alarm cleared: NOSPACE on ${name(0)}`].sort());
  });

  it(`keeps at most MAX_EVENTS (${MAX_EVENTS}) events, dropping the oldest`, () => {
    const rounds = Array.from({ length: MAX_EVENTS + 100 }, (_, i) => (i % 2 === 0 ? healthy : withMemberDown(healthy, 1)));
    const state = replay(rounds);
    expect(state.events).toHaveLength(MAX_EVENTS);
    expect(state.events[0]?.atMs).toBe(TAKEN_AT_MS + (rounds.length - 1) * STEP_MS);
    expect(state.events.at(-1)?.atMs).toBe(TAKEN_AT_MS + (rounds.length - MAX_EVENTS) * STEP_MS);
  });
});

describe('reduceMonitor: note events', () => {
  it('puts a note first, bumps the version and leaves the rest alone', () => {
    const before = replay([healthy, withMemberDown(healthy, 1)]);
    const note: ClusterEvent = { atMs: TAKEN_AT_MS + 5000, level: 'info', message: 'defragment of etcd-1 finished' };
    const after = reduceMonitor(before, { type: 'note', event: note });
    expect(after.events).toEqual([note, ...before.events]);
    expect(after.version).toBe(before.version + 1);
    expect(after.latest).toBe(before.latest);
    expect(after.rows).toBe(before.rows);
    expect(after.leader).toBe(before.leader);
  });

  it('bounds notes by MAX_EVENTS too', () => {
    let state = initialMonitorState({ historyCapacity: 10 });
    for (let i = 0; i < MAX_EVENTS + 20; i++) state = reduceMonitor(state, { type: 'note', event: { atMs: i, level: 'info', message: `note ${i}` } });
    expect(state.events).toHaveLength(MAX_EVENTS);
    expect(state.events[0]?.message).toBe(`note ${MAX_EVENTS + 19}`);
  });
});

describe('reduceMonitor: leader tenure', () => {
  it('starts the tenure at the first round and restarts it at each change', () => {
    const state = replay([healthy, healthy, healthy, withStatus(withLeader(healthy, 1), 1, { raftTerm: 3n }), withLeader(healthy, 1)]);
    expect(state.leader.id).toBe(id(1));
    expect(state.leader.sinceMs).toBe(TAKEN_AT_MS + 3 * STEP_MS);
    expect(state.leader.changes).toEqual([{ atMs: TAKEN_AT_MS + 3 * STEP_MS, fromId: id(0), toId: id(1), term: 3n }]);
  });

  it('records losing the leader as a change to null, without a term', () => {
    const state = replay([healthy, withLeader(healthy, null)]);
    expect(state.leader).toEqual({ id: null, sinceMs: TAKEN_AT_MS + STEP_MS, changes: [{ atMs: TAKEN_AT_MS + STEP_MS, fromId: id(0), toId: null }] });
  });

  it('first round: the tenure starts then, with no change recorded', () => {
    const state = replay([withLeader(healthy, 2)]);
    expect(state.leader).toEqual({ id: id(2), sinceMs: TAKEN_AT_MS, changes: [] });
  });

  it(`keeps at most MAX_LEADER_CHANGES (${MAX_LEADER_CHANGES}) changes, newest first`, () => {
    const rounds = Array.from({ length: MAX_LEADER_CHANGES + 21 }, (_, i) => withLeader(healthy, i % 2));
    const state = replay(rounds);
    expect(state.leader.changes).toHaveLength(MAX_LEADER_CHANGES);
    expect(state.leader.changes[0]?.atMs).toBe(TAKEN_AT_MS + (rounds.length - 1) * STEP_MS);
    expect(state.leader.changes[1]?.atMs).toBe(TAKEN_AT_MS + (rounds.length - 2) * STEP_MS);
  });
});

describe('reduceMonitor: what it remembers', () => {
  it('keeps the first time an alarm was seen while it stays raised, and forgets it once cleared', () => {
    const nospace = withAlarm(healthy, 1, 'NOSPACE');
    const key = `${id(1)}/NOSPACE`;
    const raised = replay([healthy, nospace, nospace, nospace]);
    expect([...raised.alarmsFirstSeenMs]).toEqual([[key, TAKEN_AT_MS + STEP_MS]]);
    const raisedAgain = replay([healthy, nospace, nospace, healthy, nospace]);
    expect([...raisedAgain.alarmsFirstSeenMs]).toEqual([[key, TAKEN_AT_MS + 4 * STEP_MS]]);
  });

  it('keeps when a down member last answered, so the age of its data grows', () => {
    const down = withMemberDown(healthy, 1);
    const state = replay([healthy, healthy, down, down, down]);
    const newest = TAKEN_AT_MS + 4 * STEP_MS;
    expect(state.lastAnsweredMs.get(id(1))).toBe(TAKEN_AT_MS + STEP_MS);
    expect(state.lastAnsweredMs.get(id(0))).toBe(newest);
    expect(newest - (state.lastAnsweredMs.get(id(1)) ?? Number.NaN)).toBe(3 * STEP_MS);
  });

  it('records history with a gap, not a zero, for a down member', () => {
    const state = replay([healthy, withMemberDown(healthy, 1), healthy]);
    expect(state.history.times.last()).toEqual([0, 1, 2].map((i) => TAKEN_AT_MS + i * STEP_MS));
    expect(state.history.seriesOf(id(1), 'dbSizeBytes')).toEqual([25_000_000, Number.NaN, 25_000_000]);
    expect(state.history.seriesOf(id(0), 'dbSizeBytes')).toEqual([25_000_000, 25_000_000, 25_000_000]);
  });

  it('bumps the version on every round and keeps the latest snapshot', () => {
    const state = replay([healthy, healthy, healthy]);
    expect(state.version).toBe(3);
    expect(state.latest?.takenAtMs).toBe(TAKEN_AT_MS + 2 * STEP_MS);
    expect(state.rows.map((row) => row.name)).toEqual(['etcd-1', 'etcd-2', 'etcd-3']);
  });
});

describe('reduceMonitor: verdict context', () => {
  const frequent = (state: MonitorState) => state.verdict.findings.filter((finding) => finding.code === 'frequent-leader-changes');
  const minutes = (m: number) => TAKEN_AT_MS + m * 60_000;

  /** Leader flips at minutes 10, 20, 30 and 40, then rounds at `laterMinutes` with the last leader. */
  function flapping(laterMinutes: number[]): MonitorState {
    const times = [0, 10, 20, 30, 40, ...laterMinutes];
    return times.reduce(
      (state, m, i) => reduceMonitor(state, { type: 'round', snapshot: at(withLeader(healthy, Math.min(i, 4) % 2), minutes(m)) }),
      initialMonitorState({ historyCapacity: 100 }),
    );
  }

  it('counts the leader changes of the last hour: 4 within it is more than 3', () => {
    const state = flapping([50, 69]);
    expect(state.leader.changes).toHaveLength(4);
    expect(frequent(state).map((finding) => finding.message)).toEqual(['4 leader changes in the last hour (more than 3)']);
    expect(state.verdict.level).toBe('warning');
  });

  it('stops counting a change once it is an hour old', () => {
    // At minute 70 the change at minute 10 is exactly an hour old: out of the window.
    const state = flapping([70]);
    expect(state.leader.changes).toHaveLength(4);
    expect(frequent(state)).toEqual([]);
    expect(state.verdict.level).toBe('ok');
  });

  it('forgets the whole burst after more than an hour of calm', () => {
    const state = flapping([60, 90, 100 + HOUR_MS / 60_000]);
    expect(frequent(state)).toEqual([]);
  });

  it('passes the reducer thresholds to the verdict', () => {
    const state = [0, 10, 20, 30, 40, 50].reduce(
      (s, m, i) => reduceMonitor(s, { type: 'round', snapshot: at(withLeader(healthy, Math.min(i, 4) % 2), minutes(m)) }),
      initialMonitorState({ historyCapacity: 10, thresholds: { maxLeaderChangesPerHour: 10 } }),
    );
    expect(frequent(state)).toEqual([]);
    expect(state.thresholds.maxLeaderChangesPerHour).toBe(10);
  });
});

describe('reduceMonitor: the term of a leader change', () => {
  // etcd's status reports the term of the last applied entry: in the round that first sees the
  // new leader it can still say the old term (the "NO LEADER → m1 term 2", really term 3).
  const stale = withLeader(healthy, null);
  const electedStale = withLeader(healthy, 0);
  const electedNewTerm = [0, 1, 2].reduce((snap, i) => withStatus(snap, i, { raftTerm: 3n }), electedStale);

  it('does not print the old term for a new leader, and records the real one when it shows', () => {
    const state = replay([healthy, stale, electedStale, electedNewTerm, electedNewTerm]);
    expect(state.leader.changes[0]).toEqual({ atMs: TAKEN_AT_MS + 2 * STEP_MS, fromId: null, toId: id(0), term: 3n });
    expect(state.events.map((event) => event.message)).toContain(`leader changed: none → ${name(0)}`);
    expect(state.events.map((event) => event.message).join('\n')).not.toContain('term 2');
  });

  it('takes the highest term among the voters that see the new leader', () => {
    const state = replay([healthy, stale, withStatus(electedStale, 1, { raftTerm: 3n })]);
    expect(state.leader.changes[0]?.term).toBe(3n);
    expect(state.events[0]?.message).toBe(`leader changed: none → ${name(0)}, term 3`);
  });
});

describe('reduceMonitor: reset (a replay seeking back)', () => {
  it('forgets every round, keeps the thresholds and the history size', () => {
    const before = replay([healthy, withLeader(healthy, 1)], initialMonitorState({ historyCapacity: 7, thresholds: { dbWarnPercent: 60 } }));
    const after = reduceMonitor(before, { type: 'reset' });
    expect(after.latest).toBeUndefined();
    expect(after.rows).toEqual([]);
    expect(after.events).toEqual([]);
    expect(after.leader.changes).toEqual([]);
    expect(after.history.times.last()).toEqual([]);
    expect(after.history.capacity).toBe(7);
    expect(after.thresholds.dbWarnPercent).toBe(60);
    expect(after.version).toBeGreaterThan(before.version);
  });
});
