// The free-space check every snapshot goes through (the `s` key, the recovery's first step and
// `etcdtop snapshot` all run execute): refused with the numbers before a byte is streamed.
import { describe, expect, it } from 'vitest';
import { snapshotSpaceRefusal } from '../../../src/core/maintenance/disk-space.js';
import { execute } from '../../../src/core/maintenance/execute.js';
import { propose } from '../../../src/core/maintenance/operations.js';
import { answer, FakeGateway } from '../../helpers/fake-gateway.js';
import { contextOf, endpointAt, idAt, recordingAudit } from '../../helpers/maintenance-fakes.js';
import { healthyCluster, withDbSize } from '../../helpers/snapshot-factory.js';

describe('snapshotSpaceRefusal', () => {
  it.each([
    { needed: 16_000_000, free: 10_000_000, refused: true },
    { needed: 16_000_000, free: 16_000_000, refused: false },
    { needed: undefined, free: 10, refused: false },
    { needed: 16_000_000, free: undefined, refused: false },
  ])('needs $needed, has $free free: refused $refused', ({ needed, free, refused }) => {
    expect(snapshotSpaceRefusal(needed, free, '/backups') !== undefined).toBe(refused);
  });

  it('names the folder and both sizes, human and exact', () => {
    expect(snapshotSpaceRefusal(16_000_000, 10_000_000, '/backups')).toBe(
      'not enough disk space for the snapshot: /backups has 9.5 MiB free (10000000 bytes), the DB is 15 MiB (16000000 bytes); free some space or write it elsewhere',
    );
  });
});

describe('execute(snapshot) checks the free space first', () => {
  const cluster = withDbSize(healthyCluster(), 1, 16_000_000);
  const request = { kind: 'snapshot' as const, memberId: idAt(1), path: '/backups/etcd.db' };
  const result = { path: '/backups/etcd.db', sizeBytes: 16_000_000, revision: 9n, sha256: 'ab'.repeat(32) };

  it('refuses, streams nothing and audits the refusal when the disk is too small', async () => {
    const gateway = new FakeGateway().script('snapshot', endpointAt(1), answer(result));
    const audit = recordingAudit();
    const asked: string[] = [];
    const outcome = await execute(propose(request, contextOf(cluster)), contextOf(cluster), {
      gateway, ...audit, user: 'alice', now: () => 0, freeDiskBytes: async (dir) => (asked.push(dir), 1_000_000),
    });
    expect(outcome).toMatchObject({ ok: false, refused: true });
    expect(outcome.message).toContain('/backups has 977 KiB free (1000000 bytes), the DB is 15 MiB (16000000 bytes)');
    expect(asked).toEqual(['/backups']);
    expect(gateway.callsTo('snapshot')).toEqual([]);
    expect(audit.entries).toMatchObject([{ operation: 'snapshot', result: 'failed' }]);
  });

  it('goes ahead when there is room, and hands back the whole result (full sha256)', async () => {
    const gateway = new FakeGateway().script('snapshot', endpointAt(1), answer(result));
    const outcome = await execute(propose(request, contextOf(cluster)), contextOf(cluster), {
      gateway, ...recordingAudit(), user: 'alice', now: () => 0, freeDiskBytes: async () => 17_000_000,
    });
    expect(outcome).toMatchObject({ ok: true, snapshot: result });
    expect(gateway.callsTo('snapshot')).toHaveLength(1);
  });
});
