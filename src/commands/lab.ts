// `etcdtop lab`: a throw-away etcd cluster on 127.0.0.1 with the monitor open on it, for
// learning the screen and the repair keys without a real cluster at stake. Bad input is
// reported before anything starts; once the members run, nothing is printed (the monitor owns
// the screen), and however etcdtop ends the members stop and their folder is deleted.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { MonitorArgs } from '../cli/monitor-options.js';
import { appendLog, resolveLogPath } from '../cli/log-file.js';
import { routeWarningsToLog } from '../cli/process-hygiene.js';
import { EXIT_UNKNOWN, reportProblem, type Problem } from '../cli/report-problem.js';
import type { ConnectionConfig } from '../config/connection-config.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_DIAL_TIMEOUT_MS } from '../config/connection-settings.js';
import { parseDuration } from '../config/duration.js';
import { formatBytesIEC } from '../core/format.js';
import { etcdVersion, findEtcdBinary } from '../lab/etcd-binary.js';
import { LabCluster, startLabCluster } from '../lab/lab-cluster.js';
import { labSettingsFromArgs, type LabArgs, type LabSettings, type LoadSettings } from '../lab/lab-options.js';
import { createLoadGenerator, type LoadGenerator } from '../lab/load-generator.js';
import { guardProcesses } from '../lab/process-guard.js';
import { sweepStaleLabs } from '../lab/stale-labs.js';
import { openConnection } from './connect.js';

type Args = LabArgs & MonitorArgs & Record<string, unknown>;

function problem(p: Problem): number {
  reportProblem(p);
  return EXIT_UNKNOWN;
}

export async function labCommand(args: Args): Promise<number> {
  const parsed = labSettingsFromArgs(args);
  if (!parsed.ok) return problem(parsed.problem);
  const intervalMs = parseDuration(args.interval);
  if (intervalMs === undefined || intervalMs < 100) {
    return problem({ message: `invalid --interval '${args.interval}'`, hint: 'use a duration of at least 100ms, e.g. 500ms, 1s, 2s' });
  }
  const binary = findEtcdBinary({ flag: parsed.settings.etcdBin, pathEnv: process.env.PATH });
  if (!binary.ok) return problem(binary.problem);
  const version = await etcdVersion(binary.path);
  if (!version.ok) return problem(version.problem);
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    return problem({ message: 'the lab opens the live monitor, which needs an interactive terminal', hint: 'run it in a terminal (it starts etcd members only for as long as the monitor is open)' });
  }
  const logPath = resolve(resolveLogPath(args.log));
  routeWarningsToLog(logPath);
  for (const dir of sweepStaleLabs(tmpdir())) appendLog(logPath, `lab: removed ${dir}, left by an etcdtop that was killed`);
  return runLab({ args, settings: parsed.settings, etcdBin: binary.path, etcdVersion: version.version, intervalMs, logPath });
}

interface LabRun {
  args: Args;
  settings: LabSettings;
  etcdBin: string;
  etcdVersion: string;
  intervalMs: number;
  logPath: string;
}

async function runLab(run: LabRun): Promise<number> {
  const { settings, logPath } = run;
  let cluster: LabCluster | undefined;
  const guard = guardProcesses({
    current: () => cluster,
    onSignal: (signal) => appendLog(logPath, `lab: received ${signal}, stopping the members`),
  });
  try {
    const started = await startLabCluster({
      etcdBin: run.etcdBin,
      members: settings.members,
      ...(settings.quotaBytes !== undefined ? { quotaBytes: settings.quotaBytes } : {}),
      onCreated: (created) => {
        if (cluster === undefined) process.stderr.write(`${startingLine(run, created.dir)}\n`);
        appendLog(logPath, `lab: starting ${membersOf(settings.members)} of ${run.etcdBin} (etcd ${run.etcdVersion}) in ${created.dir}`);
        cluster = created;
      },
    });
    if (!started.ok) return problem(started.problem);
    appendLog(logPath, `lab: ${membersOf(settings.members)} of etcd ${run.etcdVersion} serving, data and logs in ${started.cluster.dir}`);
    return await monitorLab(run, started.cluster);
  } finally {
    await cluster?.stop();
    guard.dispose();
  }
}

function startingLine(run: LabRun, dir: string): string {
  return `etcdtop lab: starting ${membersOf(run.settings.members)} (etcd ${run.etcdVersion}) on 127.0.0.1 in ${dir}…`;
}

const membersOf = (count: number) => `${count} member${count === 1 ? '' : 's'}`;

export function labConnectionConfig(cluster: Pick<LabCluster, 'members' | 'dir'>): ConnectionConfig {
  return {
    endpoints: cluster.members.map((m) => m.clientUrl),
    dialTimeoutMs: DEFAULT_DIAL_TIMEOUT_MS,
    commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
    metricsUrls: cluster.members.map((m) => `${m.metricsUrl}/metrics`),
    source: `etcdtop lab (${cluster.dir})`,
  };
}

async function monitorLab(run: LabRun, cluster: LabCluster): Promise<number> {
  const config = labConnectionConfig(cluster);
  const { runMonitor } = await import('./monitor.js');
  // Not awaited: the monitor draws its first frame while the etcd client loads for both.
  const loading = run.settings.load ? startLoad(config, run.settings.load, run.logPath) : undefined;
  const args = { ...withAbsolutePaths(run.args), log: run.logPath };
  args.auditLog ??= join(cluster.dir, 'audit.log');
  const previousCwd = process.cwd();
  // The recovery's snapshot (and `s`) default to the working folder: the lab's, so they go with it.
  process.chdir(cluster.dir);
  try {
    return await runMonitor({ args, config, intervalMs: run.intervalMs, logPath: run.logPath });
  } finally {
    process.chdir(previousCwd);
    (await loading)?.stop();
  }
}

/** Monitor flags that name files (--record included): relative to where the operator typed them, not the lab folder. */
const PATH_FLAGS = ['auditLog', 'log', 'record'] as const;

function withAbsolutePaths(args: Args): Args {
  const copy: Args = { ...args };
  for (const flag of PATH_FLAGS) {
    const value = copy[flag];
    if (typeof value === 'string' && value !== '') copy[flag] = resolve(value);
  }
  return copy;
}

async function startLoad(config: ConnectionConfig, settings: LoadSettings, logPath: string): Promise<{ stop(): void } | undefined> {
  const opened = await openConnection(config).catch((error: unknown) => {
    appendLog(logPath, `lab: no load, the etcd client did not load: ${error instanceof Error ? error.stack : String(error)}`);
    return undefined;
  });
  if (!opened) return undefined;
  const { gateway } = opened;
  const generator: LoadGenerator = createLoadGenerator({
    gateway,
    endpoints: config.endpoints,
    ...settings,
    onEvent: (message) => appendLog(logPath, `lab: ${message}`),
  });
  appendLog(logPath, `lab: load of ${formatBytesIEC(settings.bytesPerSecond)}/s in ${formatBytesIEC(settings.valueBytes)} values over ${settings.keyCount} keys`);
  generator.start();
  return {
    stop() {
      generator.stop();
      gateway.close();
      const { puts, bytesWritten } = generator.stats();
      appendLog(logPath, `lab: load stopped after ${puts} puts (${formatBytesIEC(bytesWritten)})`);
    },
  };
}
