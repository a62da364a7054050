// What `status` and `check` share: connect, poll once, judge the round, always close the clients.
// A configuration problem is reported here (one line, exit 3); the command only prints the round.
import type { ConnectionArgs } from '../cli/connection-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { thresholdsFromArgs } from '../cli/threshold-options.js';
import { initialLatencyWindow, nextLatencyWindow } from '../core/latency-window.js';
import type { FindingCode } from '../core/finding.js';
import { renewalHints } from '../config/cert-renewal.js';
import { certificateFindings } from '../core/findings-certificates.js';
import { withFindings } from '../core/verdict.js';
import { analyseRound, type RoundReport } from './analyse-round.js';
import { connect, oneShotTransport } from './connect.js';
import { readCertificates } from './read-certificates.js';

const LATENCY_CODES: ReadonlySet<FindingCode> = new Set(['slow-wal-fsync', 'slow-backend-commit', 'slow-peer-rtt']);

export interface OneRoundOptions {
  /**
   * When the first round finds latency over a threshold, take a second round this long after
   * it and judge latency over the time between them (`check`); 0 or absent: one round, latency
   * since each member started (`status`).
   */
  latencyWindowMs?: number;
}

export async function withOneRound(args: ConnectionArgs & Record<string, unknown>, print: (report: RoundReport) => number, options: OneRoundOptions = {}): Promise<number> {
  const connected = await connect(args, oneShotTransport());
  if (!connected.ok) {
    reportProblem(connected.problem);
    return EXIT_UNKNOWN;
  }
  const { gateway, collect, config } = connected.connection;
  try {
    const thresholds = thresholdsFromArgs(args);
    const first = await collect();
    let report = analyseRound(first, thresholds);
    if (report.unreachable) return print(report);
    const windowMs = options.latencyWindowMs ?? 0;
    // The second round costs the window (and a frozen member's deadline again): take it only
    // when latency "since start" is over a threshold, to tell a slow disk now from a spike long
    // past. A healthy cluster answers after one round, as fast as `status`.
    if (windowMs > 0 && report.verdict.findings.some((finding) => LATENCY_CODES.has(finding.code))) {
      await new Promise((resolve) => setTimeout(resolve, windowMs));
      report = analyseRound(await collect({ freshMetrics: true }), thresholds, nextLatencyWindow(initialLatencyWindow(), first));
    }
    // Certificates change rarely and cost a handshake each: read once, here, not every poll round.
    const certificates = await readCertificates(config, report.snapshot, Date.now(), gateway.servingCertificatesSeen?.());
    const verdict = withFindings(report.verdict, report.snapshot, certificateFindings(certificates, thresholds, renewalHints(config)));
    return print({ ...report, certificates, verdict, ...(config.tls?.insecureSkipVerify ? { tlsUnverified: true } : {}) });
  } finally {
    gateway.close();
  }
}
