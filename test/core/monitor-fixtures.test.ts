// The recorded monitor states the frame tests draw: each must show the incident its name promises,
// or a frame test could pass while drawing nothing of interest.
import { describe, expect, it } from 'vitest';
import { fixtures, INTERVAL_MS, NOW_MS } from '../helpers/monitor-fixtures.js';
import { memberIdAt } from '../helpers/snapshot-factory.js';

const name = (i: number) => `etcd-${i + 1} (${memberIdAt(i)})`;
const codes = (state: ReturnType<typeof fixtures.healthy>) => state.verdict.findings.map((finding) => finding.code);
const messages = (state: ReturnType<typeof fixtures.healthy>) => state.events.map((event) => event.message);
const roundAt = (i: number) => NOW_MS - (59 - i) * INTERVAL_MS;

describe('monitor fixtures', () => {
  it.each(Object.entries(fixtures))('%s: 60 rounds, the last one at NOW_MS, every member in history', (_, make) => {
    const state = make();
    expect(state.version).toBe(60);
    expect(state.latest?.takenAtMs).toBe(NOW_MS);
    expect(state.history.times.length).toBe(60);
    expect(state.history.times.last(2)).toEqual([NOW_MS - INTERVAL_MS, NOW_MS]);
    expect(state.history.memberIds()).toEqual([0, 1, 2].map(memberIdAt));
  });

  it('healthy: no finding, no event, a growing DB', () => {
    const state = fixtures.healthy();
    expect(state.verdict).toEqual({ level: 'ok', findings: [] });
    expect(state.events).toEqual([]);
    const db = state.history.seriesOf(memberIdAt(0), 'dbSizeBytes');
    expect(db.at(-1)).toBeGreaterThan(db[0] ?? Number.POSITIVE_INFINITY);
  });

  it('memberDown: etcd-2 DOWN 20 rounds before the end, its data 20 s old', () => {
    const state = fixtures.memberDown();
    expect(state.events).toEqual([
      { atMs: roundAt(40), level: 'critical', message: `${name(1)} DOWN: timed out after 1.5s`, memberId: memberIdAt(1) },
    ]);
    expect(state.rows[1]?.state).toBe('down');
    expect(codes(state)).toContain('member-unreachable');
    expect(NOW_MS - (state.lastAnsweredMs.get(memberIdAt(1)) ?? Number.NaN)).toBe(20 * INTERVAL_MS);
    expect(state.history.seriesOf(memberIdAt(1), 'dbSizeBytes', 20).every(Number.isNaN)).toBe(true);
  });

  it('noLeader: a change from etcd-1 to etcd-3, then NO LEADER, newest first', () => {
    const state = fixtures.noLeader();
    expect(state.verdict.level).toBe('critical');
    expect(codes(state)[0]).toBe('no-leader');
    expect(messages(state)).toEqual([`NO LEADER (was ${name(2)})`, expect.stringContaining(`leader changed: ${name(0)} → ${name(2)}`)]);
    expect(state.leader.id).toBeNull();
    expect(state.leader.sinceMs).toBe(roundAt(55));
    expect(state.leader.changes.map((change) => [change.fromId, change.toId])).toEqual([
      [memberIdAt(2), null],
      [memberIdAt(0), memberIdAt(2)],
    ]);
  });

  it('noSpace: NOSPACE raised on etcd-1 (an alarm event), DBs past 80% then 95% of the 16 MiB quota', () => {
    const state = fixtures.noSpace();
    expect(state.verdict.level).toBe('critical');
    expect(codes(state)[0]).toBe('alarm-nospace');
    expect(state.events).toContainEqual({ atMs: roundAt(50), level: 'critical', message: `alarm raised: NOSPACE on ${name(0)}`, memberId: memberIdAt(0) });
    expect([...state.alarmsFirstSeenMs]).toEqual([[`${memberIdAt(0)}/NOSPACE`, roundAt(50)]]);
    for (const i of [0, 1, 2]) {
      expect(messages(state)).toContainEqual(expect.stringContaining(`${name(i)} DB above 80% of quota`));
      expect(messages(state)).toContainEqual(expect.stringContaining(`${name(i)} DB above 95% of quota`));
    }
    expect(state.quota).toEqual({ bytes: 16 * 1024 ** 2, known: true });
  });

  it('drift: etcd-3 behind the leader and applying slowly, nothing else', () => {
    const state = fixtures.drift();
    expect(state.verdict.level).toBe('warning');
    expect(codes(state).sort()).toEqual(['apply-lag', 'raft-index-drift']);
    expect(state.verdict.findings.every((finding) => finding.memberId === memberIdAt(2))).toBe(true);
    expect(state.events).toEqual([]);
    const drift = state.history.seriesOf(memberIdAt(2), 'raftIndexDrift');
    expect(drift.at(-1)).toBeGreaterThan(drift[1] ?? Number.POSITIVE_INFINITY);
  });
});
