import { describe, expect, it } from 'vitest';
import { alarmKey, diffRounds, type RoundFacts } from '../../src/core/cluster-events.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { memberRows } from '../../src/core/member-rows.js';
import { alarmsOf, leaderOf } from '../../src/core/selectors.js';
import { defaultThresholds, type Thresholds } from '../../src/core/verdict-thresholds.js';
import { GIB, healthyCluster, memberIdAt, unreachableCluster, withDbSize, withMemberDown, withMetrics, withUnstartedMember } from '../helpers/snapshot-factory.js';

const AT_MS = 1_700_000_000_000;

function factsOf(snapshot: ClusterSnapshot): RoundFacts {
  return {
    rows: memberRows(snapshot),
    leaderId: leaderOf(snapshot).leaderId,
    alarmKeys: new Set(alarmsOf(snapshot).map((alarm) => alarmKey(alarm.memberId, alarm.alarm))),
  };
}

function diff(before: ClusterSnapshot, after: ClusterSnapshot, thresholds: Thresholds = defaultThresholds): string[] {
  return diffRounds(factsOf(before), factsOf(after), AT_MS, thresholds).map((event) => `${event.level}: ${event.message}`);
}

const name = (i: number) => `etcd-${i + 1} (${memberIdAt(i)})`;

describe('diffRounds', () => {
  it('gives nothing without a previous round', () => {
    expect(diffRounds(undefined, factsOf(healthyCluster()), AT_MS, defaultThresholds)).toEqual([]);
  });

  it('reports a member that joined and one that left the member list', () => {
    const three = healthyCluster();
    const four = healthyCluster({ members: 4 });
    expect(diff(three, four)).toEqual([`info: member ${name(3)} joined the member list`]);
    expect(diff(four, three)).toEqual([`warning: member ${name(3)} left the member list`]);
  });

  it('reports an unstarted member added to the list by its id', () => {
    expect(diff(healthyCluster(), withUnstartedMember(healthyCluster()))).toEqual([`info: member (unstarted) (${memberIdAt(3)}) joined the member list`]);
  });

  it('does not say members left when the member list could not be had (a total outage)', () => {
    const messages = diff(healthyCluster(), unreachableCluster());
    expect(messages.filter((m) => m.includes('member list'))).toEqual([]);
    expect(messages).toEqual([`critical: NO LEADER (was ${name(0)})`]);
  });

  it('does not say members joined when the member list is back', () => {
    const messages = diff(unreachableCluster(), healthyCluster());
    expect(messages.filter((m) => m.includes('member list'))).toEqual([]);
    expect(messages).toEqual([`warning: leader changed: none → ${name(0)}, term 2`]);
  });

  it('stamps every event with the round time and the member it is about', () => {
    const events = diffRounds(factsOf(healthyCluster()), factsOf(healthyCluster({ members: 4 })), AT_MS, defaultThresholds);
    expect(events).toEqual([{ atMs: AT_MS, level: 'info', message: expect.any(String), memberId: memberIdAt(3) }]);
  });

  it('uses the thresholds it is given', () => {
    const custom: Thresholds = { ...defaultThresholds, dbWarnPercent: 50, dbCriticalPercent: 70 };
    const at = (percent: number) => withDbSize(healthyCluster(), 1, Math.round((2 * GIB * percent) / 100));
    expect(diff(at(40), at(60), custom)).toEqual([`warning: ${name(1)} DB above 50% of quota (60%)`]);
    expect(diff(at(60), at(75), custom)).toEqual([`critical: ${name(1)} DB above 70% of quota (75%)`]);
    expect(diff(at(40), at(60))).toEqual([]);
  });

  it('names a member by id when the leader is not in the list', () => {
    const before: RoundFacts = { ...factsOf(healthyCluster()), leaderId: 'abc123' };
    const events = diffRounds(before, factsOf(healthyCluster()), AT_MS, defaultThresholds);
    // The term did not rise (2 before and after): it is not the new election's, so not printed.
    expect(events.map((event) => event.message)).toEqual([`leader changed: abc123 → ${name(0)}`]);
  });

  describe('a restart between two rounds', () => {
    const STARTED_S = 1_736_856_000;
    const startedAt = (snapshot: ClusterSnapshot, seconds: number) => withMetrics(snapshot, 1, { processStartTimeSeconds: seconds });

    it('is told when the member answered in both rounds and its process start time moved', () => {
      expect(diff(startedAt(healthyCluster(), STARTED_S), startedAt(healthyCluster(), STARTED_S + 3600.25))).toEqual([
        `warning: ${name(1)} restarted at 13:00:00 UTC, between two rounds (never seen down)`,
      ]);
    });

    it('is not told for the same process, a float that wobbles, or a member whose start time is unknown', () => {
      expect(diff(startedAt(healthyCluster(), STARTED_S), startedAt(healthyCluster(), STARTED_S + 0.4))).toEqual([]);
      expect(diff(withMetrics(healthyCluster(), 1, { processStartTimeSeconds: undefined }), startedAt(healthyCluster(), STARTED_S + 3600))).toEqual([]);
    });

    it('a member seen down and back is "back UP", not told twice', () => {
      const down = withMemberDown(healthyCluster(), 1);
      expect(diff(down, startedAt(healthyCluster(), STARTED_S + 3600))).toEqual([`ok: ${name(1)} back UP`]);
    });
  });
});

