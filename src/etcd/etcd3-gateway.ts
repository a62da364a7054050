// The only module that talks gRPC to etcd (snapshot-stream.ts streams on a client it is handed).
// One etcd3 client per member endpoint, with etcd3's retries and circuit breaker replaced by
// no-ops: a status call must report what THAT member says, or that it said nothing within the
// deadline, never another member's answer.
import { Etcd3 } from 'etcd3';
import type { ConnectionConfig } from '../config/connection-config.js';
import { defaultTimeouts } from './call-timeouts.js';
import { deadlineIn, timed } from './deadline.js';
import { alarmTypeName, clientOptions } from './etcd3-client-options.js';
import { rootRoleNeeded } from './grpc-failure.js';
import {
  memberIdFromDecimal,
  memberIdToDecimal,
  type Alarm,
  type CallTimeouts,
  type CompactResult,
  type EtcdGateway,
  type HealthProbe,
  type MemberList,
  type MemberStatus,
  type Outcome,
  type SnapshotResult,
} from './gateway.js';
import { withIpSafeTls } from './grpc-tls.js';
import { scrapeMemberMetrics } from './metrics.js';
import { buildSkippingTlsVerify } from './skip-tls-verify.js';
import { streamSnapshot } from './snapshot-stream.js';
import { rotatedTls, TLS_RECHECK_MS } from './tls-reload.js';
import { alarmsFromStatusErrors } from './status-errors.js';
import { fieldsSince36, statusWithFieldsSince36 } from './status-since-3-6.js';

export { defaultTimeouts };

