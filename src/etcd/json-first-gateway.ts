// The gateway of the one-shot commands (`status`, `check`): the reads a poll round makes go to
// etcd's gRPC-JSON gateway (json-call.ts), so that a healthy cluster is answered without loading
// grpc-js, protobufjs and etcd3 at all (~1.2 MB of JavaScript, most of the command's start-up).
// Everything else goes to Etcd3Gateway, loaded on first need:
//  - any read the JSON gateway does not answer (refused, TLS, auth, a gRPC-only port,
//    --enable-grpc-gateway=false, an etcd error) is asked again over gRPC, so every failure the
//    operator reads is worded by the one gRPC path, and that endpoint is asked over gRPC from then
//    on; a timeout is the one failure taken as it is: asking again would cost a frozen member a
//    second deadline;
//  - every write (defragment, compact, …) and alarms().
// TLS is the same material and rules as the metrics scrape (CA, client certificate,
// --insecure-skip-tls-verify, no SNI for an IP). A client certificate goes to the JSON gateway
// too. With etcd's auth off (kubeadm's clusters: the certificate is the access), the gateway
// answers as gRPC does. With auth on, etcd authorises a certificate by its CN, which the gateway
// cannot pass on to etcd's gRPC server, so it refuses the call (HTTP 400 "CommonName of client
// sending a request against gateway will be ignored", etcd 3.4 and 3.5), and that endpoint is
// asked over gRPC, as after any refusal: one round trip more for such clusters, ~60 ms less for
// every kubeadm one (bench/README.md).
import type { PeerCertificate } from 'node:tls';
import type { ConnectionConfig } from '../config/connection-config.js';
import { monotonicMs } from '../core/monotonic-clock.js';
import { certificateOfPeer, type CertificateInfo } from './certificates.js';
import type { Alarm, CallTimeouts, CompactResult, EtcdGateway, HealthProbe, MemberList, MemberStatus, Outcome, SnapshotResult } from './gateway.js';
import { timeoutFailure } from './grpc-failure.js';
import { postJson, type JsonAnswer, type JsonCallOptions } from './json-call.js';
import { looksLikeEtcd, memberListOfJson, statusOfJson, tokenOfJson } from './json-answers.js';
import { scrapeMemberMetrics } from './metrics.js';

/** The gRPC gateway, built on first need (tests pass a fake one to see when it is). */
export type LoadGrpcGateway = () => Promise<EtcdGateway>;

const HEALTH_KEY = Buffer.from('health').toString('base64');

export class JsonFirstGateway implements EtcdGateway {
  private grpc: Promise<EtcdGateway> | undefined;
  /** Endpoints whose JSON gateway did not answer: asked over gRPC from then on. */
  private readonly grpcOnly = new Set<string>();
  private readonly tokens = new Map<string, Promise<string | undefined | 'failed' | 'timeout'>>();
  private readonly certificatesSeen = new Map<string, CertificateInfo>();

  constructor(
    private readonly config: ConnectionConfig,
    private readonly timeouts: CallTimeouts,
    private readonly loadGrpc: LoadGrpcGateway,
  ) {}

  /** The gRPC gateway (loaded once), for fallbacks and writes. */
  private viaGrpc(): Promise<EtcdGateway> {
    this.grpc ??= this.loadGrpc();
    return this.grpc;
  }

  /**
   * One read: over JSON when this endpoint's gateway answers, else over gRPC. `fromJson` turns
   * an answer into the value, or undefined when it is not etcd's, which goes to gRPC too.
   */
  private async read<T>(
    endpoint: string,
    ask: (token: string | undefined, remainingMs: () => number) => Promise<JsonAnswer>,
    fromJson: (answer: JsonAnswer) => T | undefined,
    overGrpc: (grpc: EtcdGateway) => Promise<Outcome<T>>,
  ): Promise<Outcome<T>> {
    if (!this.grpcOnly.has(endpoint)) {
      // One deadline for the whole read, authentication included, as timed() gives a gRPC call.
      const startedAt = monotonicMs();
      const remainingMs = () => Math.max(1, this.timeouts.readMs - (monotonicMs() - startedAt));
      try {
        const token = await this.token(endpoint, remainingMs());
        const answer = token === 'failed' ? undefined : token === 'timeout' ? ({ kind: 'timeout' } as const) : await ask(token, remainingMs);
        // What the member took (HttpAnswer.servedInMs): not the connect, the handshake or the
        // answers before it on a shared connection. Counted, they made a health check read
        // 12-24 ms where etcdctl's `endpoint health` took 2-3 ms.
        const servedInMs = answer !== undefined && 'servedInMs' in answer ? answer.servedInMs : undefined;
        const latencyMs = Math.round(servedInMs ?? monotonicMs() - startedAt);
        if (answer?.kind === 'timeout') return { ok: false, failure: timeoutFailure(this.timeouts.readMs), latencyMs };
        const value = answer === undefined ? undefined : fromJson(answer);
        if (value !== undefined) return { ok: true, value, latencyMs };
      } catch {
        // Nothing here should throw; if it does, gRPC still answers.
      }
      this.grpcOnly.add(endpoint);
    }
    return overGrpc(await this.viaGrpc());
  }

