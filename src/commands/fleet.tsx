// `etcdtop fleet --prometheus URL`: one row per etcd cluster the backend knows, refreshed every
// 30 s by the same ~20 instant queries whatever the fleet's size. Read-only: the one way to act is
// `m`, which hands the terminal to today's live monitor (read-only) on a cluster listed in
// --clusters, and takes it back when the monitor quits.
import '../ui/terminal/interactive-env.js';
import { spawnSync } from 'node:child_process';
import { render } from 'ink';
import { appendLog, resolveLogPath } from '../cli/log-file.js';
import { prometheusConfig, type PrometheusArgs } from '../cli/prometheus-options.js';
import { routeWarningsToLog } from '../cli/process-hygiene.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { parseDuration } from '../config/duration.js';
import { loadClustersFile, monitorArgsFor, type ClusterSettings } from '../config/fleet-clusters.js';
import { collectHistory } from '../core/fleet/cluster-history.js';
import { collectFleet, createFleetMemory } from '../core/fleet/collect-fleet.js';
import { initialFleetState, reduceFleet } from '../core/fleet/fleet-state.js';
import { createPoller } from '../core/poller.js';
import { createStore } from '../core/store.js';
import { HttpPrometheusClient } from '../prometheus/client.js';
import { FleetApp } from '../ui/fleet/FleetApp.js';
import { DiffingScreen } from '../ui/terminal/diffing-screen.js';
import { enterTerminal } from '../ui/terminal/terminal-session.js';
import { colorWanted } from '../ui/theme.js';

export interface FleetArgs extends PrometheusArgs, Record<string, unknown> {
  refresh: string;
  clusters?: string;
  color: boolean;
  log?: string;
}

export async function fleetCommand(args: FleetArgs): Promise<number> {
  const refreshMs = parseDuration(args.refresh);
  if (refreshMs === undefined || refreshMs < 1000) {
    reportProblem({ message: `invalid --refresh '${args.refresh}'`, hint: 'use a duration of at least 1s, e.g. 30s (the default) or 1m' });
    return EXIT_UNKNOWN;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    reportProblem({ message: 'the fleet screen needs an interactive terminal', hint: "use 'etcdtop check --prometheus URL' in scripts and cron" });
    return EXIT_UNKNOWN;
  }
  const config = await prometheusConfig(args);
  if (!config.ok) {
    reportProblem(config.problem);
    return EXIT_UNKNOWN;
  }
  let endpointsByCluster: Record<string, ClusterSettings> = {};
  if (args.clusters) {
    const file = await loadClustersFile(args.clusters);
    if (!file.ok) {
      reportProblem(file.problem);
      return EXIT_UNKNOWN;
    }
    endpointsByCluster = file.clusters;
  }
  const logPath = resolveLogPath(args.log);
  routeWarningsToLog(logPath);
  const client = new HttpPrometheusClient(config.settings);
  const store = createStore(initialFleetState(thresholdsFromArgs(args)), reduceFleet);
  // Kept across refreshes: what a recording rule covers and when silent clusters were last seen.
  const memory = createFleetMemory();
  const poller = createPoller({
    intervalMs: refreshMs,
    round: () => collectFleet(client, config.query, Date.now, memory),
    onResult: (result) => store.dispatch(result.ok ? { type: 'round', round: result.round } : { type: 'failed', failure: result.failure, atMs: Date.now() }),
    onError: (error) => appendLog(logPath, `fleet refresh failed: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const loadHistory = (name: string) => {
    const clusterLabel = store.getState().round?.clusterLabel ?? config.query.clusterLabel;
    void collectHistory(client, { clusterLabel, etcdSelector: config.query.etcdSelector, clusters: [name] }, Date.now() / 1000)
      .then((history) => store.dispatch({ type: 'history', name, history }));
  };
  const monitorUnavailable = (name: string) =>
    endpointsByCluster[name] ? undefined : args.clusters ? `no entry for "${name}" in ${args.clusters}` : 'give --clusters FILE with its endpoints';
  for (;;) {
    const opened = await runScreen({ store, poller, refreshMs, backendUrl: config.settings.baseUrl, color: colorWanted(args.color), loadHistory, monitorUnavailable, logPath });
    if (opened === undefined) return 0;
    const settings = endpointsByCluster[opened];
    if (!settings) continue;
    // The monitor owns the terminal until it quits; the fleet stops refreshing meanwhile.
    spawnSync(process.execPath, [process.argv[1] ?? 'etcdtop', ...monitorArgsFor(settings), ...(args.log ? ['--log', args.log] : [])], { stdio: 'inherit' });
  }
}

interface ScreenOptions {
  store: ReturnType<typeof createStore<ReturnType<typeof initialFleetState>, Parameters<typeof reduceFleet>[1]>>;
  poller: ReturnType<typeof createPoller>;
  refreshMs: number;
  backendUrl: string;
  color: boolean;
  loadHistory: (name: string) => void;
  monitorUnavailable: (name: string) => string | undefined;
  logPath: string;
}

/** Runs the fleet screen until quit (undefined) or until the live monitor is asked for (the cluster's name). */
async function runScreen(options: ScreenOptions): Promise<string | undefined> {
  const { store, poller, logPath } = options;
  let opened: string | undefined;
  const screen = new DiffingScreen(process.stdout);
  const session = enterTerminal(process.stdout, process.stdin, {
    onSignal: (signal) => {
      appendLog(logPath, `received ${signal}, exiting`);
      instance.unmount();
    },
    onFatal: (error) => {
      appendLog(logPath, `fatal: ${error instanceof Error ? error.stack : String(error)}`);
      process.stderr.write(`etcdtop: internal error: ${error instanceof Error ? error.message : String(error)} (details in ${logPath})\n`);
      process.exit(1);
    },
  });
  const instance = render(
    <FleetApp store={store} backendUrl={options.backendUrl} refreshMs={options.refreshMs} color={options.color}
      refreshNow={() => poller.pollNow()} loadHistory={options.loadHistory} monitorUnavailable={options.monitorUnavailable}
      openMonitor={(name) => {
        opened = name;
        instance.unmount();
      }} />,
    { stdout: screen as unknown as NodeJS.WriteStream, stdin: process.stdin, stderr: process.stderr, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  poller.start();
  try {
    await instance.waitUntilExit();
  } finally {
    poller.stop();
    screen.dispose();
    session.restore();
  }
  return opened;
}
