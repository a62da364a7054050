// Enter on a member opens its detail (a view over the same store: it keeps updating), Esc goes
// back to the dashboard with the same member selected; in an 80x24 terminal, one key at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { everyMemberUp, key, onDashboard, quit, select, selectedName } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('member detail in tmux at 80x24', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
  });

  it('Enter opens the selected member, j moves to the next one, Esc goes back', async () => {
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, ...RELAXED_LATENCY], columns: 80, rows: 24 });
    const names = cluster.members.map((m) => m.name);
    await tmux.waitForScreen(everyMemberUp(names), 30_000);
    const target = cluster.members[1]!;
    await select(tmux, target.name);
    await key(tmux, 'Enter');
    const detail = await tmux.waitForScreen((s) => s.includes(`${target.name} (${target.id})`) && s.includes('peer URLs'));
    expect(detail).toContain(`client URLs  ${target.clientUrl}`);
    expect(detail).toContain(`peer URLs    ${target.peerUrl}`);
    expect(detail).toMatch(/state\s+UP · (LEADER|follower) · voter · version 3\.\d+\.\d+/);
    expect(detail).toMatch(/raft\s+term \d+ · index \d+/);
    expect(detail).toContain('Its events (UTC)');
    // The banner stays on top; the footer lists the detail's keys.
    expect(detail).toMatch(/^ OK /m);
    expect(detail).toMatch(/Esc back/);
    expect(detail.trimEnd().split('\n').length).toBeLessThanOrEqual(24);

    // The same store: the revision shown follows a write made meanwhile.
    const before = Number(/revision\s+(\d+)/.exec(detail)?.[1]);
    expect((await cluster.etcdctl(['put', 'detail-test', 'x'])).code).toBe(0);
    await tmux.waitForScreen((s) => Number(/revision\s+(\d+)/.exec(s)?.[1]) > before);

    // j moves to the next row of the table, here too: the detail shows another member.
    const shownName = (s: string) => /^╭─ (\S+) \(/m.exec(s)?.[1];
    await key(tmux, 'j');
    const moved = await tmux.waitForScreen((s) => shownName(s) !== undefined && shownName(s) !== target.name);
    const next = shownName(moved);
    expect(names).toContain(next);

    await key(tmux, 'Escape');
    const back = await tmux.waitForScreen(onDashboard);
    expect(selectedName(back)).toBe(next);
    expect(back).not.toContain('peer URLs');
  });
});
