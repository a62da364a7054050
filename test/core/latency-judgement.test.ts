// The rule for judging latency p99s (issue #13 "no false alarms", #14 "judge recent behaviour"),
// on recorded /metrics: a fresh member's handful of start-up fsyncs is "not enough samples yet";
// thousands of slow observations still warn, since start or over check's two-scrape window;
// a slow past with nothing new in the window is not judged.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseRound } from '../../src/commands/analyse-round.js';
import { statusJson, statusTable } from '../../src/commands/status-report.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { peerRemedy } from '../../src/core/findings-performance.js';
import { MIN_LATENCY_OBSERVATIONS } from '../../src/core/latency-judgement.js';
import { initialLatencyWindow, nextLatencyWindow } from '../../src/core/latency-window.js';
import { initialMonitorState, reduceMonitor } from '../../src/core/monitor-state.js';
import { latencyViewOf } from '../../src/core/views/latency-view.js';
import { defaultThresholds } from '../../src/core/verdict.js';
import type { MemberMetrics } from '../../src/etcd/gateway.js';
import { extractHistograms, extractMemberMetrics, latencyHistogramsRecord } from '../../src/etcd/metrics.js';
import { healthyCluster, mapMember, withMetrics } from '../helpers/snapshot-factory.js';

function recorded(name: string): MemberMetrics {
  const text = readFileSync(new URL(`../fixtures/metrics/${name}`, import.meta.url), 'utf8');
  return { ...extractMemberMetrics(text), latencyHistograms: latencyHistogramsRecord(extractHistograms(text)) };
}

const FRESH = recorded('etcd-3.4.23-fresh-busy-start.txt');
const SLOW = recorded('etcd-3.4.23-slow-disk.txt');

function cluster(metrics: MemberMetrics, atMs = 1_000_000): ClusterSnapshot {
  const base = { ...healthyCluster(), takenAtMs: atMs };
  return [0, 1, 2].reduce((snapshot, m) => withMetrics(snapshot, m, metrics), base);
}

const codes = (snapshot: ClusterSnapshot, window = initialLatencyWindow()) => analyseRound(snapshot, defaultThresholds, window).verdict;

describe('judging latency on enough observations', () => {
  it('a fresh member whose p99 since start is 31 ms on 14 fsyncs: no warning, "not enough samples yet"', () => {
    expect((FRESH.walFsyncP99Seconds ?? 0) * 1000).toBeGreaterThan(defaultThresholds.walFsyncWarnMs);
    const verdict = codes(cluster(FRESH));
    expect(verdict.level).toBe('ok');
    expect(verdict.notes?.[0]).toMatch(new RegExp(`not enough samples yet .*fewer than ${MIN_LATENCY_OBSERVATIONS} observations since start.*WAL fsync on 3 members`));
  });

  it('status prints the same note under its verdict line, and in its JSON', () => {
    const report = analyseRound(cluster(FRESH), defaultThresholds);
    expect(statusTable(report)).toMatch(/verdict: OK\nnote: not enough samples yet/);
    expect(statusJson(report)).toMatchObject({ verdict: { level: 'ok', notes: [expect.stringMatching(/not enough samples yet/)] } });
  });

  it('thousands of slow fsyncs since start still warn, and say "since start"', () => {
    const verdict = codes(cluster(SLOW));
    expect(verdict.level).toBe('warning');
    const fsync = verdict.findings.filter((finding) => finding.code === 'slow-wal-fsync');
    expect(fsync).toHaveLength(3);
    expect(fsync[0]?.message).toMatch(/WAL fsync p99 since start is \d+ms \(over 10ms\)/);
    expect(verdict.findings.some((finding) => finding.code === 'slow-backend-commit')).toBe(true);
  });

  it('two scrapes 2 s apart with thousands of slow fsyncs between them warn "over the last 2s"', () => {
    const before = nextLatencyWindow(initialLatencyWindow(), cluster(FRESH, 1_000_000));
    const verdict = codes(cluster(SLOW, 1_002_000), before);
    const fsync = verdict.findings.find((finding) => finding.code === 'slow-wal-fsync');
    expect(fsync?.message).toMatch(/WAL fsync p99 over the last 2s is \d+ms/);
  });

  it('a slow past with no new observation in the window is not judged', () => {
    const before = nextLatencyWindow(initialLatencyWindow(), cluster(SLOW, 1_000_000));
    const verdict = codes(cluster(SLOW, 1_002_000), before);
    expect(verdict.level).toBe('ok');
    expect(verdict.notes?.[0]).toMatch(/in the last 2s/);
  });
});

describe('the peer round-trip remedy', () => {
  it('speaks of regions only when members are on different hosts', () => {
    expect(peerRemedy(healthyCluster())).toMatch(/one region/);
    const loopback = [0, 1, 2].reduce(
      (snapshot, m) => mapMember(snapshot, m, (sample) => ({ ...sample, member: { ...sample.member, peerUrls: [`http://127.0.0.1:${2380 + m}`] } })),
      healthyCluster(),
    );
    expect(peerRemedy(loopback)).not.toMatch(/region/);
    expect(peerRemedy(loopback)).toMatch(/one host/);
  });
});

describe('a slow link to a peer, at the rate etcd observes it', () => {
  // etcd observes a peer's smoothed round trip every 30 s on each of its two connections: about
  // 4 a minute. A month of fast links, then the last minute's observations at 80 ms.
  const PEER = ['0.0001', '0.0002', '0.0004', '0.0008', '0.0016', '0.0032', '0.0064', '0.0128', '0.0256', '0.0512', '0.1024', '0.2048', '0.4096', '0.8192', '+Inf'];
  const peerBuckets = (fast: number, slow: number) => ({
    le: PEER.map((le) => (le === '+Inf' ? Infinity : Number(le))),
    counts: PEER.map((le) => (Number(le) >= 0.0008 || le === '+Inf' ? fast : 0) + (Number(le) >= 0.1024 || le === '+Inf' ? slow : 0)),
  });
  const round = (atMs: number, slow: number): ClusterSnapshot => [0, 1, 2].reduce((snapshot, m) => {
    const peers = Object.fromEntries([0, 1, 2].filter((p) => p !== m).map((p) => [healthyCluster().members[p]!.member.id, peerBuckets(100_000, m === 2 ? slow : 0)]));
    return withMetrics(snapshot, m, { peerRoundTripP99Seconds: 0.0008, latencyHistograms: { peerRoundTripByPeer: peers } });
  }, { ...healthyCluster(), takenAtMs: atMs });

  it.each([
    { slow: 4, judged: true },
    { slow: 2, judged: false },
  ])('$slow slow observations in the monitor\'s minute: judged $judged', ({ slow, judged }) => {
    let state = initialMonitorState({ historyCapacity: 100 });
    for (const [atMs, observations] of [[1_000_000, 0], [1_061_000, slow]] as const) state = reduceMonitor(state, { type: 'round', snapshot: round(atMs, observations) });
    const peer = state.verdict.findings.find((finding) => finding.code === 'slow-peer-rtt');
    if (judged) expect(peer?.message).toMatch(/etcd-3 .*peer round-trip/);
    else expect(peer).toBeUndefined();
    expect(latencyViewOf(state).members[2]!.peerRoundTrip.level).toBe(judged ? 'warn' : 'few');
  });
});
