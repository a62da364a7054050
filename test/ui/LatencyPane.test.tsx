import { describe, expect, it } from 'vitest';
import type { MonitorState } from '../../src/core/monitor-state.js';
import { latencyViewOf } from '../../src/core/views/latency-view.js';
import { layoutFor } from '../../src/ui/layout.js';
import { LatencyPane } from '../../src/ui/panes/LatencyPane.js';
import { inkFrame, lineWidths } from '../helpers/ink-frame.js';
import { DISK_BOUNDS } from '../helpers/etcd-buckets.js';
import { buckets, latencyFixtures } from '../helpers/latency-fixtures.js';
import { fixtures, replay } from '../helpers/monitor-fixtures.js';
import { healthyCluster, withMetrics } from '../helpers/snapshot-factory.js';

const all = { ...fixtures, ...latencyFixtures };
type Name = keyof typeof all;
const states = new Map<Name, MonitorState>();
const stateOf = (name: Name): MonitorState => states.get(name) ?? states.set(name, all[name]()).get(name)!;
const frameOf = (name: Name, width: number, height: number): string =>
  inkFrame(<LatencyPane view={latencyViewOf(stateOf(name))} width={width} height={height} />);

const WORDS: Record<Name, string[]> = {
  healthy: ['Latency · p99 since start', 'WAL FSYNC', 'etcd-1', 'etcd-3', '4ms ok', '8ms ok', '2ms ok'],
  memberDown: ['etcd-2', '?'],
  noLeader: ['etcd-1', '4ms ok'],
  noSpace: ['etcd-1', 'ok'],
  drift: ['etcd-3', 'ok'],
  slowDisk: ['Latency · p99 over last 1m', '64ms BAD', '32ms WARN', '102ms WARN', '10 +5 WARN'],
  slowDiskEarly: ['p99 since start', 'etcd-2'],
  slowDiskMemberDown: ['p99 over last 1m', '102ms WARN'],
  idle: ['idle'],
};
const CASES = (Object.keys(WORDS) as Name[]).flatMap((name) => [58, 78].map((width) => [name, width] as const));

describe('LatencyPane', () => {
  it.each(CASES)('%s at %i columns: the words that matter, inside its box', (name, width) => {
    const frame = frameOf(name, width, 10);
    for (const word of WORDS[name]) expect(frame).toContain(word);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
    expect(frame.split('\n')).toHaveLength(10);
  });

  it('shows "?" for a member whose scrape failed, never 0', () => {
    const etcd2 = frameOf('memberDown', 78, 10).split('\n').find((line) => line.includes('etcd-2'))!;
    expect(etcd2.replace('etcd-2', '')).not.toMatch(/[0-9]/);
    expect(etcd2.match(/\?/g)).toHaveLength(5);
  });

  it.each([3, 4, 5, 6, 8, 12])('at height %i it never overflows, and keeps the worst member', (height) => {
    for (const width of [40, 58, 78]) {
      const frame = frameOf('slowDisk', width, height);
      expect(frame.split('\n')).toHaveLength(height);
      expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(width);
      expect(frame).toContain('BAD');
    }
  });

  it('fits the area the wide layout gives it', () => {
    const layout = layoutFor(120, 38, { memberCount: 3 });
    const slot = layout.kind === 'too-small' ? undefined : layout.below.flat().find((s) => s.pane === 'latency');
    const frame = frameOf('slowDisk', slot!.width, slot!.height);
    expect(frame.split('\n')).toHaveLength(slot!.height);
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(slot!.width);
  });

  it.each(['noSpace', 'drift', 'slowDisk'] as const)('matches the recorded %s frames at 58 and 78 columns', (name) => {
    expect(frameOf(name, 58, 10)).toMatchSnapshot();
    expect(frameOf(name, 78, 10)).toMatchSnapshot();
  });
});

describe('a fresh member: a p99 of a few dozen fsyncs', () => {
  // 40 fsyncs since start, a tenth of them at 40 ms (the disk busiest while the cluster formed): the
  // verdict does not judge so few (latency-judgement.ts), so the pane must not say WARN or BAD.
  const fresh = (fsyncs: number) => replay(3, () => [0, 1, 2].reduce((snapshot, m) => withMetrics(snapshot, m, {
    walFsyncP99Seconds: 0.04,
    backendCommitP99Seconds: 0.04,
    latencyHistograms: { walFsync: buckets(DISK_BOUNDS, [[0.002, fsyncs * 0.9], [0.04, fsyncs * 0.1]]), backendCommit: buckets(DISK_BOUNDS, [[0.002, fsyncs * 0.9], [0.04, fsyncs * 0.1]]), peerRoundTripByPeer: {} },
  }), healthyCluster()));

  it('shows the figure marked "few", and says what few means', () => {
    const frame = inkFrame(<LatencyPane view={latencyViewOf(fresh(40))} width={58} height={10} />);
    const members = frame.split('\n').filter((line) => /etcd-\d/.test(line));
    expect(members).toHaveLength(3);
    for (const line of members) expect(line).toMatch(/etcd-\d +\d+ms few +\d+ms few/);
    expect(members.join('\n')).not.toMatch(/WARN|BAD/);
    expect(frame).toContain('few: too few samples, not judged');
    expect(Math.max(...lineWidths(frame))).toBeLessThanOrEqual(58);
  });

  it('judges the same figures once there are enough of them', () => {
    const frame = inkFrame(<LatencyPane view={latencyViewOf(fresh(400))} width={58} height={10} />);
    expect(frame).toMatch(/etcd-1 +\d+ms (WARN|BAD) +\d+ms (WARN|BAD)/);
    expect(frame).not.toContain('few');
  });
});

