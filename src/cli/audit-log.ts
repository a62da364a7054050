// Every operation and its result, one JSON object per line, so "who defragmented what at 03:12"
// has an answer after the incident. Written synchronously: an entry must not be lost if the
// process is killed right after the operation. When it cannot be written the operator is told,
// before "y" (auditLogProblem) and after (appendAudit's answer goes to the events pane).
import { accessSync, appendFileSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditEntry } from '../core/maintenance/execute.js';
import { appendLog, defaultStateDir } from './log-file.js';

export function resolveAuditPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.ETCDTOP_AUDIT_LOG || join(defaultStateDir(env), 'audit.log');
}

/** Appends `entry`; returns "<path>: <reason>" when it could not be written. */
export function appendAudit(path: string, entry: AuditEntry, logPath?: string): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    return undefined;
  } catch (error) {
    const problem = `${path}: ${reasonOf(error)}`;
    if (logPath) appendLog(logPath, `audit log ${path} not writable: ${error instanceof Error ? error.message : String(error)}`);
    return problem;
  }
}

/** Why an entry could not be appended to `path` now ("<path>: <reason>"), without writing one. */
export function auditLogProblem(path: string): string | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const exists = statSync(path, { throwIfNoEntry: false });
    if (exists?.isDirectory()) return `${path}: is a directory`;
    accessSync(exists ? path : dirname(path), constants.W_OK);
    return undefined;
  } catch (error) {
    return `${path}: ${reasonOf(error)}`;
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  // mkdir -p's answer when a part of the path exists as a file.
  EEXIST: 'a part of the path is a file, not a directory',
  ENOENT: 'no such directory',
  EDQUOT: 'disk quota exceeded',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && REASONS[code]) return REASONS[code];
  return error instanceof Error ? error.message : String(error);
}
