// Runs one confirmed operation against the cluster: once, never retried, timed, and recorded in
// the audit log whatever the outcome. The caller has already re-checked the safety rules
// (confirmRefusal) against a fresh view of the cluster.
import { dirname, resolve } from 'node:path';
import type { EtcdGateway, Failure, Outcome, SnapshotResult } from '../../etcd/gateway.js';
import { formatBytes } from '../format.js';
import type { MemberRow } from '../member-rows.js';
import { freeDiskBytes, snapshotSpaceRefusal, type FreeDiskBytes } from './disk-space.js';
import { isServing, label } from './safety-rules.js';
import type { MaintenanceContext, Proposal } from './operations.js';

export interface AuditEntry {
  time: string;
  user: string;
  operation: string;
  target: { id: string; name: string; endpoint: string | null } | 'cluster';
  parameters: Record<string, string | number | boolean>;
  result: 'ok' | 'failed';
  message: string;
  durationMs: number;
}

export interface ExecuteDeps {
  gateway: EtcdGateway;
  audit: (entry: AuditEntry) => void;
  user: string;
  now: () => number;
  /** Free space where a snapshot goes; the real disk's unless a test injects another. */
  freeDiskBytes?: FreeDiskBytes;
}

export interface OperationResult {
  ok: boolean;
  /** Refused by a safety rule at run time (nothing was changed), rather than failed. */
  refused?: boolean;
  /** One line for the events pane and the dialog. */
  message: string;
  hint?: string;
  /** snapshot: the file written, for a front end that prints every figure (the full sha256). */
  snapshot?: SnapshotResult;
}

type Runner = (proposal: Proposal, context: MaintenanceContext, gateway: EtcdGateway, deps: ExecuteDeps) => Promise<OperationResult>;

const failed = (what: string, failure: Failure): OperationResult => ({ ok: false, message: `${what} failed: ${failure.message}`, ...(failure.hint ? { hint: failure.hint } : {}) });

/** The member to send cluster-wide requests to: the leader if it serves, else any serving member. */
export function anyServingEndpoint(context: MaintenanceContext): string | undefined {
  const serving = context.rows.filter((row) => isServing(row) && row.endpoint);
  return (serving.find((row) => row.id === context.leaderId) ?? serving[0])?.endpoint;
}

const RUNNERS: Record<Proposal['request']['kind'], Runner> = {
  async compact(proposal, context, gateway) {
    const endpoint = anyServingEndpoint(context);
    if (!endpoint || proposal.revision === undefined) return { ok: false, message: 'compact not run: no member answers' };
    const outcome = await gateway.compact(endpoint, proposal.revision);
    if (!outcome.ok) return failed('compact', outcome.failure);
    return outcome.value.alreadyCompacted
      ? { ok: true, message: `already compacted at revision ${proposal.revision}: nothing to do` }
      : { ok: true, message: `compacted the cluster to revision ${proposal.revision}` };
  },
  async defragment(proposal, _context, gateway) {
    const target = proposal.captured as MemberRow;
    const outcome = await gateway.defragment(target.endpoint ?? '');
    if (!outcome.ok) return failed(`defragment of ${label(target)}`, outcome.failure);
    const after = await gateway.status(target.endpoint ?? '');
    const before = target.dbSizeBytes === undefined ? '?' : formatBytes(target.dbSizeBytes);
    const now = after.ok ? formatBytes(after.value.dbSizeBytes) : '?';
    return { ok: true, message: `defragmented ${label(target)}: ${before} → ${now} in ${seconds(outcome)}` };
  },
  async disarm(_proposal, context, gateway) {
    const endpoint = anyServingEndpoint(context);
    if (!endpoint) return { ok: false, message: 'disarm not run: no member answers' };
    for (const alarm of context.alarms) {
      const outcome = await gateway.disarm(endpoint, alarm);
      if (!outcome.ok) return failed(`disarm of ${alarm.alarm} on ${alarm.memberId}`, outcome.failure);
    }
    return { ok: true, message: `disarmed ${context.alarms.map((a) => `${a.alarm} on ${a.memberId}`).join(', ')}` };
  },
  async 'move-leader'(proposal, context, gateway) {
    const target = proposal.captured as MemberRow;
    const leader = context.rows.find((row) => row.id === context.leaderId);
    const outcome = await gateway.moveLeader(leader?.endpoint ?? '', target.id);
    if (!outcome.ok) return failed(`move-leader to ${label(target)}`, outcome.failure);
    return { ok: true, message: `leadership moved from ${leader ? label(leader) : '?'} to ${label(target)}` };
  },
  async promote(proposal, context, gateway) {
    const target = proposal.captured as MemberRow;
    const leader = context.rows.find((row) => row.id === context.leaderId);
    const outcome = await gateway.promoteLearner(leader?.endpoint ?? '', target.id);
    if (!outcome.ok) return failed(`promotion of ${label(target)}`, outcome.failure);
    return { ok: true, message: `promoted ${label(target)}: it is now a voting member` };
  },
  async snapshot(proposal, _context, gateway, deps) {
    const target = proposal.captured as MemberRow;
    const dir = dirname(resolve(proposal.request.path ?? ''));
    const noRoom = snapshotSpaceRefusal(target.dbSizeBytes, await (deps.freeDiskBytes ?? freeDiskBytes)(dir), dir);
    if (noRoom) return { ok: false, refused: true, message: noRoom };
    const outcome = await gateway.snapshot(target.endpoint ?? '', proposal.request.path ?? '');
    if (!outcome.ok) return failed(`snapshot from ${label(target)}`, outcome.failure);
    const { path, sizeBytes, revision, sha256 } = outcome.value;
    // The whole checksum: it is what a restore is verified against, and half of it verifies nothing.
    return { ok: true, message: `snapshot ${path}: ${formatBytes(sizeBytes)}, revision ${revision}, sha256 ${sha256}`, snapshot: outcome.value };
  },
};

function seconds(outcome: Outcome<unknown>): string {
  return `${(outcome.latencyMs / 1000).toFixed(1)}s`;
}

export async function execute(proposal: Proposal, context: MaintenanceContext, deps: ExecuteDeps): Promise<OperationResult> {
  const startedAt = deps.now();
  let result: OperationResult;
  try {
    result = await RUNNERS[proposal.request.kind](proposal, context, deps.gateway, deps);
  } catch (error) {
    result = { ok: false, message: `${proposal.request.kind} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const target = proposal.captured;
  deps.audit({
    time: new Date(startedAt).toISOString(),
    user: deps.user,
    operation: proposal.request.kind,
    target: target ? { id: target.id, name: target.name, endpoint: target.endpoint ?? null } : 'cluster',
    parameters: parametersOf(proposal),
    result: result.ok ? 'ok' : 'failed',
    message: result.message,
    durationMs: deps.now() - startedAt,
  });
  return result;
}

function parametersOf(proposal: Proposal): Record<string, string | number | boolean> {
  const parameters: Record<string, string | number | boolean> = {};
  if (proposal.revision !== undefined) parameters.revision = proposal.revision.toString();
  if (proposal.request.keepRevisions !== undefined) parameters.keepRevisions = proposal.request.keepRevisions;
  if (proposal.request.path !== undefined) parameters.path = proposal.request.path;
  return parameters;
}
