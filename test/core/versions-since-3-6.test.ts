// What etcd 3.6 adds (storage version, downgrade in progress, quota in Status) and a cluster
// whose members run different versions, as the verdict, the banner and the rows see them.
import { describe, expect, it } from 'vitest';
import { memberRows } from '../../src/core/member-rows.js';
import { reduceMonitor, initialMonitorState } from '../../src/core/monitor-state.js';
import { quotaBytesOf } from '../../src/core/selectors.js';
import { compareVersions } from '../../src/core/findings-versions.js';
import { bannerViewOf } from '../../src/core/views/banner-view.js';
import { verdictOf } from '../../src/core/verdict.js';
import type { ClusterSnapshot } from '../../src/core/cluster-snapshot.js';
import { GIB, healthyCluster, withMetrics, withStatus } from '../helpers/snapshot-factory.js';

const on36 = (snapshot: ClusterSnapshot, index: number, downgrade = { enabled: false, targetVersion: '' }) =>
  withStatus(snapshot, index, { version: '3.6.4', storageVersion: '3.6.0', dbSizeQuotaBytes: 8 * GIB, downgrade });
const all36 = (downgrade?: { enabled: boolean; targetVersion: string }) => [0, 1, 2].reduce((s, i) => on36(s, i, downgrade), healthyCluster());

describe('versions', () => {
  it('a cluster all on 3.6 has no version finding, and its quota comes from Status', () => {
    const snapshot = withMetrics(all36(), 0, { quotaBackendBytes: 2 * GIB });
    expect(verdictOf(snapshot).findings.map((f) => f.code)).not.toContain('mixed-versions');
    expect(quotaBytesOf(snapshot)).toEqual({ bytes: 8 * GIB, known: true });
    expect(memberRows(snapshot).map((row) => row.storageVersion)).toEqual(['3.6.0', '3.6.0', '3.6.0']);
  });

  it('an upgrade half done names which members run which version', () => {
    const mixed = on36(healthyCluster(), 2);
    const finding = verdictOf(mixed).findings.find((f) => f.code === 'mixed-versions');
    expect(finding?.message).toMatch(/^members run different etcd versions \(an upgrade or downgrade half done\): 3\.5\.15 on etcd-1 \(4c95f7dc5897214a\), etcd-2 \(66fb782b14ae096a\); 3\.6\.4 on etcd-3 \(ee098f6d097e6ce5\); storage version 3\.6\.0 on etcd-3/);
  });

  it('a downgrade in progress is a finding and a banner badge; the storage version is on the meta line', () => {
    const snapshot = all36({ enabled: true, targetVersion: '3.5' });
    expect(verdictOf(snapshot).findings.map((f) => f.code)).toEqual(['downgrade-in-progress']);
    const state = reduceMonitor(initialMonitorState({ historyCapacity: 10 }), { type: 'round', snapshot });
    const banner = bannerViewOf(state, { width: 160, nowMs: snapshot.takenAtMs, intervalMs: 1000, paused: false, readOnly: false });
    expect(banner.badges).toContain('DOWNGRADE TO 3.5');
    expect(banner.meta).toMatch(/ · storage 3\.6\.0$/);
  });

  it.each([
    ['3.5.30', '3.6.0', -1],
    ['3.5.9', '3.5.30', -1],
    ['3.6.0', '3.6.0', 0],
  ])('compareVersions(%s, %s) has the sign of %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
