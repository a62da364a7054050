// The monitor never prints behind the screen: warnings and unexpected errors go to a log file.
import { appendFileSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'etcdtop');
}

export function resolveLogPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.ETCDTOP_LOG || join(defaultStateDir(env), 'etcdtop.log');
}

export function appendLog(path: string, line: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
  } catch {
    // Logging must never be the reason the monitor dies.
  }
}
