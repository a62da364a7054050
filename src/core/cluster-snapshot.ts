// One poll round: what every member said (or why it said nothing) at one instant. This is the
// unit the poller produces, the reducer folds into history, and the verdict and panes read.
import type {
  HealthProbe,
  MemberInfo,
  MemberList,
  MemberMetrics,
  MemberStatus,
  Outcome,
} from '../etcd/gateway.js';

export interface MemberSample {
  member: MemberInfo;
  /** The client URL polled; undefined for a member that has not started (no client URL yet). */
  endpoint?: string;
  /** undefined when not polled (unstarted member). */
  status?: Outcome<MemberStatus>;
  health?: Outcome<HealthProbe>;
  /** undefined when no metrics URL is known for this member. */
  metrics?: Outcome<MemberMetrics>;
}

export interface ClusterSnapshot {
  /** Wall-clock time the round started, ms since epoch (comes in with the event, for purity). */
  takenAtMs: number;
  /** How long the round took. */
  durationMs: number;
  /** The member list used for this round, or why none could be had from any endpoint. */
  discovery: Outcome<MemberList>;
  members: MemberSample[];
  /**
   * --metrics-urls entries that gave no member its metrics: the scrape failed, or it answered
   * for a member id not in the member list. Absent when there were none (or no explicit URLs).
   */
  unmatchedMetricsUrls?: UnmatchedMetricsUrl[];
}

export interface UnmatchedMetricsUrl {
  url: string;
  /** Why: the scrape's failure, or whose metrics it serves. */
  reason: string;
}
