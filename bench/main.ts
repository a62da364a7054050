// `npm run bench`: etcdtop's one-shot commands against etcdctl, and its live monitor against
// htop, on one real 3-member etcd cluster on 127.0.0.1, in one run. Progress goes to stderr,
// the table to stdout and to bench/results/. Everything started here is stopped here: the
// cluster (and its own exit/signal safety net), the private tmux server, the scratch folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCluster, type TestCluster } from '../test/helpers/etcd-cluster.js';
import { benchFleet, renderFleetReport } from './fleet-bench.js';
import { benchExecutable, renderExecutable, unpackedExecutable, writeExecutableResults, type ExecutableFigures } from './executable.js';
import { measureFrameHeap, type FrameHeapResult } from './frame-heap.js';
import { runFaultSoak } from './fault-soak.js';
import { benchLiveMonitor, type LiveMonitorFigures } from './live-monitor.js';
import { describeMachine, ensureHtop } from './machine.js';
import { currentLtsNode, oneShotCommands, timeOneShots, warmUp, type OneShotRow, type OneShotSubjects } from './one-shot.js';
import { parseBenchArgs, USAGE, type BenchOptions } from './options.js';
import { renderReport, type BenchResults } from './report.js';
import { writeResults } from './results-file.js';
import { TmuxServer } from './tmux.js';

export interface MainInput {
  root: string;
  argv: string[];
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** A follower other than the member whose endpoint the commands are given. */
async function memberToFreeze(cluster: TestCluster): Promise<number> {
  const leader = await cluster.leaderIndex();
  return cluster.members.findIndex((_, i) => i !== 0 && i !== leader);
}

async function healthyPhase(cluster: TestCluster, options: BenchOptions, root: string, subjects: OneShotSubjects): Promise<OneShotRow[]> {
  const commands = oneShotCommands(root, cluster.endpoints[0]!, subjects);
  log('one-shot: warm-up run of each command');
  await warmUp(commands);
  log(`one-shot: ${options.healthyRuns} runs each, healthy cluster`);
  return timeOneShots(commands, options.healthyRuns, 'healthy');
}

async function frozenPhase(cluster: TestCluster, options: BenchOptions, root: string, frozen: number, subjects: OneShotSubjects): Promise<OneShotRow[]> {
  const commands = oneShotCommands(root, cluster.endpoints[0]!, subjects);
  log(`one-shot: ${options.runs} runs each, ${cluster.members[frozen]!.name} frozen (SIGSTOP)`);
  cluster.freeze(frozen);
  try {
    return await timeOneShots(commands, options.runs, 'one member frozen');
  } finally {
    cluster.thaw(frozen);
  }
}

/**
 * status and check on a cluster of their own that asks for client certificates (--cacert, --cert,
 * --key, as on a kubeadm node), side by side with etcdctl given the same files.
 */
async function mtlsPhase(options: BenchOptions, root: string, subjects: OneShotSubjects): Promise<OneShotRow[]> {
  log('starting a 3-member etcd cluster with client certificates (mTLS) on 127.0.0.1');
  const cluster = await startCluster({ members: 3, tls: true });
  try {
    const t = cluster.tls!;
    const commands = oneShotCommands(root, cluster.endpoints[0]!, subjects, ['--cacert', t.caCert, '--cert', t.clientCert, '--key', t.clientKey]);
    await warmUp(commands);
    log(`one-shot: ${options.healthyRuns} runs each, healthy mTLS cluster`);
    return await timeOneShots(commands, options.healthyRuns, 'healthy, mTLS');
  } finally {
    await cluster.stop();
  }
}

const INTERVAL_MS = 1_000;

async function frameHeapPhase(options: BenchOptions, root: string): Promise<FrameHeapResult | undefined> {
  if (options.frames === 0) return undefined;
  log(`retained heap: ${options.framesWarmup} + ${options.frames} frames of ${options.framesDist}/ui/Dashboard.js in a child process`);
  const result = await measureFrameHeap({
    root, distDir: options.framesDist, warmupFrames: options.framesWarmup, frames: options.frames, intervalMs: INTERVAL_MS,
  });
  if (!result.ok) log(`retained heap: ${result.problem}`);
  else log(`retained heap: ${(result.figures.retainedGrowthBytes / 1024).toFixed(1)} KB over ${options.frames} frames (${result.phaseSec.toFixed(0)} s)`);
  return result;
}

async function measureAll(options: BenchOptions, root: string, server: TmuxServer, workDir: string) {
  const htop = options.htop ? ensureHtop(log) : undefined;
  if (options.htop && htop === undefined) console.log('htop: not available');
  const machine = describeMachine(root, htop);
  // Before the cluster starts, so that its CPU time per frame does not share the machine with etcd.
  const frameHeap = await frameHeapPhase(options, root);
  // The executable's status and check run beside the npm build's and etcdctl's (no --no-exe, and
  // built), and the npm build's on the executable's Node too, when build:exe installed it.
  const subjects: OneShotSubjects = {
    executable: options.exe ? unpackedExecutable(root, workDir) : undefined,
    currentNode: currentLtsNode(root),
    withoutExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS),
  };
  log('starting a 3-member etcd cluster on 127.0.0.1');
  const cluster = await startCluster({ members: 3 });
  const measured = await (async () => {
    try {
      // Healthy one-shots first: they also warm the disk cache for the monitor's first frame.
      const healthy = await healthyPhase(cluster, options, root, subjects);
      const monitor: LiveMonitorFigures = await benchLiveMonitor(server, cluster, {
        root, workDir, htop: htop !== undefined, warmupSec: options.warmupSec,
        // --soak runs the fault soak below, on its own cluster, instead of sampling this monitor.
        windowSec: options.windowSec, soakMin: 0, firstFrameLaunches: options.firstFrameLaunches, log,
      });
      const executable: ExecutableFigures | undefined = options.exe
        ? await benchExecutable(server, cluster, { root, workDir, runs: options.runs, warmupSec: options.warmupSec, windowSec: options.windowSec, log })
        : undefined;
      // Last, so that a frozen member's recovery cannot disturb anything else.
      const frozen = await memberToFreeze(cluster);
      const oneShot = [...healthy, ...(await frozenPhase(cluster, options, root, frozen, subjects))];
      const clusterInfo = { members: cluster.members.length, endpoint: cluster.endpoints[0]!, frozenMember: cluster.members[frozen]!.name };
      return { machine, cluster: clusterInfo, oneShot, monitor, ...(frameHeap ? { frameHeap } : {}), executable };
    } finally {
      await cluster.stop();
    }
  })();
  // On a cluster of its own, once the first one is gone.
  return { ...measured, oneShot: [...measured.oneShot, ...(await mtlsPhase(options, root, subjects))] };
}

