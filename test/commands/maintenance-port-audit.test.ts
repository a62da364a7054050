// The monitor's maintenance port and its audit log: an operation whose entry cannot be written is
// said in the events pane, not only in the error log; and the port says so before "y".
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMaintenancePort } from '../../src/commands/maintenance-port.js';
import { maintenanceContextOf } from '../../src/core/maintenance/context.js';
import { propose } from '../../src/core/maintenance/operations.js';
import { reduceMonitor } from '../../src/core/monitor-state.js';
import { createStore } from '../../src/core/store.js';
import { answer, FakeGateway } from '../helpers/fake-gateway.js';
import { endpointAt, monitorStateOf } from '../helpers/maintenance-fakes.js';
import { healthyCluster } from '../helpers/snapshot-factory.js';

const dir = mkdtempSync(join(tmpdir(), 'etcdtop-port-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function portWith(auditPath: string) {
  const snapshot = healthyCluster();
  const store = createStore(monitorStateOf(snapshot), reduceMonitor);
  const gateway = new FakeGateway().script('compact', endpointAt(0), answer({ revision: 911n, alreadyCompacted: false }));
  const port = createMaintenancePort({ gateway, store, collect: async () => snapshot, poller: { pollNow: () => undefined }, auditPath, logPath: join(dir, 'etcdtop.log') });
  return { port, store };
}

describe('the maintenance port and its audit log', () => {
  it('says before "y" that an operation would not be audited, and why', () => {
    const unwritable = join(dir, 'is-a-directory');
    mkdirSync(unwritable);
    expect(portWith(unwritable).port.auditProblem?.()).toBe(`${unwritable}: is a directory`);
    expect(portWith(join(dir, 'fine', 'audit.log')).port.auditProblem?.()).toBeUndefined();
  });

  it('puts a lost audit entry in the events pane', async () => {
    const unwritable = join(dir, 'also-a-directory');
    mkdirSync(unwritable);
    const { port, store } = portWith(unwritable);
    const context = maintenanceContextOf(store.getState());
    const result = await port.execute(propose({ kind: 'compact', keepRevisions: 0 }, context), context);
    expect(result.ok).toBe(true);
    expect(store.getState().events[0]).toMatchObject({ level: 'critical', message: `compact was not audited: ${unwritable}: is a directory` });
  });
});
