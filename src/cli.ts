// Command-line entry: yargs turns argv into a command and its options; the command modules do
// the work. Heavy modules (etcd3/grpc, Ink) are imported inside the handlers so `--help` and
// bad-input errors answer instantly.
import yargs, { type Argv, type FallbackCompletionFunction } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CONNECTION_GROUP, connectionOptions } from './cli/connection-options.js';
import { exitOnSignals, hidePasswordFromProcessList, routeWarningsToLog } from './cli/process-hygiene.js';
import { hideSplash, showSplash } from './ui/terminal/splash.js';
import { EXIT_UNKNOWN, describeUnexpected, exitWith, reportProblem } from './cli/report-problem.js';
import { THRESHOLD_GROUP, checkThresholdArgs, thresholdOptions } from './cli/threshold-options.js';
import { UsageProblem } from './cli/usage-problem.js';
import { explainParseFailure } from './cli/suggest.js';
import { monitorOptions } from './cli/monitor-options.js';
import { PROMETHEUS_GROUP, prometheusOptions } from './cli/prometheus-options.js';
import { versionLine } from './cli/version.js';
import { MAINTENANCE_GROUP, defragOptions, maintenanceOptions } from './cli/maintenance-options.js';
import { LAB_GROUP, labCommandOptions, labOptions } from './lab/lab-options.js';
import { skipCommandHelpCache } from './cli/skip-help-cache.js';
import { abandonCommands, run } from './cli/run-command.js';

routeWarningsToLog();
hidePasswordFromProcessList(process.argv.slice(2));
exitOnSignals(() => hideSplash());

function withConnection<T>(argv: Argv<T>) {
  return argv.options(connectionOptions).group(Object.keys(connectionOptions), CONNECTION_GROUP);
}

function withPrometheus<T>(argv: Argv<T>) {
  return argv.options(prometheusOptions).group(Object.keys(prometheusOptions), PROMETHEUS_GROUP);
}

function withThresholds<T>(argv: Argv<T>) {
  return argv.options(thresholdOptions).group(Object.keys(thresholdOptions), THRESHOLD_GROUP).check(checkThresholdArgs);
}

// yargs offers the default command's placeholder name, "$0", as a command to complete.
const withoutPlaceholder: FallbackCompletionFunction = (_current, _argv, completionFilter, done) => {
  completionFilter((_error, completions) => done((completions ?? []).filter((completion) => completion !== '$0')));
};

/**
 * Loads a command that draws the screen (the monitor, replay, lab) once the terminal's environment
 * is settled: Ink and chalk read CI and colour variables when they load (see interactive-env).
 * The built app loads Ink from a chunk of its own, which would be evaluated before the monitor
 * module's first import; importing the settling module first keeps the order in every build.
 */
async function screenCommand<T>(load: () => Promise<T>, options: { optimizingCompilers: boolean } = { optimizingCompilers: false }): Promise<T> {
  await import('./ui/terminal/interactive-env.js');
  // Before Ink and React load: their loading is what would grow it first.
  (await import('./cli/young-generation.js')).keepYoungGenerationSmall();
  // Kept where a screen does real work in bursts: replay's seeks, fleet's 500-cluster answers.
  if (!options.optimizingCompilers) (await import('./cli/interpreter-only.js')).interpretOnly();
  return load();
}