async function waitUntilGone(pids: number[], timeoutMs = 3_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (pids.some((pid) => existsSync(`/proc/${pid}`)) && performance.now() < deadline) await sleep(50);
}

export async function main({ root, argv }: MainInput): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv, root);
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.fleet === 'only') {
    console.log(renderFleetReport(await benchFleet(root, log)));
    return 0;
  }
  const started = performance.now();
  const workDir = mkdtempSync(join(tmpdir(), 'etcdtop-bench-'));
  mkdirSync(join(workDir, 'home'));
  const server = new TmuxServer(join(workDir, 'tmux.sock'));
  const cleanUp = () => {
    server.killServerNow();
    rmSync(workDir, { recursive: true, force: true });
  };
  // The programs in the panes log their SIGHUP into the scratch HOME as they go: let them go
  // before deleting it. The cluster helper's handler kills etcd at once; it re-raises the
  // signal only when no other handler is left, so this one stays registered (`on`, not `once`).
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    server.killServerNow();
    void waitUntilGone([...server.panePids]).finally(() => {
      cleanUp();
      process.exit(130);
    });
  };
  process.once('exit', cleanUp);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { executable, ...measured } = await measureAll(options, root, server, workDir);
    const faultSoak = options.soakMin > 0
      ? await runFaultSoak(server, { root, workDir, minutes: options.soakMin, intervalMs: INTERVAL_MS, log })
      : undefined;
    const { runs, healthyRuns, warmupSec, windowSec, soakMin, firstFrameLaunches, frames, framesWarmup } = options;
    const results: BenchResults = {
      ...measured,
      ...(faultSoak ? { faultSoak } : {}),
      settings: { runs, healthyRuns, warmupSec, windowSec, soakMin, firstFrameLaunches, intervalMs: INTERVAL_MS, frames, framesWarmup },
      loadAvgAtEnd: loadavg()[0] ?? Number.NaN,
      durationSec: (performance.now() - started) / 1000,
    };
    const fleetTable = options.fleet === 'on' ? `\n${renderFleetReport(await benchFleet(root, log))}` : '';
    const table = renderReport(results) + fleetTable;
    console.log(table);
    const files = await writeResults(options.outDir, results, table);
    if (executable !== undefined) {
      console.log(`\n${renderExecutable(executable)}`);
      files.push(...(await writeExecutableResults(options.outDir, executable)));
    }
    log(`wrote ${files.join(' and ')}`);
    return 0;
  } catch (error) {
    console.error(`bench: the bench itself broke: ${error instanceof Error ? error.stack : String(error)}`);
    return 1;
  } finally {
    server.killServerNow();
    await waitUntilGone([...server.panePids]);
    cleanUp();
  }
}
