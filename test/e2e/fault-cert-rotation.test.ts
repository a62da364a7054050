// Fault matrix, "client certificate files replaced while the monitor runs": an mTLS cluster
// whose whole PKI is rotated (new CA, new server and client certificates), as a CA renewal does.
// Members restart on the new files; the monitor, still holding the old ones, sees TLS failures;
// then its own files (a copy, as an operator's would be) are replaced in place, and it must pick
// them up on its next connection, without a restart. Screen, `status -o json` and `check` read
// the same files and must agree.
import { copyFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCerts } from '../helpers/certs.js';
import { startCluster, type TestCluster } from '../helpers/etcd-cluster.js';
import { checkExit, eventuallyCheck, FAULT_ARGS, runFaultRow, statusJson } from '../helpers/fault-row.js';
import { everyMemberUp, memberRow, onDashboard, quit } from '../helpers/monitor-screen.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

describe('fault: certificate files replaced while the monitor runs (rotation)', () => {
  let cluster: TestCluster;
  let tmux: TmuxSession;
  let dir: string;
  let mine: { ca: string; cert: string; key: string };
  const tlsArgs = () => ['--cacert', mine.ca, '--cert', mine.cert, '--key', mine.key];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcdtop-e2e-rotation-'));
    cluster = await startCluster({ tls: true, namePrefix: 'm-' });
    const t = cluster.tls!;
    await mkdir(join(dir, 'mine'));
    mine = { ca: join(dir, 'mine', 'ca.crt'), cert: join(dir, 'mine', 'client.crt'), key: join(dir, 'mine', 'client.key') };
    await Promise.all([copyFile(t.caCert, mine.ca), copyFile(t.clientCert, mine.cert), copyFile(t.clientKey, mine.key)]);
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints.join(','), ...tlsArgs(), ...FAULT_ARGS, '--log', join(dir, 'etcdtop.log')], columns: 140, rows: 45 });
    await tmux.waitForScreen((s) => everyMemberUp(cluster.members.map((m) => m.name))(s) && onDashboard(s), 30_000);
  }, 90_000);

  afterAll(async () => {
    if (tmux) await quit(tmux);
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the members DOWN (TLS) while it holds the old files, and picks up the replaced ones without a restart', async () => {
    const fresh = await generateCerts(join(dir, 'rotated'));
    const t = cluster.tls!;
    const allUp = (s: string) => everyMemberUp(cluster.members.map((m) => m.name))(s) && onDashboard(s);
    await runFaultRow(tmux, {
      fault: 'PKI rotated: members on new certificates, the monitor on the old files',
      shows: 'every member DOWN with a TLS reason; UNKNOWN/CRITICAL',
      inject: async () => {
        // The cluster's files are replaced in place, then every member restarts on them at once
        // (peers must share the new CA).
        await Promise.all([
          copyFile(fresh.caCert, t.caCert), copyFile(fresh.serverCert, t.serverCert), copyFile(fresh.serverKey, t.serverKey),
          copyFile(fresh.clientCert, t.clientCert), copyFile(fresh.clientKey, t.clientKey),
        ]);
        await Promise.all(cluster.members.map((_, i) => cluster.kill(i)));
        await Promise.all(cluster.members.map((_, i) => cluster.restart(i)));
      },
      onScreen: (s) => cluster.members.every((m) => / DOWN /.test(memberRow(s, m.name))) || /UNKNOWN\s+cannot reach/.test(s),
      whileFaulty: async () => {
        const check = await checkExit(cluster.endpoints, tlsArgs());
        expect(check.code, check.stdout).toBe(3);
      },
      // The operator's copies are replaced in place: the monitor is NOT restarted.
      undo: async () => {
        await Promise.all([copyFile(fresh.caCert, mine.ca), copyFile(fresh.clientCert, mine.cert), copyFile(fresh.clientKey, mine.key)]);
      },
      cleared: allUp,
      clearWithinMs: 30_000,
    });
    const json = await statusJson(cluster.endpoints, tlsArgs());
    expect(json.members.every((m) => m.reachable)).toBe(true);
    await eventuallyCheck(cluster.endpoints, 0, 20_000, tlsArgs());
    expect(await tmux.alive()).toBe(true);
  });
});
