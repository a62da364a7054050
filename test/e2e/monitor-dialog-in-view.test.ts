// While a dialog is open the cluster stays on screen (banner, every member row, the DB pane when
// rows allow), and the footer lists only the keys of the dialog shown. tmux, one key at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { everyMemberUp, key, memberRow, onDashboard, quit } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('dialogs keep the cluster in view', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
  });

  it.each([[80, 24], [120, 40]] as const)('at %ix%i: compaction and snapshot dialogs under the members, each with its own keys', async (columns, rows) => {
    if (tmux) await quit(tmux);
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, ...RELAXED_LATENCY], columns, rows });
    const names = cluster.members.map((m) => m.name);
    await tmux.waitForScreen(everyMemberUp(names), 30_000);

    await key(tmux, 'c');
    const compact = await tmux.waitForScreen((s) => s.includes('Compact the keyspace'));
    expect(compact).toMatch(/^ OK /m);
    for (const name of names) expect(memberRow(compact, name)).toMatch(/ UP /);
    const footer = compact.trimEnd().split('\n').at(-1) ?? '';
    expect(footer).toContain('+ keep more revisions');
    expect(footer).not.toContain('e edit');
    if (rows >= 40) expect(compact).toContain('DB · quota');
    await key(tmux, 'Escape');
    await tmux.waitForScreen(onDashboard);

    await key(tmux, 's');
    const snapshot = await tmux.waitForScreen((s) => s.includes('Save a snapshot'));
    for (const name of names) expect(memberRow(snapshot, name)).toMatch(/ UP /);
    const snapshotFooter = snapshot.trimEnd().split('\n').at(-1) ?? '';
    expect(snapshotFooter).toContain('e edit the file name');
    expect(snapshotFooter).not.toContain('keep more');
    await key(tmux, 'Escape');
    await tmux.waitForScreen(onDashboard);
  });
});
