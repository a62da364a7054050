// The monitor's verdict judges latency over the last minute, as the latency pane shows it: a disk
// that turned slow recently is flagged even when its p99 since start is still fast.
import { describe, expect, it } from 'vitest';
import { latencyFixtures } from '../helpers/latency-fixtures.js';

describe('monitor verdict latency window', () => {
  it('flags the recently slow disk with a windowed p99', () => {
    const state = latencyFixtures.slowDisk();
    const fsync = state.verdict.findings.find((f) => f.code === 'slow-wal-fsync');
    expect(fsync?.message).toMatch(/over the last/);
    expect(fsync?.message).toContain('etcd-2');
  });

  it('says "since start" until a minute of samples exists', () => {
    const state = latencyFixtures.slowDiskEarly();
    const fsync = state.verdict.findings.find((f) => f.code === 'slow-wal-fsync');
    expect(fsync?.message ?? 'since start').toMatch(/since start/);
    expect(state.verdict.findings.some((f) => /over the last/.test(f.message))).toBe(false);
  });
});
