// --metrics-urls that do not cover every member: the uncovered members are scraped at their
// client URL (one URL for three members used to leave two without metrics, hiding their
// warnings), and a URL that fed no member is listed with why, for the verdict to say.
import { describe, expect, it } from 'vitest';
import { collectSnapshot } from '../../src/core/collect-snapshot.js';
import { analyseRound } from '../../src/commands/analyse-round.js';
import { defaultThresholds } from '../../src/core/verdict.js';
import { answer, FakeGateway } from '../helpers/fake-gateway.js';
import { failure, healthyCluster, memberIdAt, withMemberDown, withoutMetrics } from '../helpers/snapshot-factory.js';

const endpointOf = (i: number) => `https://10.0.0.${i + 1}:2379`;
const collect = (gateway: FakeGateway, metricsUrls: string[]) =>
  collectSnapshot(gateway, { seedEndpoints: [endpointOf(0)], metricsUrls, now: () => 1_000_000 });

describe('explicit metrics URLs that do not cover every member', () => {
  it('one URL for three members: the other two are scraped at their client URL', async () => {
    const gateway = FakeGateway.fromSnapshot(healthyCluster());
    gateway.script('metrics', 'http://10.0.0.1:2381/metrics', answer({ serverId: memberIdAt(0), quotaBackendBytes: 8 * 1024 ** 3 }));
    const snapshot = await collect(gateway, ['http://10.0.0.1:2381/metrics']);
    expect(snapshot.members.map((sample) => sample.metrics?.ok)).toEqual([true, true, true]);
    expect(gateway.callsTo('metrics').map((call) => call.target).sort()).toEqual(
      ['http://10.0.0.1:2381/metrics', `${endpointOf(1)}/metrics`, `${endpointOf(2)}/metrics`].sort(),
    );
    expect(snapshot.unmatchedMetricsUrls).toBeUndefined();
  });

  it('a URL serving a member not in the list is reported, and check is not OK', async () => {
    const gateway = FakeGateway.fromSnapshot(healthyCluster());
    const urls = ['http://10.0.0.1:2381/metrics', 'http://10.0.0.9:2381/metrics'];
    gateway.script('metrics', urls[0]!, answer({ serverId: memberIdAt(0) }));
    gateway.script('metrics', urls[1]!, answer({ serverId: 'abcdef0123456789' }));
    const snapshot = await collect(gateway, urls);
    expect(snapshot.unmatchedMetricsUrls).toEqual([{ url: urls[1], reason: expect.stringMatching(/abcdef0123456789, which is not in the member list/) }]);
    const verdict = analyseRound(snapshot, defaultThresholds).verdict;
    expect(verdict.level).toBe('warning');
    expect(verdict.findings.map((finding) => finding.code)).toContain('metrics-url-unmatched');
  });
});

describe('what the verdict says when metrics are missing', () => {
  it('every member\'s metrics failed: the quota is unknown and each member says why; not OK', () => {
    let snapshot = healthyCluster();
    snapshot = { ...snapshot, members: snapshot.members.map((sample) => ({ ...sample, metrics: { ok: false as const, failure: failure('unreachable', 'ECONNREFUSED 127.0.0.1:1'), latencyMs: 1 } })) };
    const verdict = analyseRound(snapshot, defaultThresholds).verdict;
    expect(verdict.level).toBe('warning');
    const codes = verdict.findings.map((finding) => finding.code);
    expect(codes.filter((code) => code === 'metrics-unavailable')).toHaveLength(3);
    expect(codes).toContain('quota-unknown');
    expect(verdict.findings.find((f) => f.code === 'quota-unknown')?.message).toMatch(/no member's \/metrics could be read \(3 tried\).*2 GiB default/);
    expect(verdict.findings.find((f) => f.code === 'metrics-unavailable')?.message).toMatch(/ECONNREFUSED 127\.0\.0\.1:1/);
  });

  it('metrics read but without a quota: the quota is unknown', () => {
    const snapshot = healthyCluster();
    const noQuota = { ...snapshot, members: snapshot.members.map((sample) => (sample.metrics?.ok ? { ...sample, metrics: { ...sample.metrics, value: { ...sample.metrics.value, quotaBackendBytes: undefined } } } : sample)) };
    expect(analyseRound(noQuota, defaultThresholds).verdict.findings.map((f) => f.code)).toContain('quota-unknown');
  });

  it('a round where no metrics were asked for judges nothing about them', () => {
    expect(analyseRound(withoutMetrics(healthyCluster(), 0, 1, 2), defaultThresholds).verdict.level).toBe('ok');
  });

  it('a member that is down is unreachable, not also "no metrics"', () => {
    const down = withMemberDown(healthyCluster(), 2);
    const snapshot = { ...down, members: down.members.map((sample, i) => (i === 2 ? { ...sample, metrics: { ok: false as const, failure: failure('timeout'), latencyMs: 1 } } : sample)) };
    const codes = analyseRound(snapshot, defaultThresholds).verdict.findings.map((finding) => finding.code);
    expect(codes).toContain('member-unreachable');
    expect(codes).not.toContain('metrics-unavailable');
  });
});
