// What `status` and `check` share: connect, poll once, judge the round, always close the clients.
// A configuration problem is reported here (one line, exit 3); the command only prints the round.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { analyseRound, type RoundReport } from './analyse-round.js';
import { connect } from './connect.js';

export async function withOneRound(args: ConnectionArgs & Record<string, unknown>, print: (report: RoundReport) => number): Promise<number> {
  const connected = await connect(args);
  if (!connected.ok) {
    reportProblem(connected.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect } = connected.connection;
  try {
    const report = analyseRound(await collect(), thresholdsFromArgs(args));
    return print(connected.connection.config.tls?.insecureSkipVerify ? { ...report, tlsUnverified: true } : report);
  } finally {
    gateway.close();
  }
}
