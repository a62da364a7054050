// `etcdtop snapshot FILE`: the `s` key without a screen. The same proposal, safety rules,
// free-space check and audit entry; written under a temporary name and renamed when complete.
import { resolve } from 'node:path';
import type { ConnectionArgs } from '../cli/connection-options.js';
import { MAINTENANCE_EXIT, type MaintenanceArgs } from '../cli/maintenance-options.js';
import { EXIT_UNKNOWN, reportProblem } from '../cli/report-problem.js';
import { findMember } from '../core/maintenance/defrag-selection.js';
import { execute } from '../core/maintenance/execute.js';
import { confirmRefusal, propose, type MaintenanceContext } from '../core/maintenance/operations.js';
import { isServing, label } from '../core/maintenance/safety-rules.js';
import type { MemberRow } from '../core/member-rows.js';
import { formatBytes } from '../core/format.js';
import { withHeadlessSession } from './headless-session.js';

/** The member to stream from: the one asked for, else the leader, else any member that answers. */
function sourceOf(context: MaintenanceContext, member: string | undefined): MemberRow | undefined {
  if (member !== undefined) return findMember(context.rows, member);
  return context.rows.find((row) => row.id === context.leaderId && isServing(row)) ?? context.rows.find(isServing);
}

export function snapshotCommand(args: ConnectionArgs & MaintenanceArgs & { file: string }): Promise<number> {
  const path = resolve(args.file);
  return withHeadlessSession(args, {}, async ({ context, deps }) => {
    const source = sourceOf(context, args.member);
    if (!source) {
      reportProblem(args.member === undefined
        ? { message: 'no member answers: there is nothing to take a snapshot from', hint: 'check `etcdtop status`' }
        : { message: `no member '${args.member}' in the cluster`, hint: `give an id or a name: ${context.rows.map((row) => `${row.id} (${row.name})`).join(', ')}` });
      return EXIT_UNKNOWN;
    }
    const proposal = propose({ kind: 'snapshot', memberId: source.id, path }, context);
    const refusal = proposal.refusal ?? confirmRefusal(proposal, context);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    if (refusal) {
      out(`REFUSED: snapshot from ${label(source)}: ${refusal}`);
      return MAINTENANCE_EXIT.refused;
    }
    const result = await execute(proposal, context, deps);
    if (!result.ok || !result.snapshot) {
      out(`${result.refused ? 'REFUSED' : 'FAILED'}: ${result.message}${result.hint ? `\n  hint: ${result.hint}` : ''}`);
      return result.refused ? MAINTENANCE_EXIT.refused : MAINTENANCE_EXIT.failed;
    }
    const { sizeBytes, revision, sha256 } = result.snapshot;
    out(`saved ${result.snapshot.path} from ${label(source)}`);
    out(`size     ${sizeBytes} bytes (${formatBytes(sizeBytes)})`);
    out(`revision ${revision}`);
    out(`sha256   ${sha256}`);
    return MAINTENANCE_EXIT.done;
  });
}
