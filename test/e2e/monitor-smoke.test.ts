// The monitor opens on a real cluster in a real terminal, shows every member and the leader,
// and gives the terminal back when q is pressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('monitor in tmux', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession | undefined;
  beforeAll(async () => {
    cluster = await startCluster();
  });
  afterAll(async () => {
    await tmux?.kill();
    await cluster?.stop();
  });

  it('shows all members and the leader, then quits on q', async () => {
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!] });
    const leader = cluster.members[(await cluster.leaderIndex()) ?? 0]!;
    const screen = await tmux.waitForScreen((s) => cluster.members.every((m) => s.includes(m.name)) && s.includes('LEADER'));
    expect(screen).toContain(leader.id);
    expect(screen).toMatch(new RegExp(`${leader.name}.*LEADER`));
    await tmux.press('q');
    await expect.poll(() => tmux!.alive(), { timeout: 5000 }).toBe(false);
  });
});
