// What the README's commands run against, shared by every command in one test file and torn down
// at its end: a sandbox with shims, a fresh copy of the repository (built and installed by the
// README's own npm lines), and, once a command needs it, an mTLS 3-member cluster dressed up as
// a kubeadm control-plane node.
import { statfsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startCluster, type TestCluster } from '../../helpers/etcd-cluster.js';
import { makeFakeKubeadmNode, type FakeNode } from '../../helpers/fake-kubeadm-node.js';
import { copyCheckout, createSandbox, type Sandbox } from '../../helpers/readme-sandbox.js';
import { startMonitor, type MonitorOptions, type TmuxSession } from '../../helpers/tmux.js';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

export interface KubeadmNode extends FakeNode {
  cluster: TestCluster;
}

export interface ReadmeWorld {
  readonly sandbox: Sandbox;
  /** The repository as a fresh clone has it (no node_modules, no dist/); the README's npm lines run here. */
  readonly checkout: string;
  /** `npm install -g` installs here (npm_config_prefix), not into the machine's global prefix. */
  readonly globalPrefix: string;
  /** The working folder of commands that write files (incident.jsonl). */
  readonly work: string;
  /** The cluster and the kubeadm node around it, started on first use. */
  node(): Promise<KubeadmNode>;
  /** A tmux session that is killed at the end whatever happened. */
  tmux(options: MonitorOptions): Promise<TmuxSession>;
  close(): Promise<void>;
}

/** How the test runs one README command (the command is passed as written in the README). */
export type Runner = (world: ReadmeWorld, command: string) => Promise<void>;

/** What every command run on the node gets: etcdtop's auto-detection looks at the fake node's files. */
export const onNode = (node: FakeNode) => ({ ETCDTOP_DETECT_ROOT: node.root });

// etcd preallocates 64 MiB WAL segments (the current one and the next): about 400 MiB for 3 members.
const TMPFS = '/dev/shm';
const TMPFS_ROOM_BYTES = 1024 ** 3;
const TMPFS_MAGIC = 0x01021994;

/**
 * The cluster's data on tmpfs where there is room: a test machine's disk makes a fresh member's
 * WAL fsync p99 "slow" (over etcd's 10 ms), and `check` rightly says WARNING for a cluster that
 * `etcdtop check` and the cron line must find OK. Without room on tmpfs the cluster goes on disk,
 * where those two steps can fail on a slow disk; the README lines run the same either way.
 */
function tmpfsIfRoomy(): { parentDir?: string } {
  try {
    const fs = statfsSync(TMPFS);
    return fs.type === TMPFS_MAGIC && fs.bavail * fs.bsize >= TMPFS_ROOM_BYTES ? { parentDir: TMPFS } : {};
  } catch {
    return {};
  }
}

export function createWorld(): ReadmeWorld {
  const sandbox = createSandbox();
  const checkout = sandbox.folder('checkout');
  copyCheckout(REPO, checkout);
  const sessions: TmuxSession[] = [];
  let node: Promise<KubeadmNode> | undefined;
  const startNode = async (): Promise<KubeadmNode> => {
    const cluster = await startCluster({ tls: true, ...tmpfsIfRoomy() });
    return { ...makeFakeKubeadmNode(sandbox.folder('node-root'), cluster), cluster };
  };
  return {
    sandbox,
    checkout,
    globalPrefix: sandbox.folder('global-prefix'),
    work: sandbox.folder('work'),
    node: () => (node ??= startNode()),
    async tmux(options) {
      const session = await startMonitor(options);
      sessions.push(session);
      return session;
    },
    async close() {
      for (const session of sessions) await session.kill();
      await (await node?.catch(() => undefined))?.cluster.stop();
      sandbox.remove();
    },
  };
}
