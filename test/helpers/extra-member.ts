// A member added to a running test cluster with `etcdctl member add --learner` and started
// against it (initial-cluster-state existing), for the fault matrix's membership rows. It lives
// outside the cluster helper's bookkeeping: stop() kills it; setpriv kills it with the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decimalIdToHex, parseEtcdJson, waitFor, type TestCluster } from './etcd-cluster.js';
import { freePorts } from './free-port.js';

export interface ExtraMember {
  name: string;
  id: string;
  clientUrl: string;
  stop(): Promise<void>;
}

/** `member add --learner`, then start it against the running cluster (state existing). */
export async function addLearner(cluster: TestCluster, dir: string, name: string): Promise<ExtraMember> {
  const [client, peer] = await freePorts(2);
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  // etcd refuses membership changes until every member has been up a few seconds (earlier rows
  // restarted some): retry until it accepts.
  const add = await waitFor(async () => {
    const r = await cluster.etcdctl(['member', 'add', name, '--learner', `--peer-urls=${peerUrl}`, '-w', 'json']);
    return r.code === 0 ? r : undefined;
  }, 30_000, `member add ${name}`);
  const id = decimalIdToHex((parseEtcdJson(add.stdout) as { member: { ID: string } }).member.ID);
  const initialCluster = [...cluster.members.map((m) => `${m.name}=${m.peerUrl}`), `${name}=${peerUrl}`].join(',');
  const args = [
    `--name=${name}`, `--data-dir=${join(dir, `${name}.etcd`)}`,
    `--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${initialCluster}`, '--initial-cluster-state=existing',
    '--heartbeat-interval=100', '--election-timeout=1000', '--logger=zap', '--log-outputs=stderr',
  ];
  const child: ChildProcess = existsSync('/usr/bin/setpriv')
    ? spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', '--', '/usr/bin/etcd', ...args], { stdio: 'ignore' })
    : spawn('/usr/bin/etcd', args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let running = true;
  void exited.then(() => { running = false; });
  return {
    name,
    id,
    clientUrl,
    async stop() {
      if (!running) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
