// A cluster with a 16 MiB quota fills up while the monitor watches: the NOSPACE alarm is on screen
// within one poll interval (plus one round) of etcd reporting it, naming the member it is on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalIdToHex, startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const QUOTA_BYTES = 16 * 1024 * 1024;
const FIRST_DATA_MS = 30_000;
/** The default 1 s interval, plus one round and the time to read the screen back. */
const SHOWN_WITHIN_MS = 2_500;

describe('monitor when the cluster runs out of space', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;

  beforeAll(async () => {
    cluster = await startCluster({ quotaBackendBytes: QUOTA_BYTES });
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!], columns: 120, rows: 40 });
    await tmux.waitForScreen((s) => cluster.members.every((m) => s.includes(m.name)) && /\bLEADER\b/.test(s), FIRST_DATA_MS);
  });

  afterAll(async () => {
    await tmux?.kill();
    await cluster?.stop();
  });

  it('shows NOSPACE, on which member, within one poll interval of etcd listing the alarm', async () => {
    expect(await tmux.screen()).toContain('No active alarms');
    const filling = cluster.fillUntilNoSpace();
    // Whoever sees it first: etcdctl or the screen. The clock starts when etcdctl lists it.
    const listed = await waitFor(async () => {
      const r = await cluster.etcdctl(['alarm', 'list']);
      const match = /memberID:(\d+) alarm:NOSPACE/.exec(r.stdout);
      return match ? { atMs: Date.now(), memberId: decimalIdToHex(match[1]!) } : undefined;
    }, 60_000, 'etcdctl alarm list to list NOSPACE', 50);
    const member = cluster.members.find((m) => m.id === listed.memberId);
    expect(member, `alarm on a known member (${listed.memberId})`).toBeDefined();
    // One alarm gets a line of its own, "NOSPACE on etcd-1 (id) since …"; when every member's
    // alarm is raised in the same round and they do not fit one per line, the pane names them on
    // one line, "NOSPACE on etcd-1, etcd-0, etcd-2 for 2s". Either way the member is named.
    const alarmLine = new RegExp(`NOSPACE on (?:${member!.name} \\(${member!.id}\\)|(?:[\\w.-]+, )*${member!.name}(?:, [\\w.-]+)* for )`);
    const screen = await tmux.waitForScreen(alarmLine, SHOWN_WITHIN_MS + 5_000);
    const elapsedMs = Date.now() - listed.atMs;
    await filling;

    expect(elapsedMs, 'NOSPACE on screen within one interval + one round').toBeLessThanOrEqual(SHOWN_WITHIN_MS);
    expect(screen).toMatch(/Alarms \(\d+\)/);
    expect(screen).not.toContain('No active alarms');
    expect(screen).toMatch(/alarm raised: NOSPACE on /);
    const banner = screen.split('\n').slice(0, screen.split('\n').findIndex((line) => line.startsWith('╭'))).join('\n');
    expect(banner, 'the banner').toMatch(/CRITICAL/);
  });
});
