// One poll round. Discovery asks every known endpoint for the member list at once and starts
// polling as soon as the first answer comes, so one frozen member never delays discovery; then
// every member is asked for status, health and metrics in parallel, each call bounded by its own
// deadline. The round therefore costs about one deadline however many members are frozen.
// The other member-list answers arrive meanwhile: if any of them, or any member's status, names
// another cluster, the polled cluster is chosen by rule (cluster-identity.ts), polled again if the
// first answer was the odd one out, and every cluster seen goes into the round to be shown.
import type { EtcdGateway, Failure, HealthProbe, MemberInfo, MemberList, MemberMetrics, MemberStatus, Outcome } from '../etcd/gateway.js';
import { clustersSeen, mostAnsweredClusterId, pickPolledList, withoutForeignAnswers, type ListAnswer } from './cluster-identity.js';
import type { ClusterSnapshot, MemberSample, UnmatchedMetricsUrl } from './cluster-snapshot.js';
import { monotonicMs } from './monotonic-clock.js';

export interface CollectOptions {
  /** Endpoints the operator gave (or that were detected): where discovery starts. */
  seedEndpoints: string[];
  /** Explicit /metrics URLs; empty means `<member client URL>/metrics`. */
  metricsUrls: string[];
  /** Members seen in earlier rounds: still asked for the member list if the seeds are down. */
  knownEndpoints?: string[];
  /**
   * Metrics from an earlier round, by member id, to show instead of scraping this round. /metrics
   * is ~150 KB of text per member that moves slowly (quota, counters, histograms): scraping and
   * parsing it every second was an eighth of the monitor's CPU.
   */
  reuseMetrics?: ReadonlyMap<string, Outcome<MemberMetrics>>;
  now: () => number;
}

export async function collectSnapshot(gateway: EtcdGateway, options: CollectOptions): Promise<ClusterSnapshot> {
  const takenAtMs = options.now();
  const startedAt = monotonicMs();
  const asked = unique([...options.seedEndpoints, ...(options.knownEndpoints ?? [])]);
  const attempts = asked.map((endpoint) => gateway.memberList(endpoint));
  let discovery = await discover(attempts, asked);
  let sampled = await sampleAll(gateway, options, discovery);
  const lists = await listAnswers(attempts, asked);
  const picked = pickPolledList(lists);
  if (picked && discovery.ok && picked.outcome.value.clusterId !== discovery.value.clusterId) {
    discovery = picked.outcome;
    sampled = await sampleAll(gateway, options, discovery);
  }
  const { samples, unmatched } = sampled;
  const polledId = discovery.ok ? discovery.value.clusterId : mostAnsweredClusterId(samples);
  const clusters = clustersSeen(polledId, lists, samples);
  const durationMs = Math.round(monotonicMs() - startedAt);
  const round: ClusterSnapshot = { takenAtMs, durationMs, discovery, members: samples, ...(unmatched.length > 0 ? { unmatchedMetricsUrls: unmatched } : {}) };
  if (clusters.length < 2 || polledId === undefined) return round;
  return { ...round, members: withoutForeignAnswers(samples, polledId), clusters };
}

interface Sampled {
  samples: MemberSample[];
  unmatched: UnmatchedMetricsUrl[];
}

async function sampleAll(gateway: EtcdGateway, options: CollectOptions, discovery: Outcome<MemberList>): Promise<Sampled> {
  const members = discovery.ok ? discovery.value.members : options.seedEndpoints.map(placeholderMember);
  const endpoints = members.map((member) => clientUrlFor(member, options.seedEndpoints));
  // Explicit metrics URLs are scraped alongside the member calls, not before them, so a frozen
  // member's metrics endpoint and its gRPC endpoint share one deadline.
  const reuse = options.reuseMetrics;
  const explicitScrapes = !reuse && options.metricsUrls.length > 0 ? Promise.all(options.metricsUrls.map((url) => gateway.metrics(url))) : undefined;
  const samples = await Promise.all(
    members.map((member, i) => sampleMember(gateway, member, endpoints[i], !reuse && explicitScrapes === undefined)),
  );
  const unmatched = explicitScrapes ? attachExplicitMetrics(samples, options.metricsUrls, await explicitScrapes) : [];
  // A member no --metrics-urls entry covers is scraped at its client URL rather than left
  // without metrics: one URL for a 3-member cluster must not hide another member's slow disk.
  if (explicitScrapes) await scrapeUncovered(gateway, samples);
  if (reuse) {
    for (const sample of samples) {
      const metrics = reuse.get(sample.member.id);
      if (metrics && sample.endpoint) sample.metrics = metrics;
    }
  }
  return { samples, unmatched };
}

async function listAnswers(attempts: Promise<Outcome<MemberList>>[], endpoints: string[]): Promise<ListAnswer[]> {
  const outcomes = await Promise.all(attempts);
  return outcomes.flatMap((outcome, i) => (outcome.ok ? [{ endpoint: endpoints[i] ?? '', outcome }] : []));
}

