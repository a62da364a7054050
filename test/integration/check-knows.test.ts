// `check` on a real 3-member cluster must not say OK without knowing, nor warn without cause:
// - a fresh healthy cluster on this machine's disk, default thresholds: OK (issue #13);
// - metrics URLs that point nowhere: not OK, and the findings say what is unknown and why;
// - one --metrics-urls entry for three members still judges all three;
// - latency over a threshold since start is judged again over check's two scrapes, and the
//   finding names that window; a healthy cluster gets one round.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { freePort } from '../helpers/free-port.js';
import { runCli } from '../helpers/run-cli.js';

interface CheckJson {
  level: string;
  exitCode: number;
  findings: { level: string; code: string; message: string; memberId: string | null }[];
  notes: string[];
}

/** Every fsync over 0 ms counts as slow: whether a member is judged is then what is tested. */
const ANY_FSYNC_IS_SLOW = ['--wal-fsync-warn-ms', '0', '--wal-fsync-critical-ms', '100000'];

describe('check knows what it says', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const check = async (args: string[]) => {
    const result = await runCli(['check', '-o', 'json', '--endpoints', cluster.endpoints[0]!, ...args]);
    return { result, json: JSON.parse(result.stdout) as CheckJson };
  };

  it('a fresh healthy cluster with default thresholds is OK: no latency warning from start-up fsyncs', async () => {
    const { result, json } = await check([]);
    expect(result.code, result.stdout).toBe(0);
    expect(json.findings).toEqual([]);
    // No latency over a threshold since start: one round, no 2 s window waited for.
    expect(json.notes.join('\n')).not.toMatch(/in the last/);
    const text = await runCli(['check', '--endpoints', cluster.endpoints[0]!, '--latency-window', '0']);
    expect(text.stdout, text.stdout).toMatch(/^OK: 3 members/);
  });

  it('--metrics-urls pointing nowhere: not OK, the quota and each member\'s metrics are named as unknown', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const urls = ports.map((port) => `http://127.0.0.1:${port}/metrics`);
    const { result, json } = await check(['--metrics-urls', urls.join(',')]);
    expect(result.code, result.stdout).toBe(1);
    const codes = json.findings.map((finding) => finding.code);
    expect(codes).toContain('quota-unknown');
    expect(codes.filter((code) => code === 'metrics-unavailable')).toHaveLength(3);
    expect(json.findings.find((f) => f.code === 'metrics-unavailable')?.message).toMatch(/no metrics \(ECONNREFUSED 127\.0\.0\.1:\d+\)/);
    const status = await runCli(['status', '-o', 'json', '--endpoints', cluster.endpoints[0]!, '--metrics-urls', urls.join(',')]);
    expect(JSON.parse(status.stdout)).toMatchObject({ quotaKnown: false, verdict: { level: 'warning' } });
  });

  describe('after enough writes for every member to have a judged fsync p99', () => {
    beforeAll(async () => {
      const client = new Etcd3({ hosts: cluster.endpoints[0]! });
      try {
        for (let i = 0; i < 150; i++) await client.put(`etcdtop-test/${i}`).value('x');
      } finally {
        client.close();
      }
    });

    it('one --metrics-urls entry for three members does not hide the other two members\' warnings', async () => {
      const { json } = await check(['--metrics-urls', `${cluster.metricsUrls[0]!}/metrics`, '--latency-window', '0', ...ANY_FSYNC_IS_SLOW]);
      const slow = json.findings.filter((finding) => finding.code === 'slow-wal-fsync').map((finding) => finding.memberId);
      expect(slow.sort()).toEqual(cluster.members.map((member) => member.id).sort());
      expect(json.findings.find((finding) => finding.code === 'slow-wal-fsync')?.message).toMatch(/since start/);
    });

    it('judged over the two scrapes, the same past is "not enough samples yet", and the note names the window', async () => {
      const { result, json } = await check(ANY_FSYNC_IS_SLOW);
      expect(json.findings.filter((finding) => finding.code === 'slow-wal-fsync'), result.stdout).toEqual([]);
      expect(json.notes.join('\n')).toMatch(/not enough samples yet .* in the last 2(\.\d+)?s/);
    });
  });
});
