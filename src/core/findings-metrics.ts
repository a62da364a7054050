// What the verdict could not judge because /metrics was missing: an unknown quota, a member
// whose metrics failed, a --metrics-urls entry that fed no member. Each is said, with why:
// without them `check` said "OK" on a cluster whose DB size it compared to an assumed 2 GiB.
// They are warnings, not UNKNOWN: quorum, leader and alarms come over gRPC and are known; what
// is unknown is the early warning (quota %, latency, leader changes), and the finding names it.
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import type { Finding } from './finding.js';
import { memberIdField } from './findings-member.js';
import { isReachable, memberLabel, quotaBytesOf } from './selectors.js';

const METRICS_REMEDY =
  "make the member's /metrics reachable (same TLS as its client URL), or pass --metrics-urls with one URL per member (kubeadm: http://127.0.0.1:2381/metrics)";

export function metricsFindings(snapshot: ClusterSnapshot): Finding[] {
  return [...quotaUnknown(snapshot), ...snapshot.members.flatMap(memberMetricsFailed), ...unmatchedUrls(snapshot)];
}

function memberMetricsFailed(sample: MemberSample): Finding[] {
  const metrics = sample.metrics;
  if (!isReachable(sample) || !metrics || metrics.ok) return [];
  return [{
    level: 'warning',
    code: 'metrics-unavailable',
    message: `${memberLabel(sample)}: no metrics (${metrics.failure.message}): its quota, disk and peer latency and leader changes are unknown`,
    remedy: metrics.failure.hint ? `${metrics.failure.hint}; or ${METRICS_REMEDY}` : METRICS_REMEDY,
    ...memberIdField(sample),
  }];
}

/** Only when some member's metrics were asked for: a round with no scrape at all judges nothing here. */
function quotaUnknown(snapshot: ClusterSnapshot): Finding[] {
  const asked = snapshot.members.filter((sample) => isReachable(sample) && sample.metrics !== undefined);
  if (asked.length === 0 || quotaBytesOf(snapshot).known) return [];
  const read = asked.filter((sample) => sample.metrics?.ok).length;
  const why = read === 0
    ? `no member's /metrics could be read (${asked.length} tried)`
    : `the metrics of ${read} member${read === 1 ? '' : 's'} carry no etcd_server_quota_backend_bytes`;
  return [{
    level: 'warning',
    code: 'quota-unknown',
    message: `DB quota unknown: ${why}; percentages of quota assume etcd's 2 GiB default and may be wrong`,
    remedy: `${METRICS_REMEDY}; the quota is each member's --quota-backend-bytes`,
  }];
}

function unmatchedUrls(snapshot: ClusterSnapshot): Finding[] {
  return (snapshot.unmatchedMetricsUrls ?? []).map((entry) => ({
    level: 'warning',
    code: 'metrics-url-unmatched',
    message: `--metrics-urls ${entry.url} gave no member its metrics: ${entry.reason}`,
    remedy: "give one reachable URL per member (each member's --listen-metrics-urls), or leave --metrics-urls out to scrape each member's client URL",
  }));
}