async function discover(attempts: Promise<Outcome<MemberList>>[], endpoints: string[]): Promise<Outcome<MemberList>> {
  const firstSuccess = Promise.any(
    attempts.map(async (attempt) => {
      const outcome = await attempt;
      if (!outcome.ok) throw outcome;
      return outcome;
    }),
  );
  try {
    return await firstSuccess;
  } catch {
    const outcomes = await Promise.all(attempts);
    return mostInformativeFailure(outcomes, endpoints);
  }
}

// When every endpoint fails, a TLS or auth failure says more than "timed out" on another one.
function mostInformativeFailure(outcomes: Outcome<MemberList>[], endpoints: string[]): Outcome<MemberList> {
  const rank: Record<Failure['kind'], number> = {
    auth: 0, permission: 0, tls: 1, 'not-etcd': 2, rejected: 3, 'no-leader': 4, 'no-space': 4, compacted: 4, unreachable: 5, timeout: 6, unknown: 7,
  };
  let best = 0;
  outcomes.forEach((outcome, i) => {
    const current = outcomes[best];
    if (!outcome.ok && current && !current.ok && rank[outcome.failure.kind] < rank[current.failure.kind]) best = i;
  });
  const chosen = outcomes[best];
  if (!chosen || chosen.ok) return { ok: false, failure: { kind: 'unknown', message: 'no endpoint to ask' }, latencyMs: 0 };
  const where = endpoints.length > 1 ? ` (${endpoints[best]}; ${endpoints.length} endpoints tried)` : ` (${endpoints[best]})`;
  return { ...chosen, failure: { ...chosen.failure, message: chosen.failure.message + where } };
}

function placeholderMember(endpoint: string): MemberInfo {
  return { id: '', name: '', peerUrls: [], clientUrls: [endpoint], isLearner: false };
}

/** Prefer the client URL the operator used (same scheme and host), then any of the member's. */
export function clientUrlFor(member: MemberInfo, seeds: string[]): string | undefined {
  const exact = member.clientUrls.find((url) => seeds.includes(url));
  if (exact) return exact;
  const scheme = seeds[0]?.split('://')[0];
  return member.clientUrls.find((url) => url.startsWith(`${scheme}://`)) ?? member.clientUrls[0];
}

async function sampleMember(
  gateway: EtcdGateway,
  member: MemberInfo,
  endpoint: string | undefined,
  scrapeClientUrl: boolean,
): Promise<MemberSample> {
  if (!endpoint) return { member };
  const [status, health, metrics] = await Promise.all([
    gateway.status(endpoint),
    gateway.health(endpoint),
    scrapeClientUrl ? gateway.metrics(`${endpoint}/metrics`) : undefined,
  ]);
  return { member, endpoint, status, health: withAlarms(health, status), ...(metrics ? { metrics } : {}) };
}

/** Like `etcdctl endpoint health`, a member that answers while an alarm is active is unhealthy. */
export function withAlarms(health: Outcome<HealthProbe>, status: Outcome<MemberStatus>): Outcome<HealthProbe> {
  if (!health.ok || !health.value.healthy || !status.ok || status.value.alarms.length === 0) return health;
  const kinds = [...new Set(status.value.alarms.map((alarm) => alarm.alarm))];
  return { ...health, value: { healthy: false, reason: `active alarm(s): ${kinds.join(', ')}` } };
}

/** Ties each scrape to its member; returns the URLs that fed no member, and why. */
function attachExplicitMetrics(samples: MemberSample[], urls: readonly string[], scrapes: Outcome<MemberMetrics>[]): UnmatchedMetricsUrl[] {
  // etcd_server_id ties a scrape to its member; without it, fall back to the order given.
  const identified = scrapes.some((scrape) => scrape.ok && scrape.value.serverId);
  const used = new Set<number>();
  samples.forEach((sample, i) => {
    const index = identified ? scrapes.findIndex((scrape) => scrape.ok && scrape.value.serverId === sample.member.id) : i < scrapes.length ? i : -1;
    const metrics = scrapes[index];
    if (!metrics) return;
    sample.metrics = metrics;
    used.add(index);
  });
  return scrapes.flatMap((scrape, i): UnmatchedMetricsUrl[] => {
    if (used.has(i)) return [];
    const url = urls[i] ?? '';
    if (!scrape.ok) return [{ url, reason: scrape.failure.message }];
    return [{ url, reason: `it serves member ${scrape.value.serverId ?? '(id not reported)'}, which is not in the member list` }];
  });
}

async function scrapeUncovered(gateway: EtcdGateway, samples: MemberSample[]): Promise<void> {
  await Promise.all(
    samples.map(async (sample) => {
      // Only members no URL was tied to: a URL that was tied and failed is reported as it is.
      if (sample.metrics !== undefined || !sample.endpoint || !sample.status?.ok) return;
      sample.metrics = await gateway.metrics(`${sample.endpoint}/metrics`);
    }),
  );
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