  private call(endpoint: string, path: string, body: object, token: string | undefined, timeoutMs: number, connection: Pick<JsonCallOptions, 'ownConnection' | 'keepOpen'> = {}): Promise<JsonAnswer> {
    // Read once per endpoint: a member's requests share a connection (the health check has one of
    // its own), whose handshake reports the same certificate to each of them.
    const onPeerCertificate = (read: () => PeerCertificate) => {
      if (this.certificatesSeen.has(endpoint)) return;
      const peer = read();
      if (peer.valid_to) this.certificatesSeen.set(endpoint, certificateOfPeer(peer));
    };
    return postJson(endpoint, path, body, { tls: this.config.tls, timeoutMs, onPeerCertificate, ...connection, ...(token !== undefined ? { token } : {}) });
  }

  /** Each https:// endpoint's serving certificate, as this gateway's own calls saw it. */
  servingCertificatesSeen(): ReadonlyMap<string, CertificateInfo> {
    return this.certificatesSeen;
  }

  /**
   * The endpoint's auth token (one authenticate per endpoint, as etcd3 does); 'failed' sends the
   * read to gRPC, which words the refusal; 'timeout' is the read's timeout.
   */
  private token(endpoint: string, timeoutMs: number): Promise<string | undefined | 'failed' | 'timeout'> {
    const auth = this.config.auth;
    if (!auth) return Promise.resolve(undefined);
    let token = this.tokens.get(endpoint);
    if (!token) {
      token = this.call(endpoint, '/v3/auth/authenticate', { name: auth.username, password: auth.password }, undefined, timeoutMs).then((answer) => {
        if (answer.kind === 'timeout') return 'timeout';
        return answer.kind === 'answer' ? tokenOfJson(answer.body) ?? 'failed' : 'failed';
      });
      this.tokens.set(endpoint, token);
    }
    return token;
  }

  memberList(endpoint: string): Promise<Outcome<MemberList>> {
    return this.read(
      endpoint,
      // Left open: the round that follows asks this member too (idle-connections.ts).
      (token, remainingMs) => this.call(endpoint, '/v3/cluster/member/list', {}, token, remainingMs(), { keepOpen: true }),
      (answer) => (answer.kind === 'answer' && looksLikeEtcd(answer.body) ? memberListOfJson(answer.body) : undefined),
      (grpc) => grpc.memberList(endpoint),
    );
  }

  status(endpoint: string): Promise<Outcome<MemberStatus>> {
    return this.read(
      endpoint,
      (token, remainingMs) => this.call(endpoint, '/v3/maintenance/status', {}, token, remainingMs()),
      (answer) => (answer.kind === 'answer' && looksLikeEtcd(answer.body) ? statusOfJson(answer.body) : undefined),
      (grpc) => grpc.status(endpoint),
    );
  }

  /** As Etcd3Gateway.health: a linearizable read; "permission denied" still proves raft answered. */
  health(endpoint: string): Promise<Outcome<HealthProbe>> {
    return this.read<HealthProbe>(
      endpoint,
      async (token, remainingMs) => {
        // Alone on its connection: its time is the HEALTH column's (see http-exchange.ts).
        const answer = await this.call(endpoint, '/v3/kv/range', { key: HEALTH_KEY }, token, remainingMs(), { ownConnection: true });
        // A learner refuses linearizable reads by design; a serializable one proves it serves.
        if (answer.kind === 'etcd-error' && /not supported for learner/i.test(answer.message)) {
          return this.call(endpoint, '/v3/kv/range', { key: HEALTH_KEY, serializable: true }, token, remainingMs(), { ownConnection: true });
        }
        return answer;
      },
      (answer) => {
        if (answer.kind === 'answer' && looksLikeEtcd(answer.body)) return { healthy: true };
        if (answer.kind === 'etcd-error' && /permission denied/i.test(answer.message)) return { healthy: true };
        return undefined;
      },
      (grpc) => grpc.health(endpoint),
    );
  }

  metrics(metricsUrl: string) {
    return scrapeMemberMetrics(metricsUrl, this.config.tls, this.timeouts.readMs);
  }

  alarms(endpoint: string): Promise<Outcome<Alarm[]>> {
    return this.viaGrpc().then((grpc) => grpc.alarms(endpoint));
  }

  compact(endpoint: string, revision: bigint): Promise<Outcome<CompactResult>> {
    return this.viaGrpc().then((grpc) => grpc.compact(endpoint, revision));
  }

  defragment(endpoint: string): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.defragment(endpoint));
  }

  disarm(endpoint: string, alarm: Alarm): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.disarm(endpoint, alarm));
  }

  moveLeader(leaderEndpoint: string, targetId: string): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.moveLeader(leaderEndpoint, targetId));
  }

  promoteLearner(endpoint: string, learnerId: string): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.promoteLearner(endpoint, learnerId));
  }

  snapshot(endpoint: string, path: string): Promise<Outcome<SnapshotResult>> {
    return this.viaGrpc().then((grpc) => grpc.snapshot(endpoint, path));
  }

  put(endpoint: string, key: string, value: string): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.put(endpoint, key, value));
  }

  deleteKey(endpoint: string, key: string): Promise<Outcome<void>> {
    return this.viaGrpc().then((grpc) => grpc.deleteKey(endpoint, key));
  }

  close(): void {
    void this.grpc?.then((grpc) => grpc.close());
  }
}
