// readCertificates takes a member's serving certificate from what the round's own https calls
// saw (`seen`), and makes a TLS handshake of its own only for a member not among them. The
// members here are ports of 127.0.0.1 where nothing listens: a handshake can only be refused.
import { describe, expect, it } from 'vitest';
import { readCertificates } from '../../src/commands/read-certificates.js';
import type { ConnectionConfig } from '../../src/config/connection-config.js';
import type { CertificateInfo } from '../../src/etcd/certificates.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { freePort } from '../helpers/free-port.js';
import { healthyCluster } from '../helpers/snapshot-factory.js';

const DIAL_TIMEOUT_MS = 300;
const config: ConnectionConfig = { endpoints: ['https://127.0.0.1:2379'], dialTimeoutMs: DIAL_TIMEOUT_MS, commandTimeoutMs: 1500, metricsUrls: [], source: 'test' };

const certificateOf = (name: string): CertificateInfo => ({
  subject: `CN=${name}`,
  sans: [`DNS:${name}`],
  issuer: 'CN=etcd-ca',
  notBeforeMs: Date.parse('2026-01-01T00:00:00Z'),
  notAfterMs: Date.parse('2027-01-01T00:00:00Z'),
});

/** A healthy 3-member round whose members' endpoints are closed ports of 127.0.0.1. */
async function roundOnClosedPorts(): Promise<ClusterSnapshot> {
  const round = healthyCluster();
  const endpoints = await Promise.all(round.members.map(async () => `https://127.0.0.1:${await freePort()}`));
  return { ...round, members: round.members.map((sample, i) => ({ ...sample, endpoint: endpoints[i]! })) };
}

describe('readCertificates', () => {

  it('takes every certificate the round already saw, without a handshake', async () => {
    const snapshot = await roundOnClosedPorts();
    const endpoints = snapshot.members.map((sample) => sample.endpoint!);
    const seen = new Map(endpoints.map((endpoint, i) => [endpoint, certificateOf(`etcd-${i + 1}`)]));
    // A handshake with these members could only be refused: no failure, no handshake.
    const report = await readCertificates(config, snapshot, 1_000, seen);
    expect(report.members.map((member) => [member.endpoint, member.certificate?.subject, member.failure])).toEqual(
      endpoints.map((endpoint, i) => [endpoint, `CN=etcd-${i + 1}`, undefined]),
    );
    expect(report.readAtMs).toBe(1_000);
  });

  it('makes a handshake of its own for a member the round did not see', async () => {
    const snapshot = await roundOnClosedPorts();
    const endpoints = snapshot.members.map((sample) => sample.endpoint!);
    const seen = new Map([[endpoints[0]!, certificateOf('etcd-1')], [endpoints[1]!, certificateOf('etcd-2')]]);
    const report = await readCertificates(config, snapshot, 1_000, seen);
    expect(report.members[0]?.certificate?.subject).toBe('CN=etcd-1');
    expect(report.members[1]?.certificate?.subject).toBe('CN=etcd-2');
    expect(report.members[2]?.certificate).toBeUndefined();
    expect(report.members[2]?.failure?.kind).toBe('unreachable');
  });
});
