// `etcdtop` with no command: the full-screen live monitor. The first frame is drawn before the
// etcd client (grpc, protobuf) is even loaded, then polling starts; every poll round is one
// store dispatch, hence one React commit.
import '../ui/terminal/interactive-env.js';
import { render } from 'ink';
import type { ConnectionArgs } from '../cli/connection-options.js';
import { appendLog, resolveLogPath } from '../cli/log-file.js';
import type { MonitorArgs } from '../cli/monitor-options.js';
import { routeWarningsToLog, signalExitCode } from '../cli/process-hygiene.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { parseDuration } from '../config/duration.js';
import { initialMonitorState, reduceMonitor } from '../core/monitor-state.js';
import { createPoller } from '../core/poller.js';
import { createStore } from '../core/store.js';
import { App } from '../ui/App.js';
import { colorWanted } from '../ui/theme.js';
import { DiffingScreen } from '../ui/terminal/diffing-screen.js';
import { enterTerminal } from '../ui/terminal/terminal-session.js';
import { openConnection, resolveConfig } from './connect.js';
import { createMaintenancePort } from './maintenance-port.js';
import { refreshCertificates } from './certificate-refresher.js';
import { resolveAuditPath } from '../cli/audit-log.js';
import type { MaintenancePort } from '../ui/maintenance-port.js';
import type { RoundSource } from '../record/round-source.js';
import { withOperationsRecorded } from '../record/recording-store.js';
import { openRecorder } from '../record/recording-writer.js';
import { startHeapLog } from '../cli/heap-log.js';

/** One hour of samples at the default 1 s interval (the history's fixed capacity). */
const HISTORY_CAPACITY = 3600;

export async function monitorCommand(args: ConnectionArgs & MonitorArgs & Record<string, unknown>): Promise<number> {
  const intervalMs = parseDuration(args.interval);
  if (intervalMs === undefined || intervalMs < 100) {
    reportProblem({ message: `invalid --interval '${args.interval}'`, hint: 'use a duration of at least 100ms, e.g. 500ms, 1s, 2s' });
    return EXIT_UNKNOWN;
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    reportProblem({ message: 'the live monitor needs an interactive terminal', hint: "use 'etcdtop status' or 'etcdtop check' in scripts and cron" });
    return EXIT_UNKNOWN;
  }
  const resolved = await resolveConfig(args);
  if (!resolved.ok) {
    reportProblem(resolved.problem);
    return EXIT_UNKNOWN;
  }
  const logPath = resolveLogPath(args.log);
  routeWarningsToLog(logPath);
  return runMonitor({ args, config: resolved.config, intervalMs, logPath });
}

type RunOptions = {
  args: MonitorArgs & Record<string, unknown>;
  intervalMs: number;
  logPath: string;
  // Rounds come from polling the cluster, or from a source such as a recording (`etcdtop replay`).
} & ({ config: import('../config/connection-config.js').ConnectionConfig; source?: undefined } | { config?: undefined; source: RoundSource });

export async function runMonitor({ args, config, intervalMs, logPath, source }: RunOptions): Promise<number> {
  const defragMs = parseDuration(args.defragTimeout ?? '120s');
  if (defragMs === undefined || defragMs < 1000) {
    reportProblem({ message: `invalid --defrag-timeout '${String(args.defragTimeout)}'`, hint: 'use a duration of at least 1s, e.g. 60s, 5m (a large DB can take minutes)' });
    return EXIT_UNKNOWN;
  }
  const recording = args.record && config ? openRecorder(args.record, { intervalMs, endpoints: config.endpoints }) : undefined;
  if (recording && !recording.ok) {
    reportProblem(recording.problem);
    return EXIT_UNKNOWN;
  }
  const recorder = recording?.recorder;
  const store = createStore(initialMonitorState({ historyCapacity: HISTORY_CAPACITY, thresholds: thresholdsFromArgs(args) }), reduceMonitor);
  let collect: (() => ReturnType<typeof import('../core/collect-snapshot.js').collectSnapshot>) | undefined;
  const poller = source?.attach(store) ?? createPoller({
    intervalMs,
    round: () => (collect ? collect() : Promise.reject(new Error('not connected'))),
    onResult: (snapshot) => {
      store.dispatch({ type: 'round', snapshot });
      const note = recorder?.record(snapshot);
      if (note) store.dispatch({ type: 'note', event: note });
    },
    onError: (error) => appendLog(logPath, `poll round failed: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const screen = new DiffingScreen(source?.terminal(process.stdout) ?? process.stdout);
  let exitCode = 0;
  const session = enterTerminal(process.stdout, process.stdin, {
    onSignal: (signal) => {
      appendLog(logPath, `received ${signal}, exiting`);
      // A signal from outside (kill, systemd, a closing terminal) exits as shells expect, 128 + its
      // number; Ctrl-C typed in the monitor is a key (raw mode) and quits with 0, like q, k9s and htop.
      exitCode = signalExitCode(signal);
      instance.unmount();
    },
    onFatal: (error) => {
      appendLog(logPath, `fatal: ${error instanceof Error ? error.stack : String(error)}`);
      process.stderr.write(`etcdtop: internal error: ${error instanceof Error ? error.message : String(error)} (details in ${logPath})\n`);
      process.exit(1);
    },
  });
  // The App's and the maintenance port's: what the operator does is recorded with the rounds.
  const operatorStore = recorder ? withOperationsRecorded(store, recorder) : store;
  const app = (maintenance?: MaintenancePort) => {
    const root = (
      <App store={operatorStore} poller={poller} readOnly={args.readOnly} color={colorWanted(args.color)} now={source?.now}
        tlsUnverified={config?.tls?.insecureSkipVerify === true} {...(maintenance ? { maintenance } : {})} />
    );
    return source ? source.frame(root) : root;
  };
  const instance = render(
    app(),
    { stdout: screen as unknown as NodeJS.WriteStream, stdin: process.stdin, stderr: process.stderr, debug: true, exitOnCtrlC: false, patchConsole: false },
  );
  const connection = config ? await openConnection(config, { defragMs }) : undefined;
  collect = connection?.collect;
  const stopCertificates = config && connection
    ? refreshCertificates(store, config, (error) => appendLog(logPath, `reading certificates failed: ${error instanceof Error ? error.stack : String(error)}`))
    : undefined;
  const maintenance = args.readOnly || !connection ? undefined : createMaintenancePort({
    gateway: connection.gateway, store: operatorStore, collect: connection.collect, poller, auditPath: resolveAuditPath(args.auditLog), logPath,
  });
  instance.rerender(app(maintenance));
  poller.start();
  const stopHeapLog = startHeapLog();
  try {
    await instance.waitUntilExit();
  } catch (error) {
    appendLog(logPath, `monitor stopped on error: ${error instanceof Error ? error.stack : String(error)}`);
    exitCode = 1;
  } finally {
    stopHeapLog();
    poller.stop();
    stopCertificates?.();
    connection?.gateway.close();
    recorder?.close();
    screen.dispose();
    session.restore();
  }
  return exitCode;
}
