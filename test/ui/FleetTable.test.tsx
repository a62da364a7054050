import { describe, expect, it } from 'vitest';
import { fleetRow } from '../../src/core/fleet/fleet-rows.js';
import type { FleetCluster } from '../../src/core/fleet/fleet-round.js';
import { FleetTable } from '../../src/ui/fleet/FleetTable.js';
import { fleetFooterText, FLEET_KEYMAP } from '../../src/ui/fleet/fleet-keymap.js';
import { inkFrame } from '../helpers/ink-frame.js';

const NOW_MS = Date.UTC(2026, 11, 5, 18, 0, 0);
const target = (instance: string, up: number, extra: Record<string, number> = {}) => ({
  instance, version: '3.4.23', values: { up, hasLeader: 1, isLeader: instance.endsWith('0') ? 1 : 0, dbSizeBytes: 20_480, dbInUseBytes: 16_384, quotaBytes: 2 ** 31, ...extra },
});
const clusters: FleetCluster[] = [
  { name: 'healthy', targets: [target('h0', 1), target('h1', 1), target('h2', 1)], unreachablePeerIds: [] },
  { name: 'degraded', targets: [target('d0', 1), target('d1', 1), target('d2', 0)], unreachablePeerIds: ['abc'] },
  { name: 'gone', targets: [], unreachablePeerIds: [], lastSeenMs: NOW_MS - 15 * 60_000 },
];
const rows = clusters.map((c) => fleetRow(c, NOW_MS));

describe('FleetTable', () => {
  it('marks the selected cluster with a word-free marker, says n/a for unknown figures and shows the headline', () => {
    const frame = inkFrame(<FleetTable rows={rows} selected="degraded" nowMs={NOW_MS} width={150} height={10} />);
    expect(frame).toMatch(/^\s+VERDICT\s+CLUSTER\s+LEADER\s+UP\s+ELECT15m\s+DB\s+QUOTA\s+INUSE\s+FULL IN\s+FSYNC/m);
    expect(frame).toMatch(/^\u203a WARNING\s+degraded\s+yes\s+2\/3\s+n\/a\s+20 KiB\s+0%\s+80%\s+n\/a/m);
    expect(frame).toMatch(/^ {2}NO DATA\s+gone\s+n\/a\s+n\/a.*17:45/m);
    expect(frame).toMatch(/^degraded: 2 of 3 voting members reachable/m);
  });

  it('never draws wider than its width', () => {
    const frame = inkFrame(<FleetTable rows={rows} selected="healthy" nowMs={NOW_MS} width={80} height={10} />);
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(80);
  });
});

describe('fleet keymap', () => {
  it('has unique ids, no key bound twice in a mode, and offers no operation on the cluster', () => {
    expect(new Set(FLEET_KEYMAP.map((b) => b.id)).size).toBe(FLEET_KEYMAP.length);
    for (const mode of ['list', 'detail', 'help'] as const) {
      const keys = FLEET_KEYMAP.filter((b) => b.modes.includes(mode)).flatMap((b) => b.keys);
      expect(new Set(keys).size, mode).toBe(keys.length);
    }
    expect(FLEET_KEYMAP.map((b) => b.label).join(' ')).not.toMatch(/defrag|compact|disarm/i);
    expect(fleetFooterText('list')).toBe('j/↓ select  Enter members & history  m live monitor  r refresh  ? help  q/Ctrl-C quit');
  });
});

describe('fleet banner', () => {
  it('says what is not known, and shows the backend\u2019s warnings and failed signals', async () => {
    const { bannerLines } = await import('../../src/ui/fleet/FleetBanner.js');
    const { initialFleetState, reduceFleet } = await import('../../src/core/fleet/fleet-state.js');
    const round = { takenAtMs: NOW_MS, durationMs: 120, clusterLabel: 'cluster', clusters, queryCount: 22, warnings: ['partial response: store eu-1 unreachable'],
      failures: [{ signal: 'walFsyncP99Seconds' as const, failure: { kind: 'timeout' as const, message: 'no answer within 10000 ms' } }] };
    const state = reduceFleet(initialFleetState({}), { type: 'round', round });
    const text = bannerLines(state, 'http://thanos:9090', 30_000).map((l) => l.text);
    expect(text[0]).toBe('fleet \u00b7 3 clusters by label "cluster" \u00b7 http://thanos:9090 \u00b7 refreshed 18:00 UTC, every 30s \u00b7 22 queries in 120ms');
    expect(text[1]).toMatch(/values lag by the scrape interval .* UP counts scrape targets, not raft members .* alarms unknown before etcd 3\.6/);
    expect(text).toContain('backend warnings: partial response: store eu-1 unreachable');
    expect(text).toContain('n/a this refresh: walFsyncP99Seconds (no answer within 10000 ms)');
  });
});
