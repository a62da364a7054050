// What the figures were measured on: they mean little without the machine and the versions.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  date: string;
  nproc: number;
  /** 1-minute load average when the bench started; see BenchResults for the end. */
  loadAvgAtStart: number;
  cpuModel: string;
  memTotalMb: number;
  kernel: string;
  node: string;
  etcd: string;
  etcdctl: string;
  tmux: string;
  /** undefined when htop is not installed (and could not be). */
  htop: string | undefined;
  /** The commit the working tree is based on; "+dirty" when it has uncommitted changes. */
  commit: string;
  /**
   * NODE_EXTRA_CA_CERTS as the bench found it and passes it on: Node 20 parses that file (and its
   * own roots) at every start, before any JavaScript, 30 ms with this machine's 144-certificate
   * bundle (bench/README.md, "seventh pass"); etcdctl and Node ≥ 22 read it only for TLS.
   */
  nodeExtraCaCerts: string | undefined;
}

function firstLine(file: string, args: string[], cwd?: string): string | undefined {
  try {
    const out = execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return out.split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

function commitOf(root: string): string {
  const head = firstLine('git', ['rev-parse', '--short', 'HEAD'], root) ?? 'unknown';
  const dirty = firstLine('git', ['status', '--porcelain'], root) !== undefined;
  return dirty ? `${head}+dirty` : head;
}

/** htop's version, installing it with apt-get first when absent and we may (root). */
export function ensureHtop(log: (line: string) => void): string | undefined {
  const version = (): string | undefined => firstLine('htop', ['--version']);
  if (version() !== undefined) return version();
  if (process.getuid?.() !== 0 || firstLine('apt-get', ['--version']) === undefined) return undefined;
  log('htop is not installed: apt-get install -y htop …');
  try {
    execFileSync('apt-get', ['install', '-y', 'htop'], { stdio: 'ignore', timeout: 120_000 });
  } catch {
    return undefined;
  }
  return version();
}

export function describeMachine(root: string, htop: string | undefined): MachineInfo {
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    loadAvgAtStart: loadavg()[0] ?? Number.NaN,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memTotalMb: Math.round(totalmem() / 2 ** 20),
    kernel: release(),
    node: process.version,
    etcd: firstLine('etcd', ['--version'])?.replace(/^etcd Version:\s*/, '') ?? 'unknown',
    etcdctl: firstLine('etcdctl', ['version'])?.replace(/^etcdctl version:\s*/, '') ?? 'unknown',
    tmux: firstLine('tmux', ['-V']) ?? 'unknown',
    htop,
    commit: commitOf(root),
    nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS || undefined,
  };
}
