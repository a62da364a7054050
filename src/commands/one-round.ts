// What `status` and `check` share: connect, poll once, judge the round, always close the clients.
// A configuration problem is reported here (one line, exit 3); the command only prints the round.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { renewalHints } from '../config/cert-renewal.js';
import { certificateFindings } from '../core/findings-certificates.js';
import { withFindings } from '../core/verdict.js';
import { analyseRound, type RoundReport } from './analyse-round.js';
import { connect } from './connect.js';
import { readCertificates } from './read-certificates.js';

export async function withOneRound(args: ConnectionArgs & Record<string, unknown>, print: (report: RoundReport) => number): Promise<number> {
  const connected = await connect(args);
  if (!connected.ok) {
    reportProblem(connected.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect, config } = connected.connection;
  try {
    const thresholds = thresholdsFromArgs(args);
    const report = analyseRound(await collect(), thresholds);
    if (report.unreachable) return print(report);
    // Certificates change rarely and cost a handshake each: read once, here, not every poll round.
    const certificates = await readCertificates(config, report.snapshot);
    const verdict = withFindings(report.verdict, report.snapshot, certificateFindings(certificates, thresholds, renewalHints(config)));
    return print({ ...report, certificates, verdict });
  } finally {
    gateway.close();
  }
}
