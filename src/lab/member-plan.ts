// What the lab starts, as pure data: names, URLs on 127.0.0.1 only, folders, and each member's
// etcd command line. Kept apart from the process handling so it can be read and tested alone.
import { join } from 'node:path';

export interface LabMember {
  readonly name: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  /** Plain-HTTP /metrics and /health listener (--listen-metrics-urls), without a path. */
  readonly metricsUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
}

export interface ClusterPlan {
  readonly members: LabMember[];
  /** --initial-cluster-token: unique per lab, so two labs' members can never join each other. */
  readonly token: string;
  readonly quotaBytes?: number;
}

export const PORTS_PER_MEMBER = 3;

/** Member i uses ports[3i] (client), ports[3i+1] (peer) and ports[3i+2] (metrics). */
export function planMembers(count: number, ports: readonly number[], dir: string): LabMember[] {
  if (ports.length < count * PORTS_PER_MEMBER) throw new Error(`need ${count * PORTS_PER_MEMBER} ports, got ${ports.length}`);
  return Array.from({ length: count }, (_, i): LabMember => {
    const name = `etcd-${i}`;
    const port = (offset: number) => ports[i * PORTS_PER_MEMBER + offset];
    return {
      name,
      clientUrl: `http://127.0.0.1:${port(0)}`,
      peerUrl: `http://127.0.0.1:${port(1)}`,
      metricsUrl: `http://127.0.0.1:${port(2)}`,
      dataDir: join(dir, `${name}.etcd`),
      logFile: join(dir, `${name}.log`),
    };
  });
}

export function memberArgs(member: LabMember, plan: ClusterPlan): string[] {
  const initialCluster = plan.members.map((m) => `${m.name}=${m.peerUrl}`).join(',');
  const args = [
    `--name=${member.name}`,
    `--data-dir=${member.dataDir}`,
    `--listen-client-urls=${member.clientUrl}`,
    `--advertise-client-urls=${member.clientUrl}`,
    `--listen-peer-urls=${member.peerUrl}`,
    `--initial-advertise-peer-urls=${member.peerUrl}`,
    `--listen-metrics-urls=${member.metricsUrl}`,
    `--initial-cluster=${initialCluster}`,
    `--initial-cluster-token=${plan.token}`,
    '--initial-cluster-state=new',
    '--logger=zap',
    '--log-outputs=stderr',
  ];
  if (plan.quotaBytes !== undefined) args.push(`--quota-backend-bytes=${plan.quotaBytes}`);
  return args;
}

/**
 * Through `setpriv --pdeathsig KILL` when there is one: the kernel then kills the member when
 * etcdtop dies, even by SIGKILL, where no handler of ours can run. setpriv execs etcd, so the
 * pid is etcd's.
 */
export function spawnCommand(etcdBin: string, args: readonly string[], setpriv: string | undefined): [string, string[]] {
  return setpriv === undefined ? [etcdBin, [...args]] : [setpriv, ['--pdeathsig', 'KILL', '--', etcdBin, ...args]];
}
