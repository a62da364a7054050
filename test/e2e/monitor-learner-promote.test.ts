// A learner on a real cluster: added with `etcdctl member add --learner`, then started as a 4th
// etcd process with --initial-cluster-state existing. Before it runs, P is refused with the
// reason; once it has caught up, P and y promote it, which etcd's member list and the audit log
// confirm. One key at a time in tmux.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalIdToHex, parseEtcdJson, startCluster, waitFor, type TestCluster } from '../helpers/etcd-cluster.js';
import { freePorts } from '../helpers/free-port.js';
import { auditLines, dialogText, key, onDashboard, quit, select } from '../helpers/monitor-screen.js';
import { RELAXED_LATENCY } from '../helpers/run-cli.js';
import { startMonitor, type TmuxSession } from '../helpers/tmux.js';

const ETCD = join(process.env.ETCDTOP_TEST_ETCD_DIR || '/usr/bin', 'etcd');
const LEARNER = 'etcd-learner';

interface ListedMember { ID: string; name: string; isLearner?: boolean }

describe('promoting a learner from the monitor', () => {
  let cluster: TestCluster;
  let learner: ChildProcess | undefined;
  let tmux: TmuxSession | undefined;
  let work: string;
  const urls = { client: '', peer: '' };

  beforeAll(async () => {
    cluster = await startCluster();
    work = mkdtempSync(join(tmpdir(), 'etcdtop-learner-'));
    const [clientPort, peerPort] = await freePorts(2);
    urls.client = `http://127.0.0.1:${clientPort}`;
    urls.peer = `http://127.0.0.1:${peerPort}`;
  });
  afterAll(async () => {
    if (tmux) await quit(tmux);
    learner?.kill('SIGKILL');
    await cluster?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const members = async () => (parseEtcdJson((await cluster.etcdctl(['member', 'list', '-w', 'json'])).stdout) as { members: ListedMember[] }).members;

  it('P is refused while the learner is not running, and promotes it once it has caught up', async () => {
    // etcd refuses a reconfiguration until its members have been connected for a few seconds
    // ("unhealthy cluster", its strict reconfiguration check): ask again until it accepts.
    await waitFor(async () => (await cluster.etcdctl(['member', 'add', LEARNER, '--learner', `--peer-urls=${urls.peer}`])).code === 0, 20_000, 'etcd to accept the learner', 1000);
    const learnerId = decimalIdToHex((await members()).find((m) => m.isLearner)!.ID);
    const audit = join(work, 'audit.log');
    tmux = await startMonitor({ args: ['--endpoints', cluster.endpoints[0]!, '--audit-log', audit, ...RELAXED_LATENCY], columns: 160, rows: 40 });
    await tmux.waitForScreen((s) => s.includes(learnerId) && s.includes('UNSTARTED'), 30_000);

    // Not started yet: refused, with the reason, and nothing sent.
    await select(tmux, '(unstarted)');
    await key(tmux, 'P');
    const refused = dialogText(await tmux.waitForScreen((s) => s.includes('Promote learner')));
    expect(refused).toMatch(/is UNSTARTED: a learner that does not answer cannot be judged in sync/);
    await key(tmux, 'Escape');
    await tmux.waitForScreen(onDashboard);

    const initialCluster = [...cluster.members.map((m) => `${m.name}=${m.peerUrl}`), `${LEARNER}=${urls.peer}`].join(',');
    // Under setpriv --pdeathsig KILL where it exists, as the cluster helper does: it dies with us.
    const setpriv = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'KILL', '--'] : [];
    learner = spawn(setpriv[0] ?? ETCD, [...setpriv.slice(1), ...(setpriv.length > 0 ? [ETCD] : []), 
      `--name=${LEARNER}`, `--data-dir=${join(work, 'learner.etcd')}`,
      `--listen-client-urls=${urls.client}`, `--advertise-client-urls=${urls.client}`,
      `--listen-peer-urls=${urls.peer}`, `--initial-advertise-peer-urls=${urls.peer}`,
      `--initial-cluster=${initialCluster}`, '--initial-cluster-state=existing',
      '--heartbeat-interval=100', '--election-timeout=1000',
    ], { stdio: 'ignore' });
    await tmux.waitForScreen((s) => new RegExp(`${LEARNER} .*learner .*UP`).test(s), 30_000);

    await select(tmux, LEARNER);
    await key(tmux, 'Enter');
    const detail = await tmux.waitForScreen((s) => /learner\s+raft index \d+ of the leader's \d+ \(\d+\.\d%\): caught up, P promotes it/.test(s), 20_000);
    expect(detail).toContain('learner (not voting)');
    await key(tmux, 'P');
    const asking = dialogText(await tmux.waitForScreen((s) => s.includes('Promote learner')));
    expect(asking).toMatch(/3 voters become 4/);
    await key(tmux, 'y');
    await tmux.waitForScreen((s) => s.includes('it is now a voting member'), 15_000);

    await waitFor(async () => (await members()).every((m) => !m.isLearner), 10_000, 'the learner to be a voter in etcd\u2019s member list');
    expect(auditLines(audit)).toMatchObject([{ operation: 'promote', result: 'ok', target: { id: learnerId, name: LEARNER } }]);
    expect(existsSync(audit)).toBe(true);
  });
});
