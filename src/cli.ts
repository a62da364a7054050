// Command-line entry: yargs turns argv into a command and its options; the command modules do
// the work. Heavy modules (etcd3/grpc, Ink) are imported inside the handlers so `--help` and
// bad-input errors answer instantly.
import yargs, { type Argv, type FallbackCompletionFunction } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { CONNECTION_GROUP, connectionOptions } from './cli/connection-options.js';
import { hidePasswordFromProcessList, routeWarningsToLog } from './cli/process-hygiene.js';
import { showSplash } from './ui/terminal/splash.js';
import { EXIT_UNKNOWN, describeUnexpected, exitWith, reportProblem } from './cli/report-problem.js';
import { THRESHOLD_GROUP, thresholdOptions } from './cli/threshold-options.js';
import { monitorOptions } from './cli/monitor-options.js';
import { MAINTENANCE_GROUP, defragOptions, maintenanceOptions } from './cli/maintenance-options.js';
import { LAB_GROUP, labCommandOptions, labOptions } from './lab/lab-options.js';

routeWarningsToLog();
hidePasswordFromProcessList(process.argv.slice(2));

function withConnection<T>(argv: Argv<T>) {
  return argv.options(connectionOptions).group(Object.keys(connectionOptions), CONNECTION_GROUP);
}

function withThresholds<T>(argv: Argv<T>) {
  return argv.options(thresholdOptions).group(Object.keys(thresholdOptions), THRESHOLD_GROUP);
}

// yargs offers the default command's placeholder name, "$0", as a command to complete.
const withoutPlaceholder: FallbackCompletionFunction = (_current, _argv, completionFilter, done) => {
  completionFilter((_error, completions) => done((completions ?? []).filter((completion) => completion !== '$0')));
};

async function run(handler: () => Promise<number>): Promise<void> {
  let code: number;
  try {
    code = await handler();
  } catch (error) {
    reportProblem(describeUnexpected(error));
    code = EXIT_UNKNOWN;
  }
  await exitWith(code);
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
      return (await import('./commands/monitor.js')).monitorCommand(args);
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
    (y) => withThresholds(withConnection(y))
      .option('output', { alias: ['o', 'w', 'write-out'], choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
      .example('$0 check', 'one verdict line, then one line per finding with its remedy')
      .example('$0 check --db-warn-percent 70 || mail -s "etcd" ops@example.com', 'cron: mail when not OK'),
    (args) => run(async () => (await import('./commands/check.js')).checkCommand(args)),
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
    (args) => run(async () => (await import('./commands/replay.js')).replayCommand(args)),
  )
  .command(
    'lab',
    'Start a throw-away etcd cluster on 127.0.0.1 and open the monitor on it (deleted on quit)',
    (y) => withThresholds(y).options(labCommandOptions).group(Object.keys(labOptions), LAB_GROUP)
      .example('$0 lab', 'three local members, to learn the screen and the keys')
      .example('$0 lab --quota 16MiB --load', 'watch the DB fill up to NOSPACE, then press R to recover'),
    (args) => run(async () => (await import('./commands/lab.js')).labCommand(args)),
  )
  .strict()
  .recommendCommands()
  .showHelpOnFail(false)
  .completion('completion', 'Print a bash/zsh completion script: source <(etcdtop completion)', withoutPlaceholder)
  .help()
  .alias('h', 'help')
  .version()
  .wrap(Math.min(110, process.stdout.columns || 100))
  .fail((message, error) => {
    if (error) reportProblem(describeUnexpected(error));
    else reportProblem({ message: (message ?? 'invalid command line').replace(/\s*\n\s*/g, ' '), hint: "run 'etcdtop --help' (or 'etcdtop <command> --help') for the options" });
    void exitWith(EXIT_UNKNOWN);
  });

await cli.parseAsync();
