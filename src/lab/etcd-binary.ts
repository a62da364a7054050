// Which etcd the lab runs: --etcd-bin, else `etcd` on PATH, else Debian's /usr/bin/etcd. A
// missing binary is the newcomer's most likely problem, so the answer is how to install one.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { ConfigProblem } from '../config/connection-config.js';

export const DEBIAN_ETCD = '/usr/bin/etcd';
export const INSTALL_HINT = "install one with 'sudo apt-get install etcd-server', or pass --etcd-bin PATH";

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface BinarySearch {
  /** --etcd-bin: when given, the only candidate. */
  flag?: string;
  pathEnv?: string;
  isExecutable?: (path: string) => boolean;
}

export type BinaryResult = { ok: true; path: string } | { ok: false; problem: ConfigProblem };

export function findEtcdBinary(search: BinarySearch): BinaryResult {
  const isExecutable = search.isExecutable ?? isExecutableFile;
  if (search.flag !== undefined) {
    // Absolute, so that spawn runs this very file rather than searching PATH for a bare name.
    const path = resolve(search.flag);
    return isExecutable(path)
      ? { ok: true, path }
      : { ok: false, problem: { message: `--etcd-bin ${search.flag}: no executable file there`, hint: INSTALL_HINT } };
  }
  const onPath = (search.pathEnv ?? '').split(delimiter).filter((dir) => dir !== '').map((dir) => join(dir, 'etcd'));
  const found = [...onPath, DEBIAN_ETCD].find(isExecutable);
  return found
    ? { ok: true, path: found }
    : { ok: false, problem: { message: `no etcd binary found (looked on PATH and at ${DEBIAN_ETCD})`, hint: INSTALL_HINT } };
}

/** "3.4.23" from `etcd --version`; a problem when the file does not answer like etcd. */
export function etcdVersion(path: string, timeoutMs = 10_000): Promise<{ ok: true; version: string } | { ok: false; problem: ConfigProblem }> {
  return new Promise((resolve) => {
    execFile(path, ['--version'], { timeout: timeoutMs }, (error, stdout) => {
      const version = /etcd Version:\s*(\S+)/.exec(String(stdout))?.[1];
      if (!error && version) resolve({ ok: true, version });
      else resolve({ ok: false, problem: { message: `${path} does not answer 'etcd --version' like etcd`, hint: INSTALL_HINT } });
    });
  });
}
