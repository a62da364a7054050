// `etcdtop status`: one round, printed as etcdctl's table (plus more) or as stable JSON.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { withOneRound } from './one-round.js';
import { statusJson, statusTable } from './status-report.js';

export function statusCommand(args: ConnectionArgs & { output: 'table' | 'json' } & Record<string, unknown>): Promise<number> {
  return withOneRound(args, (report) => {
    if (report.unreachable) {
      reportProblem(report.unreachable);
      return EXIT_UNKNOWN;
    }
    process.stdout.write(args.output === 'json' ? `${JSON.stringify(statusJson(report), null, 2)}\n` : statusTable(report));
    return 0;
  });
}
