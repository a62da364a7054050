// Per-member findings about presence (down, never started, unhealthy) and alarms.
import type { Alarm, FailureKind } from '../etcd/gateway.js';
import type { ClusterSnapshot, MemberSample } from './cluster-snapshot.js';
import type { Finding } from './finding.js';
import type { MemberRow } from './member-rows.js';
import { isVoter, labelForId, memberIdOf, memberLabel } from './selectors.js';

// Used when the gateway gave no hint of its own; by failure kind, from the runbooks.
const remedyByKind: Record<FailureKind, string> = {
  timeout: "the member is frozen or overloaded: check its process, CPU and disk (iostat), and its log for 'took too long'",
  unreachable: 'check that etcd runs on that host and listens on the client port (systemctl status etcd, or the etcd pod)',
  tls: 'pass the CA that signed the server certificate (--cacert) and a client cert it trusts; check expiry with `openssl x509 -noout -dates`',
  auth: "check --user/--password, or the role of the client certificate's CN",
  permission: "grant the user the root role ('etcdctl user grant-role USER root'), or connect as one that has it",
  'not-etcd': 'this is not an etcd client port: check --endpoints (client port 2379, not the peer port 2380)',
  'no-space': 'compact, defragment every member (followers first, leader last), then `etcdctl alarm disarm`',
  compacted: "check the member's log",
  'no-leader': 'check peer connectivity (port 2380) between members and their logs',
  rejected: "check the member's log",
  unknown: "check the member's log",
};

export function memberUnreachable(sample: MemberSample): Finding {
  const failure = sample.status && !sample.status.ok ? sample.status.failure : undefined;
  if (failure?.kind === 'permission') {
    return { level: 'warning', code: 'member-permission-denied', message: `${memberLabel(sample)}: ${failure.message}`, remedy: failure.hint ?? remedyByKind.permission, ...memberIdField(sample) };
  }
  const where = sample.endpoint ? ` at ${sample.endpoint}` : '';
  return {
    level: 'warning',
    code: 'member-unreachable',
    message: `${memberLabel(sample)} is unreachable${where}: ${failure?.message ?? 'not polled, no client URL known'}`,
    remedy: failure ? (failure.hint ?? remedyByKind[failure.kind]) : 'check the client URLs in `etcdctl member list`',
    ...memberIdField(sample),
  };
}

/** Down, never started, or answering but unhealthy; rows are in snapshot order. */
export function presenceFindings(snapshot: ClusterSnapshot, rows: MemberRow[], quorumNeeded: number, alarmsActive: boolean): Finding[] {
  return snapshot.members.flatMap((sample, i): Finding[] => {
    const row = rows[i];
    if (!row) return [];
    if (row.state === 'down' || row.state === 'denied') return [memberUnreachable(sample)];
    if (row.state === 'unstarted') return [memberUnstarted(sample, quorumNeeded)];
    if (row.state !== 'unhealthy') return [];
    // While any alarm is active etcd fails every member's health check; the alarm findings say
    // that once, so a line per member would only repeat them. A failed probe is still news.
    if (alarmsActive && sample.health?.ok) return [];
    return [
      {
        level: 'warning',
        code: 'member-unhealthy',
        message: `${memberLabel(sample)} answers but fails its health check: ${row.stateReason ?? 'no reason given'}`,
        remedy: 'etcd reports unhealthy while it has no leader or an active alarm: act on those findings, then read its log',
        ...memberIdField(sample),
      },
    ];
  });
}

function memberUnstarted(sample: MemberSample, quorumNeeded: number): Finding {
  // The classic trap: `member add` raises the quorum before the new member is running.
  const counts = isVoter(sample) ? `; as a voter it already counts toward quorum (${quorumNeeded} needed)` : '';
  return {
    level: 'warning',
    code: 'member-unstarted',
    message: `${memberLabel(sample)} was added but never started${counts}`,
    remedy:
      'start etcd on the new node with --initial-cluster-state=existing, ' +
      `or \`etcdctl member remove ${memberIdOf(sample)}\` if it was added by mistake`,
    ...memberIdField(sample),
  };
}

interface AlarmText {
  level: Finding['level'];
  code: Finding['code'];
  effect: string;
  remedy: string;
}

const alarmText: Partial<Record<string, AlarmText>> = {
  NOSPACE: {
    level: 'critical',
    code: 'alarm-nospace',
    effect: ': the cluster refuses writes (only reads and deletes work)',
    remedy: 'compact, defragment every member (followers first, leader last), then `etcdctl alarm disarm`',
  },
  CORRUPT: {
    level: 'critical',
    code: 'alarm-corrupt',
    effect: ': its data differs from the other members',
    remedy: "remove the member, wipe its data dir and add it back so it copies the leader's data; then `etcdctl alarm disarm`",
  },
};

/** One finding per (member, alarm), attributed to the member the alarm names. */
export function alarmFindings(snapshot: ClusterSnapshot, alarms: Alarm[]): Finding[] {
  return alarms.map((alarm) => {
    const known = alarmText[alarm.alarm];
    return {
      level: known?.level ?? 'warning',
      code: known?.code ?? 'alarm',
      message: `${alarm.alarm} alarm on ${labelForId(snapshot, alarm.memberId)}${known?.effect ?? ''}`,
      remedy: known?.remedy ?? "find the cause in the member's log, then `etcdctl alarm disarm`",
      memberId: alarm.memberId,
    };
  });
}

export function memberIdField(sample: MemberSample): { memberId?: string } {
  const id = memberIdOf(sample);
  return id ? { memberId: id } : {};
}

/** A defragment in progress (anyone's): the member blocks reads and writes until it ends. */
export function defragmentingFindings(snapshot: ClusterSnapshot, rows: MemberRow[]): Finding[] {
  return snapshot.members.flatMap((sample, i): Finding[] =>
    rows[i]?.defragmenting
      ? [{
          level: 'warning',
          code: 'member-defragmenting',
          message: `${memberLabel(sample)} is being defragmented (etcd_disk_defrag_inflight): it blocks reads and writes until that ends`,
          remedy: 'wait for it to end before defragmenting another member; defragment one member at a time, followers first, leader last',
          ...memberIdField(sample),
        }]
      : [],
  );
}
