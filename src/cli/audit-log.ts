// Every operation and its result, one JSON object per line, so "who defragmented what at 03:12"
// has an answer after the incident. Written synchronously: an entry must not be lost if the
// process is killed right after the operation.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditEntry } from '../core/maintenance/execute.js';
import { appendLog, defaultStateDir } from './log-file.js';

export function resolveAuditPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.ETCDTOP_AUDIT_LOG || join(defaultStateDir(env), 'audit.log');
}

export function appendAudit(path: string, entry: AuditEntry, logPath?: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  } catch (error) {
    if (logPath) appendLog(logPath, `audit log ${path} not writable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
