// `etcdtop status`: one round, printed as etcdctl's table (plus more) or as stable JSON.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { analyseRound } from './analyse-round.js';
import { connect } from './connect.js';
import { statusJson, statusTable } from './status-report.js';

export async function statusCommand(args: ConnectionArgs & { output: 'table' | 'json' } & Record<string, unknown>): Promise<number> {
  const connected = await connect(args);
  if (!connected.ok) {
    reportProblem(connected.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect } = connected.connection;
  try {
    const snapshot = await collect();
    const report = analyseRound(snapshot, thresholdsFromArgs(args));
    if (report.unreachable) {
      reportProblem(report.unreachable);
      return EXIT_UNKNOWN;
    }
    const text = args.output === 'json' ? `${JSON.stringify(statusJson(report), null, 2)}\n` : statusTable(report);
    process.stdout.write(text);
    return 0;
  } finally {
    gateway.close();
  }
}
