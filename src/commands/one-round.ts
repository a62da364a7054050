// What `status` and `check` share: connect, poll once, judge the round, always close the clients.
// A configuration problem is reported here (one line, exit 3); the command only prints the round.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { initialLatencyWindow, nextLatencyWindow } from '../core/latency-window.js';
import { analyseRound, type RoundReport } from './analyse-round.js';
import { connect } from './connect.js';

export interface OneRoundOptions {
  /**
   * Take a second round this long after the first and judge latency over the time between
   * them (`check`); 0 or absent: one round, latency since each member started (`status`).
   */
  latencyWindowMs?: number;
}

export async function withOneRound(args: ConnectionArgs & Record<string, unknown>, print: (report: RoundReport) => number, options: OneRoundOptions = {}): Promise<number> {
  const connected = await connect(args);
  if (!connected.ok) {
    reportProblem(connected.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect } = connected.connection;
  try {
    const thresholds = thresholdsFromArgs(args);
    const first = await collect();
    const windowMs = options.latencyWindowMs ?? 0;
    // Nothing answered: a second round would only wait to say the same.
    const second = windowMs > 0 && first.members.some((sample) => sample.metrics?.ok);
    let report: RoundReport;
    if (second) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      report = analyseRound(await collect({ freshMetrics: true }), thresholds, nextLatencyWindow(initialLatencyWindow(), first));
    } else {
      report = analyseRound(first, thresholds);
    }
    return print(connected.connection.config.tls?.insecureSkipVerify ? { ...report, tlsUnverified: true } : report);
  } finally {
    gateway.close();
  }
}
