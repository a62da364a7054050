// One poll round: what every member said (or why it said nothing) at one instant. This is the
// unit the poller produces, the reducer folds into history, and the verdict and panes read.
import type {
  HealthProbe,
  MemberId,
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
  /**
   * Set only when endpoints answered for more than one cluster: an address taken over by another
   * cluster (a member restarted with a new data dir and token), or an --endpoints entry that
   * belongs elsewhere. Every cluster seen, the one polled (`discovery`) first. CRITICAL, and every
   * maintenance operation is refused while it is set: it is how the wrong cluster gets defragmented.
   */
  clusters?: ClusterAnswer[];
}

export interface UnmatchedMetricsUrl {
  url: string;
  /** Why: the scrape's failure, or whose metrics it serves. */
  reason: string;
}

/** One cluster some endpoint answered for. */
export interface ClusterAnswer {
  clusterId: MemberId;
  /** Endpoints whose member list or status answered for this cluster, in the order asked. */
  endpoints: string[];
  /** Its member list, when one of those endpoints returned it; empty otherwise. */
  members: MemberInfo[];
}
