// A defragment anyone started, seen in the member's own metrics (etcd_disk_defrag_inflight,
// recorded from a real etcd 3.5.30 during `etcdctl defrag` of a 200 MB DB): DEFRAG on its row,
// an event when it starts and ends, and blocked in the quorum rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defragmentRefusal } from '../../src/core/maintenance/safety-rules.js';
import { memberColumns } from '../../src/core/views/member-columns.js';
import { defaultThresholds, verdictOf } from '../../src/core/verdict.js';
import { extractMemberMetrics } from '../../src/etcd/metrics.js';
import { contextOf, idAt, monitorStateOf } from '../helpers/maintenance-fakes.js';
import { healthyCluster, mapMember, withMemberDown, withMetrics } from '../helpers/snapshot-factory.js';
import { reduceMonitor } from '../../src/core/monitor-state.js';

const recorded = extractMemberMetrics(readFileSync(new URL('../fixtures/metrics/etcd-3.5.30-defrag-inflight.txt', import.meta.url), 'utf8'));
const defragmenting = (snapshot = healthyCluster(), index = 1) => withMetrics(snapshot, index, { defragInflight: recorded.defragInflight });

describe('a member being defragmented by anyone', () => {
  it('is read from a real 3.5.30 scrape taken during a defragment', () => {
    expect(recorded.defragInflight).toBe(true);
    expect(contextOf(defragmenting()).rows.map((row) => row.defragmenting)).toEqual([false, true, false]);
  });

  it('shows DEFRAG in its state cell (with the reason when it stopped answering too)', () => {
    const state = memberColumns.find((column) => column.key === 'state')!;
    const ctx = { nowMs: 0, intervalMs: 1000, lastAnsweredMs: 0, thresholds: defaultThresholds };
    const [, busy] = contextOf(defragmenting()).rows;
    expect(state.cell(busy!, ctx)).toMatchObject({ text: 'DEFRAG', tone: 'warning' });
    // Its gRPC calls time out while the defragment holds the backend; /metrics still answers.
    const timedOut = mapMember(defragmenting(), 1, (sample) => ({ ...sample, status: withMemberDown(healthyCluster(), 1).members[1]!.status! }));
    const [, silent] = contextOf(timedOut).rows;
    expect(state.cell(silent!, ctx).text).toBe('DEFRAG timed out after 1.5s');
  });

  it('puts a start and an end in the events pane', () => {
    const started = reduceMonitor(monitorStateOf(healthyCluster()), { type: 'round', snapshot: defragmenting() });
    expect(started.events[0]?.message).toBe('etcd-2 (66fb782b14ae096a) DEFRAG: a defragment started; the member blocks until it ends');
    const ended = reduceMonitor(started, { type: 'round', snapshot: healthyCluster() });
    expect(ended.events[0]?.message).toBe('etcd-2 (66fb782b14ae096a) defragment ended');
  });

  it('counts as blocked: defragmenting a second member of three would cost quorum', () => {
    const rows = contextOf(defragmenting()).rows;
    expect(defragmentRefusal(rows, idAt(0), undefined)).toBe(
      'defragmenting etcd-1 (4c95f7dc5897214a) blocks it with etcd-2 (66fb782b14ae096a) being defragmented: only 1 of 3 voters would serve, and quorum needs 2',
    );
    expect(defragmentRefusal(rows, idAt(1), undefined)).toMatch(/is already being defragmented/);
    // Five members, one defragmenting: a second is still safe (3 of 5 serve), with a down one it is not.
    const five = defragmenting(healthyCluster({ members: 5 }));
    expect(defragmentRefusal(contextOf(five).rows, idAt(0), undefined)).toBeUndefined();
    expect(defragmentRefusal(contextOf(withMemberDown(five, 4)).rows, idAt(0), undefined)).toContain(
      'etcd-5 (91bc3c398fb3c146) down and etcd-2 (66fb782b14ae096a) being defragmented: only 2 of 5 voters would serve',
    );
  });
});

describe('check, on a member being defragmented', () => {
  it('says so as a warning naming the member', () => {
    const verdict = verdictOf(defragmenting());
    expect(verdict.level).toBe('warning');
    expect(verdict.findings.map((f) => [f.code, f.memberId, f.message])).toEqual([
      ['member-defragmenting', idAt(1), 'etcd-2 (66fb782b14ae096a) is being defragmented (etcd_disk_defrag_inflight): it blocks reads and writes until that ends'],
    ]);
  });
});