export class Etcd3Gateway implements EtcdGateway {
  private readonly clients = new Map<string, Etcd3>();
  private tlsCheckedAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private config: ConnectionConfig,
    private readonly timeouts: CallTimeouts = defaultTimeouts(config.commandTimeoutMs),
  ) {}

  /** Every call goes through here, so a TLS failure can be explained knowing whether a client certificate was sent. */
  private timed<T>(deadlineMs: number, call: () => Promise<T>): Promise<Outcome<T>> {
    return timed(deadlineMs, call, this.config.tls?.cert !== undefined);
  }

  /**
   * After a failed call: if the certificate files were replaced (a rotation), use the new ones
   * from the next call on. Every client is rebuilt: grpc keeps credentials per channel.
   */
  private afterFailure<T>(outcome: Outcome<T>): Outcome<T> {
    const tls = this.config.tls;
    const nowMs = Date.now();
    if (outcome.ok || !tls || nowMs - this.tlsCheckedAtMs < TLS_RECHECK_MS) return outcome;
    this.tlsCheckedAtMs = nowMs;
    const rotated = rotatedTls(tls);
    if (rotated) {
      this.config = { ...this.config, tls: rotated };
      // Closed later, not now: a defragment or snapshot may still be running on an old channel.
      const retired = [...this.clients.values()];
      this.clients.clear();
      setTimeout(() => retired.forEach((client) => client.close()), this.timeouts.defragMs).unref();
    }
    return outcome;
  }

  private client(endpoint: string): Etcd3 {
    let client = this.clients.get(endpoint);
    if (!client) {
      const options = clientOptions(this.config, endpoint, this.timeouts.readMs);
      client = withIpSafeTls(options.credentials !== undefined, () => buildSkippingTlsVerify(this.config.tls?.insecureSkipVerify === true, () => new Etcd3(options)));
      this.clients.set(endpoint, client);
    }
    return client;
  }

  memberList(endpoint: string): Promise<Outcome<MemberList>> {
    return this.memberListOnce(endpoint).then((outcome) => this.afterFailure(outcome));
  }

  private memberListOnce(endpoint: string): Promise<Outcome<MemberList>> {
    return this.timed(this.timeouts.readMs, async () => {
      const res = await this.client(endpoint).cluster.memberList({ linearizable: false }, deadlineIn(this.timeouts.readMs));
      return {
        clusterId: memberIdFromDecimal(res.header.cluster_id),
        answeredBy: memberIdFromDecimal(res.header.member_id),
        members: res.members.map((m) => ({
          id: memberIdFromDecimal(m.ID),
          name: m.name,
          peerUrls: m.peerURLs ?? [],
          clientUrls: m.clientURLs ?? [],
          isLearner: m.isLearner ?? false,
        })),
      };
    }).then((outcome) => rootRoleNeeded(outcome, 'member list'));
  }

  status(endpoint: string): Promise<Outcome<MemberStatus>> {
    return this.statusOnce(endpoint).then((outcome) => this.afterFailure(outcome));
  }

  private statusOnce(endpoint: string): Promise<Outcome<MemberStatus>> {
    return this.timed(this.timeouts.readMs, async () => {
      const res = await statusWithFieldsSince36(this.client(endpoint), deadlineIn(this.timeouts.readMs));
      const leader = BigInt(res.leader);
      const errors = res.errors ?? [];
      return {
        memberId: memberIdFromDecimal(res.header.member_id),
        clusterId: memberIdFromDecimal(res.header.cluster_id),
        version: res.version,
        dbSizeBytes: Number(res.dbSize),
        dbSizeInUseBytes: Number(res.dbSizeInUse),
        leaderId: leader === 0n ? null : leader.toString(16),
        raftTerm: BigInt(res.raftTerm),
        raftIndex: BigInt(res.raftIndex),
        raftAppliedIndex: BigInt(res.raftAppliedIndex),
        revision: BigInt(res.header.revision),
        isLearner: res.isLearner ?? false,
        errors,
        alarms: alarmsFromStatusErrors(errors),
        ...fieldsSince36(res),
      };
    }).then((outcome) => rootRoleNeeded(outcome, 'Status'));
  }

  /** The read half of `etcdctl endpoint health`: a linearizable read through raft. */
  health(endpoint: string): Promise<Outcome<HealthProbe>> {
    return this.timed(this.timeouts.readMs, async () => {
      const client = this.client(endpoint);
      try {
        await client.get('health').options(deadlineIn(this.timeouts.readMs)).exec();
      } catch (error) {
        const message = error instanceof Error ? error.message : '';
        // Permission denied still proves the request went through consensus (etcdctl agrees).
        if (/permission denied/i.test(message)) {
          // healthy as far as raft is concerned
        } else if (/not supported for learner/i.test(message)) {
          // A learner refuses linearizable reads by design; a serializable one proves it serves.
          await client.get('health').serializable(true).options(deadlineIn(this.timeouts.readMs)).exec();
        } else {
          throw error;
        }
      }
      // etcdctl also lists alarms here; the poll round reads them from the same member's status
      // (its `errors` carry every alarm), so asking again would double the calls for nothing.
      return { healthy: true };
    });
  }

  alarms(endpoint: string): Promise<Outcome<Alarm[]>> {
    return this.timed(this.timeouts.readMs, async () => {
      const res = await this.client(endpoint).maintenance.alarm({ action: 'Get', memberID: '0', alarm: 'None' }, deadlineIn(this.timeouts.readMs));
      // etcd3 spells the enum "Nospace"; the domain (and etcdctl) says NOSPACE.
      return (res.alarms ?? []).map((a) => ({ memberId: memberIdFromDecimal(a.memberID), alarm: String(a.alarm).toUpperCase() }));
    }).then((outcome) => rootRoleNeeded(outcome, 'alarm list'));
  }

  metrics(metricsUrl: string) {
    return scrapeMemberMetrics(metricsUrl, this.config.tls, this.timeouts.readMs);
  }

  compact(endpoint: string, revision: bigint): Promise<Outcome<CompactResult>> {
    return this.timed(this.timeouts.writeMs, async () => {
      try {
        await this.client(endpoint).kv.compact({ revision: revision.toString(), physical: true }, deadlineIn(this.timeouts.writeMs));
        return { revision, alreadyCompacted: false };
      } catch (error) {
        // The runbooks are explicit: this is success, the work was already done.
        if (error instanceof Error && /required revision has been compacted/.test(error.message)) {
          return { revision, alreadyCompacted: true };
        }
        throw error;
      }
    }).then((outcome) => rootRoleNeeded(outcome, 'compact'));
  }

  defragment(endpoint: string): Promise<Outcome<void>> {
    return this.timed(this.timeouts.defragMs, async () => {
      await this.client(endpoint).maintenance.defragment(deadlineIn(this.timeouts.defragMs));
    }).then((outcome) => rootRoleNeeded(outcome, 'defragment'));
  }

  disarm(endpoint: string, alarm: Alarm): Promise<Outcome<void>> {
    return this.timed(this.timeouts.writeMs, async () => {
      await this.client(endpoint).maintenance.alarm(
        { action: 'Deactivate', memberID: memberIdToDecimal(alarm.memberId), alarm: alarmTypeName(alarm.alarm) },
        deadlineIn(this.timeouts.writeMs),
      );
    }).then((outcome) => rootRoleNeeded(outcome, 'alarm disarm'));
  }

  promoteLearner(endpoint: string, learnerId: string): Promise<Outcome<void>> {
    return this.timed(this.timeouts.writeMs, async () => {
      await this.client(endpoint).cluster.memberPromote({ ID: memberIdToDecimal(learnerId) }, deadlineIn(this.timeouts.writeMs));
    }).then((outcome) => rootRoleNeeded(outcome, 'member promote'));
  }

  moveLeader(leaderEndpoint: string, targetId: string): Promise<Outcome<void>> {
    return this.timed(this.timeouts.writeMs, async () => {
      await this.client(leaderEndpoint).maintenance.moveLeader({ targetID: memberIdToDecimal(targetId) }, deadlineIn(this.timeouts.writeMs));
    }).then((outcome) => rootRoleNeeded(outcome, 'move-leader'));
  }

  put(endpoint: string, key: string, value: string): Promise<Outcome<void>> {
    return this.timed(this.timeouts.writeMs, async () => {
      await this.client(endpoint).put(key).value(value).options(deadlineIn(this.timeouts.writeMs)).exec();
    });
  }

  deleteKey(endpoint: string, key: string): Promise<Outcome<void>> {
    return this.timed(this.timeouts.writeMs, async () => {
      await this.client(endpoint).delete().key(key).options(deadlineIn(this.timeouts.writeMs)).exec();
    });
  }

  snapshot(endpoint: string, path: string): Promise<Outcome<SnapshotResult>> {
    return this.timed(this.timeouts.snapshotMs, () => streamSnapshot(this.client(endpoint), path, this.timeouts)).then((outcome) => rootRoleNeeded(outcome, 'snapshot'));
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
