// --record with the maintenance keys: what the operator did is in the recording, as the events
// pane showed it, so a replay of the incident says why the DB shrank.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reduceMonitor } from '../../src/core/monitor-state.js';
import { createStore } from '../../src/core/store.js';
import { RecordingCursor } from '../../src/record/recording-reader.js';
import { withOperationsRecorded } from '../../src/record/recording-store.js';
import { openRecorder } from '../../src/record/recording-writer.js';
import { monitorStateOf } from '../helpers/maintenance-fakes.js';
import { healthyCluster, TAKEN_AT_MS } from '../helpers/snapshot-factory.js';

const dir = mkdtempSync(join(tmpdir(), 'etcdtop-rec-ops-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('withOperationsRecorded', () => {
  it('records operations and their results, and rounds polled through it, in order', () => {
    const path = join(dir, 'ops.jsonl');
    const opened = openRecorder(path, { intervalMs: 1000, endpoints: [] });
    if (!opened.ok) throw new Error(opened.problem.message);
    const store = withOperationsRecorded(createStore(monitorStateOf(healthyCluster()), reduceMonitor), opened.recorder);
    store.dispatch({ type: 'operation-started', label: 'Defragment etcd-2', atMs: TAKEN_AT_MS + 100 });
    store.dispatch({ type: 'round', snapshot: { ...healthyCluster(), takenAtMs: TAKEN_AT_MS + 200 } });
    store.dispatch({ type: 'operation-finished', label: 'Defragment etcd-2', atMs: TAKEN_AT_MS + 300, ok: true, message: 'defragmented etcd-2: 24 MiB → 9.5 MiB in 0.2s' });
    opened.recorder.close();

    const cursor = new RecordingCursor(path);
    const items = [];
    for (let item = cursor.next(); item; item = cursor.next()) items.push(item);
    cursor.close();
    expect(items.map((item) => (item.kind === 'event' ? `${item.event.level}: ${item.event.message}` : item.kind))).toEqual([
      'header',
      'info: Defragment etcd-2: started',
      'round',
      'ok: defragmented etcd-2: 24 MiB → 9.5 MiB in 0.2s',
    ]);
  });
});