const cli = yargs(hideBin(process.argv))
  .scriptName('etcdtop')
  .usage('$0 [command] [options]\n\nLive monitor and repair console for etcd clusters.')
  .command(
    '$0',
    'Open the live monitor (default)',
    (y) => withThresholds(withConnection(y)).options(monitorOptions)
      .example('$0', 'monitor the local member found in /etc/kubernetes/pki/etcd (kubeadm) or k3s/RKE2/Kubespray paths')
      .example('$0 --endpoints https://10.0.0.1:2379 --cacert ca.crt --cert client.crt --key client.key', 'monitor a cluster with mTLS')
      .example('$0 --read-only', 'a war-room screen on which no key changes anything'),
    (args) => run(async () => {
      showSplash();
      return (await screenCommand(() => import('./commands/monitor.js'))).monitorCommand(args);
    }),
  )
  .command(
    'status',
    'Print every member\u2019s status once (like etcdctl endpoint status --cluster) and exit',
    (y) => withThresholds(withConnection(y))
      .option('output', { alias: ['o', 'w', 'write-out'], choices: ['table', 'json'] as const, default: 'table' as const, describe: 'Output format' })
      .example('$0 status', 'table of every member, discovered from one endpoint')
      .example('$0 status -o json | jq .verdict', 'machine-readable status with the health verdict'),
    (args) => run(async () => (await import('./commands/status.js')).statusCommand(args)),
  )
  .command(
    'check',
    'One health verdict for scripts and cron: exit 0 ok, 1 warning, 2 critical, 3 unknown',
    (y) => withPrometheus(withThresholds(withConnection(y)))
      .option('latency-window', { type: 'string', default: '2s', describe: 'When a p99 since start is over its threshold, scrape /metrics again this much later and judge only that window (0: judge since each member started)' })
      .option('cluster', { type: 'string', group: PROMETHEUS_GROUP, describe: 'With --prometheus: check only this cluster' })
      .option('output', { alias: ['o', 'w', 'write-out'], choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .example('$0 check', 'one verdict line, then one line per finding with its remedy')
      .example('$0 check --db-warn-percent 70 || mail -s "etcd" ops@example.com', 'cron: mail when not OK')
      .example('$0 check --prometheus http://prometheus:9090', 'every cluster in Prometheus: one line per cluster not OK'),
    (args) => run(async () => (args.prometheus === undefined
      ? (await import('./commands/check.js')).checkCommand(args)
      : (await import('./commands/fleet-check.js')).fleetCheckCommand(args))),
  )
  .command(
    'fleet',
    'One row per etcd cluster from Prometheus, Thanos, Mimir or VictoriaMetrics, worst first (read-only)',
    (y) => withThresholds(withPrometheus(y))
      .options({
        refresh: { type: 'string', default: '30s', describe: 'How often to query the backend' },
        clusters: { type: 'string', describe: 'YAML/JSON file mapping cluster names to endpoints and certificates, to open the live monitor' },
        color: monitorOptions.color,
        log: monitorOptions.log,
      })
      .example('$0 fleet --prometheus http://prometheus-operated.monitoring:9090', 'kube-prometheus-stack')
      .example('$0 fleet --prometheus https://mimir.example.com/prometheus --prometheus-header "X-Scope-OrgID: platform"', 'Mimir, one tenant'),
    (args) => run(async () => (await screenCommand(() => import('./commands/fleet.js'), { optimizingCompilers: true })).fleetCommand(args)),
  )
  .command(
    'defrag',
    'Defragment members the safe way (followers one at a time, leader last); exit 0 done, 1 refused, 2 failed, 3 bad input',
    (y) => withConnection(y).options(defragOptions).group(Object.keys(defragOptions), MAINTENANCE_GROUP)
      .example('$0 defrag', 'every member, as etcdctl defrag --cluster, but one at a time with a health check between')
      .example('$0 defrag --if-unused-over-percent 50 --if-db-over-percent 60', 'cron: only members that meet a condition')
      .example('$0 defrag --dry-run', 'say what would be done and why'),
    (args) => run(async () => (await import('./commands/defrag.js')).defragCommand(args)),
  )
  .command(
    'snapshot <file>',
    'Save a snapshot of the keyspace from --member or the leader; exit 0 saved, 1 refused, 2 failed, 3 bad input',
    (y) => withConnection(y).options(maintenanceOptions).group(Object.keys(maintenanceOptions), MAINTENANCE_GROUP)
      .positional('file', { type: 'string', demandOption: true, describe: 'Where to write it (written as FILE.part, renamed when complete)' })
      .example('$0 snapshot /var/backups/etcd.db', 'from the leader; prints size, revision and sha256'),
    (args) => run(async () => (await import('./commands/snapshot.js')).snapshotCommand(args)),
  )
  .command(
    'replay <file>',
    'Play back a recording made with --record FILE in the monitor (read-only)',
    (y) => withThresholds(y)
      .options({ speed: { type: 'number', default: 1, describe: 'Playback speed: 2 is twice as fast (+ and - change it live)' }, color: monitorOptions.color, log: monitorOptions.log })
      .positional('file', { type: 'string', demandOption: true, describe: 'The recording (JSON lines written by --record)' })
      .example('$0 replay incident.jsonl', 'the recorded rounds at their recorded pace')
      .example('$0 replay incident.jsonl --speed 10', 'ten times as fast; r shows the next round at once'),
    (args) => run(async () => (await screenCommand(() => import('./commands/replay.js'), { optimizingCompilers: true })).replayCommand(args)),
  )
  .command(
    'lab',
    'Start a throw-away etcd cluster on 127.0.0.1 and open the monitor on it (deleted on quit)',
    (y) => withThresholds(y).options(labCommandOptions).group(Object.keys(labOptions), LAB_GROUP)
      .example('$0 lab', 'three local members, to learn the screen and the keys')
      .example('$0 lab --quota 16MiB --load', 'watch the DB fill up to NOSPACE, then press R to recover'),
    (args) => run(async () => (await screenCommand(() => import('./commands/lab.js'))).labCommand(args)),
  )
  .strict()
  .recommendCommands()
  .showHelpOnFail(false)
  .completion('completion', 'Print a bash/zsh completion script: source <(etcdtop completion)', withoutPlaceholder)
  .help()
  .alias('h', 'help')
  .version(versionLine())
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((message, error) => {
    abandonCommands();
    if (error instanceof UsageProblem) reportProblem(error.problem);
    // yargs' own parse errors (YError: "Not enough arguments following: …") are bad input, not bugs.
    else if (error && error.name !== 'YError') reportProblem(describeUnexpected(error));
    else reportProblem(explainParseFailure((message ?? error?.message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '), hideBin(process.argv)));
    void exitWith(EXIT_UNKNOWN);
  });

skipCommandHelpCache(cli);
await cli.parseAsync();
