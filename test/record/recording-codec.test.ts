import { describe, expect, it } from 'vitest';
import { decodeLine, encodeEvent, encodeHeader, encodeRound, RecordingLineError, withoutUserinfo } from '../../src/record/recording-codec.js';
import { healthyCluster, mapMember, withMemberDown, withMetrics, withStatus } from '../helpers/snapshot-factory.js';

const HUGE = 18_446_744_073_709_551_615n; // 2^64 - 1: far past Number.MAX_SAFE_INTEGER

function roundTrip(line: string) {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.slice(0, -1)).not.toContain('\n');
  return decodeLine(line.slice(0, -1), 2);
}

describe('recording codec', () => {
  it('round-trips a snapshot exactly: bigints past 2^53, +Inf bucket bounds, failures', () => {
    let snapshot = withStatus(healthyCluster(), 0, { raftIndex: HUGE, raftAppliedIndex: HUGE - 1n, revision: 9_007_199_254_740_993n, raftTerm: 7n });
    snapshot = withMetrics(snapshot, 1, { latencyHistograms: { walFsync: { le: [0.001, 0.01, Infinity], counts: [1, 5, 9] } } });
    snapshot = withMemberDown(snapshot, 2);
    const entry = roundTrip(encodeRound(snapshot));
    expect(entry).toEqual({ kind: 'round', snapshot, line: 2 });
    if (entry.kind !== 'round') throw new Error('not a round');
    const status = entry.snapshot.members[0]?.status;
    expect(status?.ok && status.value.raftIndex).toBe(HUGE);
    expect(status?.ok && typeof status.value.raftTerm).toBe('bigint');
  });

  it('writes bigints as {"$bigint": "…"} strings, never as lossy numbers', () => {
    const line = encodeRound(withStatus(healthyCluster(), 0, { raftIndex: HUGE }));
    expect(line).toContain('{"$bigint":"18446744073709551615"}');
    expect(line).not.toContain('18446744073709552000');
  });

  it('round-trips what the operator did (format 2)', () => {
    const event = { atMs: 1_700_000_000_000, level: 'ok' as const, message: 'defragmented etcd-2 (66fb782b14ae096a): 24 MiB → 9.5 MiB in 1.2s', memberId: '66fb782b14ae096a' };
    expect(roundTrip(encodeEvent(event))).toEqual({ kind: 'event', line: 2, event });
  });

  it('round-trips a header', () => {
    const entry = roundTrip(encodeHeader({ startedAt: '2025-01-15T12:00:00.000Z', intervalMs: 500, endpoints: ['https://10.0.0.1:2379'] }));
    expect(entry).toEqual({
      kind: 'header', line: 2,
      header: { etcdtopRecording: 2, startedAt: '2025-01-15T12:00:00.000Z', intervalMs: 500, endpoints: ['https://10.0.0.1:2379'] },
    });
  });

  it('never writes credentials embedded in URLs', () => {
    const snapshot = mapMember(healthyCluster(), 0, (sample) => ({
      ...sample,
      endpoint: 'https://root:s3cret@10.0.0.1:2379',
      member: { ...sample.member, clientUrls: ['https://root:s3cret@10.0.0.1:2379'], peerUrls: ['http://admin@10.0.0.1:2380'] },
    }));
    const header = encodeHeader({ startedAt: 'x', intervalMs: 1000, endpoints: ['https://root:s3cret@10.0.0.1:2379'] });
    for (const line of [encodeRound(snapshot), header]) {
      expect(line).not.toContain('s3cret');
      expect(line).not.toContain('root');
      expect(line).not.toContain('admin');
      expect(line).toContain('https://10.0.0.1:2379');
    }
  });

  it.each([
    ['https://u:p@h:2379', 'https://h:2379'],
    ['dial https://u@h:2379/x failed', 'dial https://h:2379/x failed'],
    ['mail me at ops@example.com', 'mail me at ops@example.com'],
    ['http://h:2379/path@v1', 'http://h:2379/path@v1'],
  ])('withoutUserinfo(%s) = %s', (text, expected) => {
    expect(withoutUserinfo(text)).toBe(expected);
  });

  it.each([
    ['{"round": {', /^line 7: not valid JSON \(.+\)$/],
    ['[1,2]', /^line 7: not a JSON object$/],
    ['{"hello":1}', /^line 7: neither a header, a round nor an event$/],
    ['{"round":{"members":[]}}', /^line 7: round without takenAtMs$/],
    ['{"etcdtopRecording":3}', /^line 7: recorded in format 3 by a newer etcdtop; this one reads format 2$/],
  ])('a bad line (%s) is one sentence naming its line number', (text, message) => {
    let caught: unknown;
    try {
      decodeLine(text, 7);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RecordingLineError);
    expect((caught as RecordingLineError).line).toBe(7);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });
});
